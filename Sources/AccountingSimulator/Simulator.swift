import AccountingKit
import Logging

/// Why a simulation could not start.
public enum SimulationError: Error, CustomStringConvertible, Equatable {
  case noInventory(String)
  case notReferenceInventory(String)

  public var description: String {
    switch self {
    case .noInventory(let schema):
      return
        "the inventory schema \(schema) has no reference inventory tables: run accounting install --with-inventory first"
    case .notReferenceInventory(let schema):
      return
        "\(schema) is not a reference inventory created by accounting install --with-inventory: simulate writes made-up, billable resources into it; pass --any-inventory to do it anyway"
    }
  }
}

/// The workload generator: writes a realistic cloud into the reference inventory through plain
/// SQL (prepared statements, values as parameters), so that the accounting triggers do the
/// accounting, moving the session clock (`SET TIMESTAMP`) over the simulated days.
///
/// First the setup, at the start time: datacenters, racks (the first of each datacenter HA),
/// physical machines with their hypervisors (some reserved), cost codes, hardware profiles,
/// storage tiers, enterprises, VDCs, vApps, repositories, templates and conversions, VMs (most
/// deployed), volumes, public networks with their IP pools, private VLANs, written in bulk with
/// multi-row INSERTs of up to 1,000 rows. Then the activity, one operation at a time in time
/// order: VMs created, deployed, powered off and on, paused, passed through LOCKED or UNKNOWN,
/// resized, moved, undeployed, deleted (volumes detached first) and switched between managed and
/// imported; vApps created and moved; volumes created, resized, re-tiered, attached, detached and
/// deleted; public IPs allocated and released; private VLANs created and deleted; machines
/// reserved and unreserved; racks' HA toggled; images created, converted (ENQUEUED, then FINISHED
/// or FAILED), re-coded and deleted (conversions first); renames, some with quotes and non-ASCII.
///
/// Deterministic: the same options on the same inventory give the same operations and rows
/// (SplitMix64 seeded by `seed`; ids allocated from the tables' current maxima; no dictionary is
/// ever iterated). The connection must not be in a transaction; the session clock is put back to
/// the server's at the end.
public struct Simulator {
  public let db: Connection
  public let names: SchemaNames
  public let options: SimulationOptions
  public let logger: Logger

  public init(
    db: Connection, names: SchemaNames, options: SimulationOptions,
    logger: Logger = Logger(label: "accounting.simulate")
  ) {
    self.db = db
    self.names = names
    self.options = options
    self.logger = logger
  }

  /// Runs the whole simulation; `progress` is called every `progressIntervalSeconds` of wall time.
  public func run(progress: ((SimulationProgress) -> Void)? = nil) throws -> SimulationResult {
    try options.validate()
    let present = try db.query(
      """
      SELECT COUNT(*) FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN ('virtualmachine', 'rasd_management', 'ip_pool_management')
      """, [.text(names.inventory)])
    guard present.first?[0].int == 3 else { throw SimulationError.noInventory(names.inventory) }
    if !options.anyInventory {
      // Made-up resources in a real cloud's inventory would be billed: only into ours.
      let ours = try db.scalar(
        """
        SELECT COUNT(*) FROM information_schema.TABLES t
         WHERE t.TABLE_SCHEMA = ? AND t.TABLE_NAME = 'install_object'
        """, [.text(names.accounting)]
      ).int == 1
      let recorded =
        ours
        ? try db.scalar(
          "SELECT COUNT(*) FROM \(quoteIdent(names.accounting)).install_object WHERE kind = 'inventory' AND name = 'virtualmachine'"
        ).int ?? 0 : 0
      let reference = recorded == 1
      guard reference else { throw SimulationError.notReferenceInventory(names.inventory) }
    }
    let triggers = try db.scalar(
      "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? AND EVENT_OBJECT_TABLE = 'virtualmachine'",
      [.text(names.inventory)])
    if triggers.int == 0 {
      logger.warning(
        "no triggers on \(names.inventory).virtualmachine: the simulation will not be accounted")
    }
    let engine = SimulationEngine(db: db, names: names, options: options, progress: progress)
    defer { engine.writer.close() }
    let result = try engine.run()
    for (kind, seconds) in engine.kindSeconds.sorted(by: { $0.value > $1.value }) {
      let n = result.counts[kind] ?? 0
      logger.debug(
        "\(kind.rawValue): \(n) operations, \(Int(seconds * 1000)) ms, \(n > 0 ? Int(seconds * 1_000_000) / n : 0) µs each"
      )
    }
    return result
  }
}

// MARK: - The engine

private enum VMClass: Int, CaseIterable {
  case on, off, paused, locked, undeployed

  init(_ state: String) {
    switch state {
    case "ON": self = .on
    case "OFF": self = .off
    case "PAUSED": self = .paused
    case "LOCKED", "UNKNOWN": self = .locked
    default: self = .undeployed
    }
  }
}

private struct SimDC {
  let id: Int
  let index: Int
  var repository = 0
  var publicNetwork = 0
  var hypervisors: [Int] = []
  var vdcs: [Int] = []
  var nextIP = 0
}

private struct SimEnterprise {
  let id: Int
  var vdcs: [Int] = []
  var vapps: [Int] = []
  var templates: [Int] = []
  var images: [Int] = []
}

private struct SimVDC {
  let id: Int
  let enterprise: Int
  let dc: Int
  var vapps: [Int] = []
}

private struct SimVApp {
  let id: Int
  var vdc: Int
  let enterprise: Int
}

private struct SimImage {
  let id: Int
  let enterprise: Int?
  let master: Int?
  let size: Int64
  var vmRefs = 0
  var conversions: [Int] = []
}

private struct SimVM {
  let id: Int
  let enterprise: Int
  var vapp: Int
  var hypervisor: Int?
  var image: Int?
  var state: String
  var managed: Bool
  /// Has an open accounting interval, by the contract (kept only for the summary).
  var deployed = false
  /// The state before a LOCKED/UNKNOWN pass, for the unlock.
  var lockedFrom: String?
  var volumes: [Int] = []
}

private struct SimVolume {
  let id: Int
  var vdc: Int
  var vapp: Int?
  var vm: Int?
}

private struct SimConversion {
  let id: Int
  let image: Int
  var state: String
}

private enum FollowUp {
  case unlock(vm: Int)
  case deploy(vm: Int)
  case finishConversion(Int)
}

/// A min-heap of follow-ups by (time, sequence): equal times keep their scheduling order.
private struct Agenda {
  private var heap: [(time: Int64, seq: Int, item: FollowUp)] = []
  private var seq = 0

  var first: Int64? { heap.first?.time }

  private static func less(
    _ a: (time: Int64, seq: Int, item: FollowUp), _ b: (time: Int64, seq: Int, item: FollowUp)
  )
    -> Bool
  { a.time != b.time ? a.time < b.time : a.seq < b.seq }

  mutating func push(_ time: Int64, _ item: FollowUp) {
    seq += 1
    heap.append((time, seq, item))
    var i = heap.count - 1
    while i > 0 {
      let p = (i - 1) / 2
      guard Self.less(heap[i], heap[p]) else { break }
      heap.swapAt(i, p)
      i = p
    }
  }

  mutating func pop() -> (Int64, FollowUp)? {
    guard !heap.isEmpty else { return nil }
    let top = heap[0]
    let last = heap.removeLast()
    if !heap.isEmpty {
      heap[0] = last
      var i = 0
      while true {
        let l = 2 * i + 1
        let r = l + 1
        var m = i
        if l < heap.count && Self.less(heap[l], heap[m]) { m = l }
        if r < heap.count && Self.less(heap[r], heap[m]) { m = r }
        if m == i { break }
        heap.swapAt(i, m)
        i = m
      }
    }
    return (top.time, top.item)
  }
}

private let hypervisorTypes = ["KVM", "VMX_04", "HYPERV_301"]
private let diskFormats = ["RAW", "VMDK_FLAT", "QCOW2_SPARSE", "VHD_SPARSE"]
private let datacenterNames = [
  ("Barcelona", "eu-south"), ("Zürich", "eu-central"), ("São Paulo", "sa-east"),
  ("Dublin", "eu-west"),
  ("Frankfurt", "eu-central-2"), ("Tokyo 東京", "ap-northeast"), ("Virginia", "us-east"),
  ("Singapore", "ap-southeast"),
]
private let enterpriseNames = [
  "Acme Corp", "O'Reilly & Søn", "Müller \"Cloud\" GmbH", "東京クラウド株式会社", "Globex", "Initech",
  "Société d'Ingénierie", "Umbrella", "Stark Industries", "Björk 🚀 Labs", "Ωmega Ltd",
  "Wayne Enterprises",
]
private let vmPrefixes = ["web", "db", "cache", "worker", "api", "batch", "ci-runner", "mail"]
private let exoticNames = [
  "l'été", "naïve \"copy\"", "Straße 5", "日本語の名前", "emoji 🎉", "back\\slash", "semi;colon",
  "percent % and _underscore", "O'Brien's", "Ñandú",
]
private let costCodeNames = ["Standard", "Windows licence", "RHEL 'premium'", "GPU — ñ"]
private let tierNames = ["Gold", "Silver", "Bronze ❄"]
private let profiles: [(name: String, cpu: Int, ram: Int)] = [
  ("small", 1, 2048), ("medium", 2, 4096), ("large", 4, 8192), ("xlarge", 8, 16384),
  ("Ñandú 'huge'", 16, 65536),
]
private let volumeSizesMB = [1024, 1500, 5120, 10240, 51200, 102_400, 512_000, 1_048_576]

private func v(_ x: Int?) -> SQLValue { x.map { .int(Int64($0)) } ?? .null }
private func v(_ x: Int) -> SQLValue { .int(Int64(x)) }
private func v(_ x: Int64) -> SQLValue { .int(x) }
private func t(_ s: String?) -> SQLValue { s.map { .text($0) } ?? .null }

private final class SimulationEngine {
  let db: Connection
  let names: SchemaNames
  let options: SimulationOptions
  let progress: ((SimulationProgress) -> Void)?
  let writer: InventoryWriter
  var rng: SplitMix64

  // the log
  var log: [SimulatedOperation] = []
  var counts: [SimulatedOperation.Kind: Int] = [:]
  var operations = 0
  var now: Int64
  var inTransaction = false
  var sinceCommit = 0
  /// Wall-clock seconds spent per kind (for `--verbose`: which operations the triggers make slow).
  var kindSeconds: [SimulatedOperation.Kind: Double] = [:]

  // progress
  let clock = ContinuousClock()
  let started: ContinuousClock.Instant
  var lastReport: ContinuousClock.Instant
  var setupDetail: String?

  // ids
  var nextID: [InventoryTable: Int] = [:]

  // the cloud
  var datacenters: [SimDC] = []
  var racks: [(id: Int, ha: Bool)] = []
  var pms: [Int] = []
  var reservedPMs = IDPool()
  var freePMs = IDPool()
  var costCodes: [Int] = []
  var hardwareProfiles: [Int] = []
  var tiers: [Int] = []
  var enterprises: [SimEnterprise] = []
  var enterpriseIndex: [Int: Int] = [:]
  var vdcs: [Int: SimVDC] = [:]
  var vdcList: [Int] = []
  var vapps: [Int: SimVApp] = [:]
  var vappList = IDPool()
  var images: [Int: SimImage] = [:]
  var allImages = IDPool()
  var instanceImages = IDPool()
  var conversions: [Int: SimConversion] = [:]
  var vms: [Int: SimVM] = [:]
  var allVMs = IDPool()
  var vmPools = Array(repeating: IDPool(), count: VMClass.allCases.count)
  var importedVMs = IDPool()
  var vmsOfVDC: [Int: IDPool] = [:]
  var vmsOfVApp: [Int: IDPool] = [:]
  var volumes: [Int: SimVolume] = [:]
  var allVolumes = IDPool()
  var attachedVolumes = IDPool()
  var detachedVolumes = IDPool()
  var volumesOfVApp: [Int: IDPool] = [:]
  var ipDC: [Int: Int] = [:]
  var freeIPs: [Int: IDPool] = [:]
  var allocatedIPs = IDPool()
  var allVLANs = IDPool()
  var deletableVLANs = IDPool()
  var agenda = Agenda()
  var renames = 0

  init(
    db: Connection, names: SchemaNames, options: SimulationOptions,
    progress: ((SimulationProgress) -> Void)?
  ) {
    self.db = db
    self.names = names
    self.options = options
    self.progress = progress
    writer = InventoryWriter(db: db, inventory: names.inventory)
    rng = SplitMix64(seed: options.seed)
    now = options.start
    started = clock.now
    lastReport = started
  }

  func run() throws -> SimulationResult {
    for table in InventoryTable.allCases {
      let max = try db.scalar(
        "SELECT COALESCE(MAX(\(quoteIdent(table.primaryKey))), 0) FROM \(quoteIdent(names.inventory)).\(quoteIdent(table.rawValue))"
      )
      nextID[table] = Int(max.int ?? 0) + 1
    }
    do {
      try setup()
      try activity()
      if inTransaction { try db.run("COMMIT") }
      inTransaction = false
      try writer.resetClock()
    } catch {
      if inTransaction { _ = try? db.run("ROLLBACK") }
      _ = try? writer.resetClock()
      throw error
    }
    var deployed = 0
    for id in allVMs.ids where vms[id]!.deployed { deployed += 1 }
    return SimulationResult(
      options: options, operations: log, counts: counts, rows: writer.rows, deployedVMs: deployed,
      existingVMs: allVMs.count, elapsedSeconds: elapsed())
  }

  // MARK: Plumbing

  func allocate(_ table: InventoryTable) -> Int {
    let id = nextID[table]!
    nextID[table] = id + 1
    return id
  }

  func elapsed() -> Double {
    let d = clock.now - started
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
  }

  func report(_ phase: SimulationProgress.Phase, force: Bool = false) {
    guard let progress else { return }
    let at = clock.now
    guard force || at - lastReport >= .seconds(options.progressIntervalSeconds) else { return }
    lastReport = at
    let day = min(options.days, Int((now - options.start) / 86_400) + 1)
    progress(
      SimulationProgress(
        phase: phase, day: day, days: options.days, operations: operations, rows: writer.rows,
        elapsedSeconds: elapsed(), detail: phase == .setup ? setupDetail : nil))
  }

  /// Runs one operation's writes at `now` and logs it.
  func emit(_ kind: SimulatedOperation.Kind, _ writes: [RowWrite]) throws {
    guard !writes.isEmpty else { return }
    if !inTransaction {
      try db.run("START TRANSACTION")
      inTransaction = true
    }
    let t0 = clock.now
    try writer.setClock(now)
    for w in writes { try writer.apply(w) }
    let d = clock.now - t0
    kindSeconds[kind, default: 0] +=
      Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    record(kind, writes)
    sinceCommit += 1
    if sinceCommit >= options.operationsPerTransaction {
      try db.run("COMMIT")
      inTransaction = false
      sinceCommit = 0
    }
    if operations & 63 == 0 { report(.activity) }
  }

  func record(_ kind: SimulatedOperation.Kind, _ writes: [RowWrite]) {
    if options.keepLog { log.append(SimulatedOperation(time: now, kind: kind, writes: writes)) }
    counts[kind, default: 0] += 1
    operations += 1
  }

  /// Inserts rows of one table in multi-row statements of up to 1,000 rows (autocommit each).
  func bulk(_ writes: [RowWrite], _ what: String) throws {
    try writer.setClock(now)
    var i = 0
    while i < writes.count {
      let j = min(writes.count, i + InventoryWriter.bulkRows)
      setupDetail = "\(what) \(j) of \(writes.count)"
      try writer.insertMany(writes[i..<j])
      record(.setup, Array(writes[i..<j]))
      report(.setup)
      i = j
    }
  }

  func name(_ base: String, _ id: Int) -> String {
    rng.chance(6) ? "\(rng.pick(exoticNames)) \(base)-\(id)" : "\(base)-\(id)"
  }

  // MARK: VM bookkeeping

  func classify(_ vm: inout SimVM) {
    switch VMClass(vm.state) {
    case .on, .off, .paused: vm.deployed = vm.managed
    case .undeployed: vm.deployed = false
    case .locked: if !vm.managed { vm.deployed = false }
    }
  }

  func addVM(_ vm: SimVM) {
    var vm = vm
    classify(&vm)
    vms[vm.id] = vm
    allVMs.insert(vm.id)
    vmPools[VMClass(vm.state).rawValue].insert(vm.id)
    if !vm.managed { importedVMs.insert(vm.id) }
    vmsOfVDC[vapps[vm.vapp]!.vdc, default: IDPool()].insert(vm.id)
    vmsOfVApp[vm.vapp, default: IDPool()].insert(vm.id)
    if let image = vm.image { images[image]!.vmRefs += 1 }
  }

  func setState(_ id: Int, _ state: String) {
    var vm = vms[id]!
    vmPools[VMClass(vm.state).rawValue].remove(id)
    vm.state = state
    vmPools[VMClass(state).rawValue].insert(id)
    classify(&vm)
    vms[id] = vm
  }

  func removeVM(_ id: Int) {
    let vm = vms.removeValue(forKey: id)!
    allVMs.remove(id)
    vmPools[VMClass(vm.state).rawValue].remove(id)
    importedVMs.remove(id)
    vmsOfVDC[vapps[vm.vapp]!.vdc]?.remove(id)
    vmsOfVApp[vm.vapp]?.remove(id)
    if let image = vm.image { images[image]!.vmRefs -= 1 }
  }

  /// A VM from the given classes, drawn uniformly over their union.
  func pickVM(_ classes: [VMClass]) -> Int? {
    let sizes = classes.map { vmPools[$0.rawValue].count }
    let total = sizes.reduce(0, +)
    guard total > 0 else { return nil }
    var r = rng.below(total)
    for (c, n) in zip(classes, sizes) {
      if r < n { return vmPools[c.rawValue].ids[r] }
      r -= n
    }
    return nil
  }

  func hypervisor(forVApp vapp: Int) -> Int {
    let dc = datacenters[vdcs[vapps[vapp]!.vdc]!.dc]
    return rng.pick(dc.hypervisors)
  }

  /// Insert fields of a new VM (its hardware drawn here).
  func newVM(enterprise: Int, vapp: Int, state: String, managed: Bool) -> (SimVM, RowWrite) {
    let id = allocate(.virtualmachine)
    let ent = enterprises[enterpriseIndex[enterprise]!]
    var cpu: Int
    var ram: Int
    var profile: Int?
    if rng.chance(60) {
      let p = rng.below(profiles.count)
      (cpu, ram, profile) = (profiles[p].cpu, profiles[p].ram, hardwareProfiles[p])
    } else {
      cpu = rng.pick([1, 2, 4, 8, 16])
      ram = rng.pick([512, 1024, 2048, 3072, 4096, 8192, 16384, 32768])
    }
    var hd = Int64(rng.pick([10, 20, 40, 80, 100, 250, 500])) * 1_073_741_824
    if rng.chance(5) { hd += Int64(rng.int(1...999_999)) }
    let image = !ent.images.isEmpty && rng.chance(80) ? rng.pick(ent.images) : nil
    let deployedState = ["ON", "OFF", "PAUSED", "LOCKED", "UNKNOWN"].contains(state)
    let hv = deployedState ? hypervisor(forVApp: vapp) : nil
    let layer: String? =
      rng.chance(10) ? rng.pick(["layer-a", "anti-affinity 'web'", "capa ñ"]) : nil
    let vm = SimVM(
      id: id, enterprise: enterprise, vapp: vapp, hypervisor: hv, image: image, state: state,
      managed: managed)
    let write = RowWrite.insert(
      .virtualmachine, id,
      [
        Field("name", .text(name(rng.pick(vmPrefixes), id))),
        Field("description", rng.chance(30) ? .text("created by the simulation") : .null),
        Field("idEnterprise", v(enterprise)), Field("idVirtualApp", v(vapp)),
        Field("idHypervisor", v(hv)),
        Field("idImage", v(image)), Field("idHardwareProfile", v(profile)), Field("cpu", v(cpu)),
        Field("ram", v(ram)), Field("hd", v(hd)), Field("state", .text(state)),
        Field("layer", t(layer)),
        Field("idType", v(managed ? 1 : 0)),
        Field("providerId", rng.chance(80) ? .text("i-\(String(id, radix: 16))") : .null),
      ])
    return (vm, write)
  }

  func newVolume(vdc: Int, vm: Int?) -> (SimVolume, RowWrite) {
    let id = allocate(.rasdManagement)
    var vapp: Int? = vm.map { vms[$0]!.vapp }
    if vm == nil, !vdcs[vdc]!.vapps.isEmpty, rng.chance(20) { vapp = rng.pick(vdcs[vdc]!.vapps) }
    var size = rng.pick(volumeSizesMB)
    if rng.chance(2) { size = 67_108_864 }  // 64 TB: bytes x seconds outgrow BIGINT within a day
    let tier: Int? = rng.chance(90) ? rng.pick(tiers) : nil
    let write = RowWrite.insert(
      .rasdManagement, id,
      [
        Field("idResourceType", .text("8")), Field("idVirtualDataCenter", v(vdc)),
        Field("idVirtualApp", v(vapp)),
        Field("idVM", v(vm)), Field("name", .text(name("disk", id))), Field("sizeMB", v(size)),
        Field("idTier", v(tier)),
      ])
    return (SimVolume(id: id, vdc: vdc, vapp: vapp, vm: vm), write)
  }

  func addVolume(_ vol: SimVolume) {
    volumes[vol.id] = vol
    allVolumes.insert(vol.id)
    if let vm = vol.vm {
      attachedVolumes.insert(vol.id)
      vms[vm]!.volumes.append(vol.id)
    } else {
      detachedVolumes.insert(vol.id)
    }
    if let vapp = vol.vapp { volumesOfVApp[vapp, default: IDPool()].insert(vol.id) }
  }

  /// Writes that detach a volume (and its bookkeeping).
  func detach(_ id: Int) -> RowWrite {
    var vol = volumes[id]!
    if let vm = vol.vm { vms[vm]!.volumes.removeAll { $0 == id } }
    if let vapp = vol.vapp { volumesOfVApp[vapp]?.remove(id) }
    vol.vm = nil
    vol.vapp = nil
    volumes[id] = vol
    attachedVolumes.remove(id)
    detachedVolumes.insert(id)
    return .update(.rasdManagement, id, [Field("idVM", .null), Field("idVirtualApp", .null)])
  }

  func newImage(enterprise: Int?, dc: Int, master: Int?) -> (SimImage, RowWrite) {
    let id = allocate(.virtualimage)
    let size = Int64(rng.int(1...20)) * 1_073_741_824 + Int64(rng.int(0...1_048_575))
    let cost: Int? = rng.chance(50) ? rng.pick(costCodes) : nil
    let base =
      master == nil ? rng.pick(["debian", "ubuntu", "windows-2022", "rhel", "alpine"]) : "snapshot"
    let write = RowWrite.insert(
      .virtualimage, id,
      [
        Field("idEnterprise", v(enterprise)), Field("idRepository", v(datacenters[dc].repository)),
        Field("name", .text(name(base, id))), Field("diskFormatType", .text(rng.pick(diskFormats))),
        Field("diskFileSize", v(size)), Field("cost_code", v(cost)), Field("idMaster", v(master)),
        Field("available", v(1)),
      ])
    return (SimImage(id: id, enterprise: enterprise, master: master, size: size), write)
  }

  func newConversion(image: Int, state: String) -> (SimConversion, RowWrite) {
    let id = allocate(.virtualimageConversion)
    let size = images[image]!.size + Int64(rng.int(0...536_870_912))
    let write = RowWrite.insert(
      .virtualimageConversion, id,
      [
        Field("idImage", v(image)), Field("targetType", .text(rng.pick(diskFormats))),
        Field("size", v(size)),
        Field("state", .text(state)),
      ])
    return (SimConversion(id: id, image: image, state: state), write)
  }

  func addConversion(_ c: SimConversion) {
    conversions[c.id] = c
    images[c.image]!.conversions.append(c.id)
  }

  // MARK: Setup

  func setup() throws {
    now = options.start
    let nVMs = options.vms
    let nDC = min(datacenterNames.count, 2 + options.enterprises / 50)

    // datacenters
    var rows: [RowWrite] = []
    for i in 0..<nDC {
      let id = allocate(.datacenter)
      datacenters.append(SimDC(id: id, index: i))
      rows.append(
        .insert(
          .datacenter, id,
          [
            Field("name", .text(datacenterNames[i].0)),
            Field("region", .text(datacenterNames[i].1)),
          ]))
    }
    try bulk(rows, "datacenters")

    // enterprises
    rows = []
    for i in 0..<options.enterprises {
      let id = allocate(.enterprise)
      enterpriseIndex[id] = enterprises.count
      enterprises.append(SimEnterprise(id: id))
      let base = enterpriseNames[i % enterpriseNames.count]
      let ename = i < enterpriseNames.count ? base : "\(base) \(i / enterpriseNames.count + 1)"
      rows.append(
        .insert(
          .enterprise, id,
          [
            Field("name", .text(ename)),
            Field("internal_customer_id", rng.chance(75) ? .text("ACC-\(1000 + id)") : .null),
          ]))
    }
    try bulk(rows, "enterprises")

    // racks: about 16 machines each (at least three per datacenter), the first one HA
    let perDC = max(2, (nVMs / 20 + nDC - 1) / nDC) + 3
    let racksPerDC = max(3, perDC / 16)
    rows = []
    var racksOfDC: [[Int]] = Array(repeating: [], count: nDC)
    for dc in 0..<nDC {
      for r in 0..<racksPerDC {
        let id = allocate(.rack)
        racks.append((id, r == 0))
        racksOfDC[dc].append(id)
        rows.append(
          .insert(
            .rack, id,
            [
              Field("idDataCenter", v(datacenters[dc].id)),
              Field("name", .text("rack-\(dc + 1)-\(r + 1)")),
              Field("haEnabled", v(r == 0 ? 1 : 0)),
            ]
          ))
      }
    }
    try bulk(rows, "racks")

    // physical machines, each with a hypervisor; one in eight without a rack; some reserved
    rows = []
    var hypervisorRows: [RowWrite] = []
    for dc in 0..<nDC {
      for k in 0..<perDC {
        let id = allocate(.physicalmachine)
        pms.append(id)
        let rack: Int? = k % 8 == 7 ? nil : racksOfDC[dc][k % racksPerDC]
        let reserved: Int? = rng.chance(10) ? rng.pick(enterprises).id : nil
        if reserved != nil { reservedPMs.insert(id) } else { freePMs.insert(id) }
        rows.append(
          .insert(
            .physicalmachine, id,
            [
              Field("idDataCenter", v(datacenters[dc].id)), Field("idRack", v(rack)),
              Field("name", .text(name("pm", id))),
              Field("cpu", v(rng.pick([16, 32, 64, 128]))),
              Field("ram", v(rng.pick([65536, 131_072, 262_144, 524_288]))),
              Field("idEnterprise", v(reserved)),
            ]))
        let hv = allocate(.hypervisor)
        datacenters[dc].hypervisors.append(hv)
        hypervisorRows.append(
          .insert(
            .hypervisor, hv,
            [Field("idPhysicalMachine", v(id)), Field("type", .text(rng.pick(hypervisorTypes)))]))
      }
    }
    try bulk(rows, "physical machines")
    try bulk(hypervisorRows, "hypervisors")

    // cost codes, hardware profiles, storage tiers
    rows = costCodeNames.map {
      let id = allocate(.costcode)
      costCodes.append(id)
      return .insert(.costcode, id, [Field("name", .text($0))])
    }
    try bulk(rows, "cost codes")
    rows = profiles.map {
      let id = allocate(.hardwareprofile)
      hardwareProfiles.append(id)
      return .insert(
        .hardwareprofile, id,
        [Field("name", .text($0.name)), Field("cpu", v($0.cpu)), Field("ram", v($0.ram))])
    }
    try bulk(rows, "hardware profiles")
    rows = tierNames.map {
      let id = allocate(.storageTier)
      tiers.append(id)
      return .insert(.storageTier, id, [Field("name", .text($0))])
    }
    try bulk(rows, "storage tiers")

    // VDCs: one to three per enterprise
    rows = []
    for e in enterprises.indices {
      for _ in 0..<rng.int(1...3) {
        let id = allocate(.virtualdatacenter)
        let dc = rng.below(nDC)
        vdcs[id] = SimVDC(id: id, enterprise: enterprises[e].id, dc: dc)
        vdcList.append(id)
        enterprises[e].vdcs.append(id)
        datacenters[dc].vdcs.append(id)
        rows.append(
          .insert(
            .virtualdatacenter, id,
            [
              Field("idEnterprise", v(enterprises[e].id)),
              Field("idDataCenter", v(datacenters[dc].id)),
              Field("name", .text(name(rng.pick(["prod", "dev", "staging"]), id))),
              Field("hypervisorType", .text(rng.pick(hypervisorTypes))),
            ]))
      }
    }
    try bulk(rows, "VDCs")

    // vApps
    rows = []
    let perVDC = max(1, nVMs / (vdcList.count * 8))
    for vdc in vdcList {
      for _ in 0..<(perVDC + rng.int(0...1)) {
        rows.append(addVApp(vdc: vdc))
      }
    }
    try bulk(rows, "vApps")

    // repositories, one per datacenter
    rows = []
    for dc in 0..<nDC {
      let id = allocate(.repository)
      datacenters[dc].repository = id
      rows.append(
        .insert(
          .repository, id,
          [Field("idDataCenter", v(datacenters[dc].id)), Field("name", .text("repo-\(dc + 1)"))]))
    }
    try bulk(rows, "repositories")

    // templates: a public one per datacenter (no enterprise: not accounted), three per enterprise
    rows = []
    for dc in 0..<nDC {
      let (image, write) = newImage(enterprise: nil, dc: dc, master: nil)
      images[image.id] = image
      allImages.insert(image.id)
      rows.append(write)
    }
    for e in enterprises.indices {
      let dc = vdcs[enterprises[e].vdcs[0]]!.dc
      for _ in 0..<3 {
        let (image, write) = newImage(enterprise: enterprises[e].id, dc: dc, master: nil)
        images[image.id] = image
        allImages.insert(image.id)
        enterprises[e].templates.append(image.id)
        enterprises[e].images.append(image.id)
        rows.append(write)
      }
    }
    try bulk(rows, "images")

    // conversions: some finished, a few still queued (finished during the activity)
    rows = []
    for id in allImages.ids where rng.chance(50) {
      let queued = rng.chance(20)
      let (c, write) = newConversion(image: id, state: queued ? "ENQUEUED" : "FINISHED")
      addConversion(c)
      rows.append(write)
      if queued { agenda.push(now + Int64(rng.int(60...7200)), .finishConversion(c.id)) }
    }
    try bulk(rows, "conversions")

    // VMs
    rows = []
    let allVApps = vappList.ids
    for _ in 0..<nVMs {
      let vapp = rng.pick(allVApps)
      let state = ["ON", "OFF", "PAUSED", "NOT_ALLOCATED", "CONFIGURED", "LOCKED"][
        rng.weighted([70, 12, 5, 8, 2, 3])]
      let (vm, write) = newVM(
        enterprise: vapps[vapp]!.enterprise, vapp: vapp, state: state, managed: !rng.chance(4))
      addVM(vm)
      rows.append(write)
      if state == "LOCKED" {
        vms[vm.id]!.lockedFrom = "NOT_ALLOCATED"
        agenda.push(now + Int64(rng.int(60...3600)), .unlock(vm: vm.id))
      }
    }
    try bulk(rows, "VMs")

    // external volumes: half as many as VMs, most attached
    rows = []
    for _ in 0..<max(1, nVMs / 2) {
      let attachTo: Int? = rng.chance(60) ? allVMs.random(&rng) : nil
      let vdc = attachTo.map { vapps[vms[$0]!.vapp]!.vdc } ?? rng.pick(vdcList)
      let (vol, write) = newVolume(vdc: vdc, vm: attachTo)
      addVolume(vol)
      rows.append(write)
    }
    try bulk(rows, "volumes")

    // networks: a public one per datacenter (no VDC), a private VLAN per VDC
    rows = []
    for dc in 0..<nDC {
      let id = allocate(.vlanNetwork)
      datacenters[dc].publicNetwork = id
      rows.append(
        .insert(
          .vlanNetwork, id,
          [
            Field("network_name", .text("public-\(dc + 1)")), Field("networktype", .text("PUBLIC")),
            Field("idVirtualDataCenter", .null),
          ]))
    }
    var privateNetwork: [Int: Int] = [:]
    for vdc in vdcList {
      let id = allocate(.vlanNetwork)
      privateNetwork[vdc] = id
      allVLANs.insert(id)
      rows.append(
        .insert(
          .vlanNetwork, id,
          [
            Field("network_name", .text("default_private_network")),
            Field("networktype", .text("INTERNAL")), Field("idVirtualDataCenter", v(vdc)),
          ]))
    }
    try bulk(rows, "networks")

    // IPs: a public pool per datacenter, a third of it allocated; one private IP per VDC (not accounted)
    rows = []
    let poolSize = (nVMs * 6 / 10) / nDC + 16
    for dc in 0..<nDC {
      for _ in 0..<poolSize {
        let id = allocate(.ipPoolManagement)
        let n = datacenters[dc].nextIP
        datacenters[dc].nextIP += 1
        ipDC[id] = dc
        let vdc: Int? =
          !datacenters[dc].vdcs.isEmpty && rng.chance(33) ? rng.pick(datacenters[dc].vdcs) : nil
        if vdc != nil { allocatedIPs.insert(id) } else { freeIPs[dc, default: IDPool()].insert(id) }
        rows.append(
          .insert(
            .ipPoolManagement, id,
            [
              Field("vlan_network_id", v(datacenters[dc].publicNetwork)),
              Field("ip", .text("100.\(64 + dc).\(n / 256).\(n % 256)")),
              Field(
                "mac",
                rng.chance(50)
                  ? .text("02:00:00:\(hex2(dc)):\(hex2(n / 256)):\(hex2(n % 256))") : .null),
              Field("idVirtualDataCenter", v(vdc)),
            ]))
      }
    }
    for vdc in vdcList {
      let id = allocate(.ipPoolManagement)
      rows.append(
        .insert(
          .ipPoolManagement, id,
          [
            Field("vlan_network_id", v(privateNetwork[vdc]!)), Field("ip", .text("192.168.0.2")),
            Field("mac", .null),
            Field("idVirtualDataCenter", v(vdc)),
          ]))
    }
    try bulk(rows, "IPs")
    setupDetail = nil
  }

  func hex2(_ x: Int) -> String {
    let s = String(x & 0xFF, radix: 16)
    return s.count == 1 ? "0" + s : s
  }

  /// A new vApp in a VDC (bookkeeping), and its insert.
  func addVApp(vdc: Int) -> RowWrite {
    let id = allocate(.virtualapp)
    let ent = vdcs[vdc]!.enterprise
    vapps[id] = SimVApp(id: id, vdc: vdc, enterprise: ent)
    vappList.insert(id)
    vdcs[vdc]!.vapps.append(id)
    enterprises[enterpriseIndex[ent]!].vapps.append(id)
    return .insert(
      .virtualapp, id,
      [
        Field("idVirtualDataCenter", v(vdc)), Field("idEnterprise", v(ent)),
        Field("name", .text(name(rng.pick(["shop", "erp", "crm", "analytics", "intranet"]), id))),
      ])
  }

  // MARK: Activity

  /// The deck of activity kinds: each appears `weight` times per shuffled round, so that every
  /// kind's share is steady even in a short run (the demo has each at least 10 times).
  static let weights: [(SimulatedOperation.Kind, Int)] = [
    (.powerOff, 8), (.powerOn, 8), (.pause, 4), (.lock, 5), (.resizeVM, 6), (.describeVM, 2),
    (.moveVM, 4),
    (.undeployVM, 3), (.deleteVM, 3), (.createVM, 5), (.deployVM, 3), (.changeVMType, 2),
    (.createVApp, 2), (.moveVApp, 2),
    (.createVolume, 4), (.resizeVolume, 3), (.retierVolume, 2), (.attachVolume, 3),
    (.detachVolume, 3), (.deleteVolume, 3),
    (.allocateIP, 4), (.releaseIP, 3), (.createVLAN, 2), (.deleteVLAN, 2),
    (.reservePM, 2), (.unreservePM, 2), (.toggleRackHA, 2),
    (.createImage, 2), (.convertImage, 3), (.changeCostCode, 2), (.deleteImage, 2),
    (.rename, 5),
  ]

  /// Operator actions that re-snapshot every deployed VM below them (a rack's HA, an image's cost
  /// code: set-based, some milliseconds each at benchmark sizes) are rare in a real cloud: at most
  /// this many each (8 a simulated day, at least 15).
  var rareCap: Int { max(15, 8 * options.days) }

  func activity() throws {
    let total = options.operationsPerDay * options.days
    var deck: [SimulatedOperation.Kind] = []
    let end = options.end
    // Deck times: gaps uniform in [0, 2 x mean], in microseconds so that dense runs spread too.
    let span = (end - options.start - 1) * 1_000_000
    let meanGap = total > 0 ? span / Int64(total) : span
    var micro: Int64 = 1_000_000
    var nextDeck: Int64? = total > 0 ? options.start + 1 : nil
    var drawn = 0
    while true {
      let followUpTime = agenda.first.flatMap { $0 < end ? $0 : nil }
      if let d = nextDeck, followUpTime == nil || d < followUpTime! {
        now = d
        if deck.isEmpty {
          for (kind, weight) in Self.weights {
            deck.append(contentsOf: Array(repeating: kind, count: weight))
          }
          rng.shuffle(&deck)
        }
        // An inapplicable kind (nothing to release, say) gives way to the next card.
        for _ in 0..<8 {
          let kind = deck.removeLast()
          if deck.isEmpty {
            for (k, w) in Self.weights { deck.append(contentsOf: Array(repeating: k, count: w)) }
            rng.shuffle(&deck)
          }
          if try attempt(kind) { break }
        }
        drawn += 1
        micro += Int64(rng.below(Int(2 * meanGap + 1)))
        let next = options.start + micro / 1_000_000
        nextDeck = drawn < total && next < end ? next : nil
      } else if let at = followUpTime {
        let (_, item) = agenda.pop()!
        now = at
        try followUp(item)
      } else {
        break
      }
    }
    report(.activity, force: true)
  }

  /// Performs one operation of `kind` at `now`; false when nothing qualifies.
  func attempt(_ kind: SimulatedOperation.Kind) throws -> Bool {
    switch kind {
    case .setup: return false
    case .powerOff:
      guard let id = pickVM([.on]) else { return false }
      return try changeState(.powerOff, id, "OFF")
    case .powerOn:
      guard let id = pickVM([.off, .paused]) else { return false }
      return try changeState(.powerOn, id, "ON")
    case .pause:
      guard let id = pickVM([.on]) else { return false }
      return try changeState(.pause, id, "PAUSED")
    case .lock:
      guard let id = pickVM([.on, .off, .paused]) else { return false }
      vms[id]!.lockedFrom = vms[id]!.state
      let state = rng.chance(30) ? "UNKNOWN" : "LOCKED"
      // One in twenty unlocks in the same second: a zero-length interval when it changes the power state.
      let delay = rng.chance(5) ? 0 : Int64(rng.int(30...3600))
      agenda.push(now + delay, .unlock(vm: id))
      return try changeState(.lock, id, state)
    case .resizeVM: return try resizeVM()
    case .describeVM:
      guard let id = pickVM([.on, .off, .paused, .undeployed]) else { return false }
      try emit(
        .describeVM,
        [.update(.virtualmachine, id, [Field("description", .text("note \(operations)"))])])
      return true
    case .moveVM: return try moveVM()
    case .undeployVM:
      guard let id = pickVM([.on, .off, .paused]) else { return false }
      vms[id]!.hypervisor = nil
      setState(id, rng.pick(["NOT_ALLOCATED", "NOT_ALLOCATED", "ALLOCATED", "CONFIGURED"]))
      try emit(
        .undeployVM,
        [
          .update(
            .virtualmachine, id,
            [Field("state", .text(vms[id]!.state)), Field("idHypervisor", .null)])
        ])
      return true
    case .deleteVM: return try deleteVM()
    case .createVM: return try createVM()
    case .deployVM:
      guard let id = pickVM([.undeployed]) else { return false }
      return try deploy(id)
    case .changeVMType: return try changeVMType()
    case .createVApp:
      try emit(.createVApp, [addVApp(vdc: rng.pick(vdcList))])
      return true
    case .moveVApp: return try moveVApp()
    case .createVolume:
      let vdc = rng.pick(vdcList)
      let vm: Int? = rng.chance(50) ? vmsOfVDC[vdc]?.random(&rng) : nil
      let (vol, write) = newVolume(vdc: vdc, vm: vm)
      addVolume(vol)
      try emit(.createVolume, [write])
      return true
    case .resizeVolume:
      guard let id = allVolumes.random(&rng) else { return false }
      let size = rng.chance(80) ? rng.pick(volumeSizesMB) * rng.int(1...4) : rng.int(100...2000)
      try emit(.resizeVolume, [.update(.rasdManagement, id, [Field("sizeMB", v(size))])])
      return true
    case .retierVolume:
      guard let id = allVolumes.random(&rng) else { return false }
      try emit(
        .retierVolume,
        [.update(.rasdManagement, id, [Field("idTier", v(rng.chance(90) ? rng.pick(tiers) : nil))])]
      )
      return true
    case .attachVolume:
      for _ in 0..<4 {
        guard let id = detachedVolumes.random(&rng) else { return false }
        var vol = volumes[id]!
        guard let vm = vmsOfVDC[vol.vdc]?.random(&rng) else { continue }
        if let old = vol.vapp { volumesOfVApp[old]?.remove(id) }
        vol.vm = vm
        vol.vapp = vms[vm]!.vapp
        volumes[id] = vol
        volumesOfVApp[vol.vapp!, default: IDPool()].insert(id)
        vms[vm]!.volumes.append(id)
        detachedVolumes.remove(id)
        attachedVolumes.insert(id)
        try emit(
          .attachVolume,
          [
            .update(
              .rasdManagement, id, [Field("idVM", v(vm)), Field("idVirtualApp", v(vol.vapp))])
          ])
        return true
      }
      return false
    case .detachVolume:
      guard let id = attachedVolumes.random(&rng) else { return false }
      try emit(.detachVolume, [detach(id)])
      return true
    case .deleteVolume:
      guard let id = allVolumes.random(&rng) else { return false }
      var writes: [RowWrite] = []
      // Usually detached first, in the same second (a zero-length interval for the audit trail).
      if volumes[id]!.vm != nil && rng.chance(70) { writes.append(detach(id)) }
      let vol = volumes.removeValue(forKey: id)!
      if let vm = vol.vm { vms[vm]!.volumes.removeAll { $0 == id } }
      if let vapp = vol.vapp { volumesOfVApp[vapp]?.remove(id) }
      allVolumes.remove(id)
      attachedVolumes.remove(id)
      detachedVolumes.remove(id)
      writes.append(.delete(.rasdManagement, id))
      try emit(.deleteVolume, writes)
      return true
    case .allocateIP:
      for _ in 0..<4 {
        let vdc = rng.pick(vdcList)
        let dc = vdcs[vdc]!.dc
        guard let id = freeIPs[dc]?.random(&rng) else { continue }
        freeIPs[dc]!.remove(id)
        allocatedIPs.insert(id)
        try emit(
          .allocateIP, [.update(.ipPoolManagement, id, [Field("idVirtualDataCenter", v(vdc))])])
        return true
      }
      return false
    case .releaseIP:
      guard let id = allocatedIPs.random(&rng) else { return false }
      allocatedIPs.remove(id)
      freeIPs[ipDC[id]!, default: IDPool()].insert(id)
      try emit(.releaseIP, [.update(.ipPoolManagement, id, [Field("idVirtualDataCenter", .null)])])
      return true
    case .createVLAN:
      let id = allocate(.vlanNetwork)
      allVLANs.insert(id)
      deletableVLANs.insert(id)
      let vdc = rng.pick(vdcList)
      try emit(
        .createVLAN,
        [
          .insert(
            .vlanNetwork, id,
            [
              Field("network_name", .text(name("vlan", id))),
              Field("networktype", .text("INTERNAL")), Field("idVirtualDataCenter", v(vdc)),
            ])
        ])
      return true
    case .deleteVLAN:
      guard let id = deletableVLANs.random(&rng) else { return false }
      deletableVLANs.remove(id)
      allVLANs.remove(id)
      try emit(.deleteVLAN, [.delete(.vlanNetwork, id)])
      return true
    case .reservePM:
      // Mostly a free machine; sometimes one reserved to another enterprise changes hands.
      let id: Int
      if !reservedPMs.isEmpty && (freePMs.isEmpty || rng.chance(20)) {
        id = reservedPMs.random(&rng)!
      } else if let free = freePMs.random(&rng) {
        id = free
      } else {
        return false
      }
      freePMs.remove(id)
      reservedPMs.insert(id)
      try emit(
        .reservePM,
        [.update(.physicalmachine, id, [Field("idEnterprise", v(rng.pick(enterprises).id))])])
      return true
    case .unreservePM:
      guard let id = reservedPMs.random(&rng) else { return false }
      reservedPMs.remove(id)
      freePMs.insert(id)
      try emit(.unreservePM, [.update(.physicalmachine, id, [Field("idEnterprise", .null)])])
      return true
    case .toggleRackHA:
      guard (counts[.toggleRackHA] ?? 0) < rareCap else { return false }
      let i = rng.below(racks.count)
      racks[i].ha.toggle()
      try emit(
        .toggleRackHA, [.update(.rack, racks[i].id, [Field("haEnabled", v(racks[i].ha ? 1 : 0))])])
      return true
    case .createImage:
      let e = rng.below(enterprises.count)
      guard !enterprises[e].templates.isEmpty else { return false }
      let master = rng.pick(enterprises[e].templates)
      let dc = vdcs[enterprises[e].vdcs[0]]!.dc
      let (image, write) = newImage(enterprise: enterprises[e].id, dc: dc, master: master)
      images[image.id] = image
      allImages.insert(image.id)
      instanceImages.insert(image.id)
      enterprises[e].images.append(image.id)
      try emit(.createImage, [write])
      return true
    case .convertImage:
      guard let image = allImages.random(&rng) else { return false }
      let (c, write) = newConversion(image: image, state: "ENQUEUED")
      addConversion(c)
      agenda.push(now + Int64(rng.int(120...2400)), .finishConversion(c.id))
      try emit(.convertImage, [write])
      return true
    case .changeCostCode:
      guard (counts[.changeCostCode] ?? 0) < rareCap else { return false }
      guard let image = allImages.random(&rng) else { return false }
      try emit(
        .changeCostCode,
        [
          .update(
            .virtualimage, image,
            [Field("cost_code", v(rng.chance(80) ? rng.pick(costCodes) : nil))])
        ])
      return true
    case .deleteImage:
      for _ in 0..<4 {
        guard let id = instanceImages.random(&rng) else { return false }
        let image = images[id]!
        guard image.vmRefs == 0 else { continue }
        var writes: [RowWrite] = image.conversions.map { .delete(.virtualimageConversion, $0) }
        for c in image.conversions { conversions.removeValue(forKey: c) }
        writes.append(.delete(.virtualimage, id))
        images.removeValue(forKey: id)
        allImages.remove(id)
        instanceImages.remove(id)
        if let ent = image.enterprise {
          enterprises[enterpriseIndex[ent]!].images.removeAll { $0 == id }
        }
        try emit(.deleteImage, writes)
        return true
      }
      return false
    case .rename: return try rename()
    case .unlock, .finishConversion: return false
    }
  }

  func changeState(_ kind: SimulatedOperation.Kind, _ id: Int, _ state: String) throws -> Bool {
    setState(id, state)
    try emit(kind, [.update(.virtualmachine, id, [Field("state", .text(state))])])
    return true
  }

  /// An undeployed VM to ON, or one in five through LOCKED first (ON comes with the unlock).
  func deploy(_ id: Int) throws -> Bool {
    let hv = hypervisor(forVApp: vms[id]!.vapp)
    vms[id]!.hypervisor = hv
    if rng.chance(20) {
      vms[id]!.lockedFrom = "NOT_ALLOCATED"
      setState(id, "LOCKED")
      agenda.push(now + Int64(rng.int(0...600)), .unlock(vm: id))
    } else {
      setState(id, "ON")
    }
    try emit(
      .deployVM,
      [
        .update(
          .virtualmachine, id,
          [Field("idHypervisor", v(hv)), Field("state", .text(vms[id]!.state))])
      ])
    return true
  }

  func createVM() throws -> Bool {
    let vapp = vappList.random(&rng)!
    // Half are created NOT_ALLOCATED and deployed a little later; half are inserted already running.
    let later = rng.chance(50)
    let state = later ? "NOT_ALLOCATED" : (rng.chance(85) ? "ON" : "OFF")
    let (vm, write) = newVM(
      enterprise: vapps[vapp]!.enterprise, vapp: vapp, state: state, managed: !rng.chance(5))
    addVM(vm)
    if later && rng.chance(80) { agenda.push(now + Int64(rng.int(0...3600)), .deploy(vm: vm.id)) }
    try emit(.createVM, [write])
    return true
  }

  func resizeVM() throws -> Bool {
    guard let id = pickVM([.on, .off, .paused, .undeployed]) else { return false }
    var fields: [Field] = []
    switch rng.below(4) {
    case 0:
      let p = rng.below(profiles.count)
      fields = [
        Field("cpu", v(profiles[p].cpu)), Field("ram", v(profiles[p].ram)),
        Field("idHardwareProfile", v(hardwareProfiles[p])),
      ]
    case 1:
      fields = [
        Field("cpu", v(rng.pick([1, 2, 3, 4, 6, 8, 12, 16, 32]))),
        Field("idHardwareProfile", .null),
      ]
    case 2:
      fields = [
        Field("ram", v(rng.pick([1024, 2048, 6144, 8192, 12288, 24576, 65536]))),
        Field("idHardwareProfile", .null),
      ]
    default:
      fields = [Field("hd", v(Int64(rng.pick([20, 50, 120, 300, 1000, 2000])) * 1_073_741_824))]
    }
    try emit(.resizeVM, [.update(.virtualmachine, id, fields)])
    return true
  }

  /// To another vApp of its enterprise; volumes follow within the VDC, are detached across VDCs.
  func moveVM() throws -> Bool {
    for _ in 0..<4 {
      guard let id = pickVM([.on, .off, .paused, .undeployed]) else { return false }
      let vm = vms[id]!
      let choices = enterprises[enterpriseIndex[vm.enterprise]!].vapps.filter { $0 != vm.vapp }
      guard !choices.isEmpty else { continue }
      let target = rng.pick(choices)
      let fromVDC = vapps[vm.vapp]!.vdc
      let toVDC = vapps[target]!.vdc
      var writes: [RowWrite] = []
      if fromVDC != toVDC {
        for vol in vm.volumes { writes.append(detach(vol)) }
      }
      vmsOfVDC.move(id, from: fromVDC, to: toVDC)
      vmsOfVApp.move(id, from: vm.vapp, to: target)
      vms[id]!.vapp = target
      writes.append(.update(.virtualmachine, id, [Field("idVirtualApp", v(target))]))
      if fromVDC == toVDC {
        for vol in vm.volumes {
          volumesOfVApp.move(vol, from: vm.vapp, to: target)
          volumes[vol]!.vapp = target
          writes.append(.update(.rasdManagement, vol, [Field("idVirtualApp", v(target))]))
        }
      }
      try emit(.moveVM, writes)
      return true
    }
    return false
  }

  /// A vApp to another VDC of its enterprise (its VMs re-snapshot); its volumes move with it.
  func moveVApp() throws -> Bool {
    for _ in 0..<4 {
      guard let id = vappList.random(&rng) else { return false }
      let vapp = vapps[id]!
      let choices = enterprises[enterpriseIndex[vapp.enterprise]!].vdcs.filter { $0 != vapp.vdc }
      guard !choices.isEmpty else { continue }
      let target = rng.pick(choices)
      vdcs[vapp.vdc]!.vapps.removeAll { $0 == id }
      vdcs[target]!.vapps.append(id)
      vapps[id]!.vdc = target
      for vm in vmsOfVApp[id]?.ids ?? [] {
        vmsOfVDC.move(vm, from: vapp.vdc, to: target)
      }
      var writes: [RowWrite] = [.update(.virtualapp, id, [Field("idVirtualDataCenter", v(target))])]
      for vol in volumesOfVApp[id]?.ids ?? [] {
        volumes[vol]!.vdc = target
        writes.append(.update(.rasdManagement, vol, [Field("idVirtualDataCenter", v(target))]))
      }
      try emit(.moveVApp, writes)
      return true
    }
    return false
  }

  /// Volumes detached first (foreign keys restrict); sometimes powered off and undeployed first,
  /// in the same second; otherwise deleted as it is (the delete closes its interval).
  func deleteVM() throws -> Bool {
    guard let id = pickVM([.on, .off, .paused, .undeployed]) else { return false }
    let vm = vms[id]!
    var writes: [RowWrite] = vm.volumes.map { detach($0) }
    if VMClass(vm.state) != .undeployed && rng.chance(40) {
      writes.append(.update(.virtualmachine, id, [Field("state", .text("OFF"))]))
      writes.append(
        .update(
          .virtualmachine, id,
          [Field("state", .text("NOT_ALLOCATED")), Field("idHypervisor", .null)]))
    }
    writes.append(.delete(.virtualmachine, id))
    removeVM(id)
    try emit(.deleteVM, writes)
    return true
  }

  /// An imported VM becomes managed (idType 0 → 1), or a managed one imported (1 → 0).
  func changeVMType() throws -> Bool {
    var id: Int? = nil
    if !importedVMs.isEmpty && rng.chance(60) {
      id = importedVMs.random(&rng)
    } else {
      id = pickVM([.on, .off, .paused, .undeployed])
    }
    guard let id, VMClass(vms[id]!.state) != .locked else { return false }
    var vm = vms[id]!
    vm.managed.toggle()
    if vm.managed { importedVMs.remove(id) } else { importedVMs.insert(id) }
    classify(&vm)
    vms[id] = vm
    try emit(
      .changeVMType, [.update(.virtualmachine, id, [Field("idType", v(vm.managed ? 1 : 0))])])
    return true
  }

  func rename() throws -> Bool {
    renames += 1
    let choice = rng.below(12)
    let table: InventoryTable
    let id: Int?
    switch choice {
    case 0: (table, id) = (.enterprise, rng.pick(enterprises).id)
    case 1: (table, id) = (.datacenter, rng.pick(datacenters).id)
    case 2: (table, id) = (.virtualdatacenter, rng.pick(vdcList))
    case 3: (table, id) = (.virtualapp, vappList.random(&rng))
    case 4, 5: (table, id) = (.virtualmachine, allVMs.random(&rng))
    case 6: (table, id) = (.physicalmachine, rng.pick(pms))
    case 7: (table, id) = (.virtualimage, allImages.random(&rng))
    case 8: (table, id) = (.rasdManagement, allVolumes.random(&rng))
    case 9: (table, id) = (.vlanNetwork, allVLANs.random(&rng))
    case 10: (table, id) = (.costcode, rng.pick(costCodes))
    default:
      (table, id) =
        rng.chance(50)
        ? (.storageTier, rng.pick(tiers)) : (.hardwareprofile, rng.pick(hardwareProfiles))
    }
    guard let id else { return false }
    let newName =
      rng.chance(40)
      ? "\(rng.pick(exoticNames)) #\(renames)" : "\(table.rawValue)-\(id)-v\(renames)"
    try emit(.rename, [.update(table, id, [Field(table.nameColumn, .text(newName))])])
    return true
  }

  func followUp(_ item: FollowUp) throws {
    switch item {
    case .unlock(let id):
      guard let vm = vms[id], VMClass(vm.state) == .locked else { return }
      let from = vm.lockedFrom ?? "ON"
      let state: String
      if VMClass(from) == .undeployed {
        state = rng.chance(90) ? "ON" : "NOT_ALLOCATED"  // a deploy that went through, or failed
      } else {
        state = ["ON", "OFF", "PAUSED", "NOT_ALLOCATED", from][rng.weighted([10, 10, 5, 5, 70])]
      }
      var fields = [Field("state", .text(state))]
      if VMClass(state) == .undeployed {
        vms[id]!.hypervisor = nil
        fields.append(Field("idHypervisor", .null))
      }
      vms[id]!.lockedFrom = nil
      _ = try changeStateFields(.unlock, id, state, fields)
    case .deploy(let id):
      guard let vm = vms[id], VMClass(vm.state) == .undeployed else { return }
      _ = try deploy(id)
    case .finishConversion(let id):
      guard let c = conversions[id], c.state == "ENQUEUED" else { return }
      let state = rng.chance(85) ? "FINISHED" : "FAILED"
      conversions[id]!.state = state
      try emit(
        .finishConversion, [.update(.virtualimageConversion, id, [Field("state", .text(state))])])
    }
  }

  func changeStateFields(
    _ kind: SimulatedOperation.Kind, _ id: Int, _ state: String, _ fields: [Field]
  ) throws -> Bool {
    setState(id, state)
    try emit(kind, [.update(.virtualmachine, id, fields)])
    return true
  }
}
