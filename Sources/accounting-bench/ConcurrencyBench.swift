import AccountingKit
import AccountingSimulator
import Dispatch
import Foundation
import Synchronization

/// Capture under concurrent load: 8 client threads, each on its own connection and session clock,
/// run single-statement autocommit changes (VM resize and power, volume resize, retier, attach,
/// public IP allocate, free and move, and the parents VMs snapshot: vApp moved to another VDC,
/// rack HA toggled, image cost code changed), retrying deadlocks (1213) and lock wait timeouts
/// (1205) as a cloud platform would. Measured side by side with an untriggered copy: a second
/// inventory built the same way whose triggers are all dropped (information_schema.TRIGGERS), so
/// "plain" is the inventory's own cost under the same load, not a muted trigger.
///
/// Every thread draws its operations from a SplitMix64 seeded by its index and round, the same in
/// both variants; the variants are interleaved within each round (order alternating), 3 rounds,
/// medians of rounds. Each thread's session clock starts at the round's instant and moves one
/// second per operation.
struct ConcurrencyBench {
  let db: Connection
  let options: ConnectionOptions
  let names: SchemaNames
  let plainNames: SchemaNames
  var threads = 8
  var operationsPerThread = 500
  var rounds = 3

  let workload = ConcurrencyWorkload()
  let minimumFreeGiB = 5.0

  func run() throws {
    report("## Concurrent capture")
    report("")
    guard enoughFreeSpace(db, minimumGiB: minimumFreeGiB) else { return }
    progress("concurrency: building \(workload.vms) deployed VMs in bulk, twice (with triggers, and a copy without)")
    try installFresh(db, names)
    try installFresh(db, plainNames)
    let triggers = try db.query(
      "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?", [.text(plainNames.inventory)])
    for row in triggers {
      try db.run("DROP TRIGGER \(quoteIdent(plainNames.inventory)).\(quoteIdent(row[0].description))")
    }
    let left = try db.scalar(
      "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?", [.text(plainNames.inventory)]).int ?? -1
    guard left == 0, !triggers.isEmpty else {
      throw BenchError("the plain inventory keeps \(left) triggers (dropped \(triggers.count))")
    }
    try build(names.inventory)
    try build(plainNames.inventory)
    let acc = quoteIdent(names.accounting)
    try db.execute("CALL \(acc).INITIAL_SNAPSHOT(?)", [.datetime("2026-01-01 00:00:00")])
    let open = try db.scalar("SELECT COUNT(*) FROM \(acc).accounting_event_vm WHERE stopTime IS NULL").int ?? 0
    guard open == Int64(workload.vms) else { throw BenchError("expected \(workload.vms) open VM intervals after the snapshot, found \(open)") }
    let flush = try db.scalar("SELECT @@innodb_flush_log_at_trx_commit").description
    let intervalsBefore = try intervalCount()

    var plain: [Load] = []
    var triggered: [Load] = []
    for round in 0..<rounds {
      let order = round % 2 == 0 ? [false, true] : [true, false]
      for withTriggers in order {
        let load = try self.load(inventory: withTriggers ? names.inventory : plainNames.inventory, round: round)
        if withTriggers { triggered.append(load) } else { plain.append(load) }
        progress(
          "concurrency: round \(round + 1)/\(rounds), \(withTriggers ? "with triggers" : "plain"): "
            + "\(fmt(load.perSecond, 0)) operations/s, \(load.deadlocks) deadlocks, \(load.lockWaits) lock wait timeouts")
      }
    }
    let written = try intervalCount() - intervalsBefore
    let problems = try db.query("CALL \(acc).VERIFY_CAPTURE()").count

    let plainRate = median(plain.map(\.perSecond))
    let triggeredRate = median(triggered.map(\.perSecond))
    let ratio = median(zip(plain, triggered).map { $0.perSecond / $1.perSecond })
    let operations = threads * operationsPerThread
    report(
      "\(workload.vms) deployed VMs (200 vApps, 20 racks, 40 images), \(workload.volumes) external volumes, \(workload.ips) public IPs "
        + "(\(workload.allocatedIPs) allocated), built in bulk; innodb_flush_log_at_trx_commit=\(flush). "
        + "\(threads) client threads, each with its own connection and session clock (one second per operation), run "
        + "\(operationsPerThread) single-statement autocommit operations each per round (\(operations) per round and variant) "
        + "through prepared statements: VM cpu/ram/power 36 %, volume resize/retier/attach 23 %, IP allocate/free/move 25 %, "
        + "vApp moved to another VDC 6 % (10 VMs re-snapshot), rack HA toggle 5 % (100 VMs), image cost code 5 % (50 VMs); "
        + "drawn from a SplitMix64 seeded per thread and round, the same in both variants. "
        + "Deadlocks (1213) and lock wait timeouts (1205, innodb_lock_wait_timeout=10) are retried. "
        + "\(rounds) rounds, the variants interleaved (order alternating); operations/s are medians of rounds, "
        + "ratio = plain/triggered operations/s per round, median of rounds. \"plain\" is a second inventory built "
        + "the same way with every trigger dropped.")
    report("")
    report("| variant | operations/s | retries per 1,000 operations | deadlocks (1213) | lock wait timeouts (1205) |")
    report("|---|---|---|---|---|")
    for (label, loads, rate) in [("plain (no triggers)", plain, plainRate), ("with accounting triggers", triggered, triggeredRate)] {
      let done = loads.reduce(0) { $0 + $1.operations }
      let deadlocks = loads.reduce(0) { $0 + $1.deadlocks }
      let waits = loads.reduce(0) { $0 + $1.lockWaits }
      report(
        "| \(label) | \(fmt(rate, 0)) | \(fmt(Double(deadlocks + waits) * 1000 / Double(max(done, 1)), 1)) | \(deadlocks) | \(waits) |")
    }
    report("| ratio (plain/triggered, median of rounds) | \(fmt(ratio))× | | | |")
    report("")
    report(
      "The triggered load wrote \(written) intervals; VERIFY_CAPTURE afterwards: \(problems == 0 ? "clean" : "\(problems) problems").")
    report("")
    if problems != 0 { report("WARNING: VERIFY_CAPTURE found \(problems) problems after the concurrent load") }
  }

  private func intervalCount() throws -> Int64 {
    let acc = quoteIdent(names.accounting)
    return try db.scalar(
      """
      SELECT (SELECT COUNT(*) FROM \(acc).accounting_event_vm) + (SELECT COUNT(*) FROM \(acc).accounting_event_storage)
           + (SELECT COUNT(*) FROM \(acc).accounting_event_ips)
      """
    ).int ?? 0
  }

  /// The cloud, in bulk and muted (the plain copy has no triggers; the triggered one gets its
  /// intervals from INITIAL_SNAPSHOT).
  private func build(_ inventory: String) throws {
    let inv = quoteIdent(inventory)
    try db.run("USE \(inv)")  // the sequence engine's seq_1_to_N needs a current database
    try db.run(
      """
      SET @accounting_mute = 1;
      INSERT INTO \(inv).datacenter (idDataCenter, name, region) VALUES (1, 'dc1', 'eu-west'), (2, 'dc2', 'eu-east');
      INSERT INTO \(inv).enterprise (idEnterprise, name, internal_customer_id)
        SELECT seq, CONCAT('enterprise-', seq), CONCAT('ACC-', seq) FROM seq_1_to_\(workload.enterprises);
      INSERT INTO \(inv).virtualdatacenter (idVirtualDataCenter, idEnterprise, idDataCenter, name, hypervisorType)
        SELECT seq, 1 + (seq - 1) DIV 2, 1 + (seq - 1) % 2, CONCAT('vdc-', seq), 'KVM' FROM seq_1_to_\(workload.vdcs);
      INSERT INTO \(inv).virtualapp (idVirtualApp, idVirtualDataCenter, idEnterprise, name)
        SELECT seq, 1 + (seq - 1) % \(workload.vdcs), 1 + ((seq - 1) % \(workload.vdcs)) DIV 2, CONCAT('vapp-', seq) FROM seq_1_to_\(workload.vApps);
      INSERT INTO \(inv).rack (idRack, idDataCenter, name, haEnabled)
        SELECT seq, 1, CONCAT('rack-', seq), seq % 2 FROM seq_1_to_\(workload.racks);
      INSERT INTO \(inv).physicalmachine (idPhysicalMachine, idDataCenter, idRack, name, cpu, ram)
        SELECT seq, 1, 1 + (seq - 1) % \(workload.racks), CONCAT('pm-', seq), 64, 262144 FROM seq_1_to_\(workload.hosts);
      INSERT INTO \(inv).hypervisor (id, idPhysicalMachine, type) SELECT seq, seq, 'KVM' FROM seq_1_to_\(workload.hosts);
      INSERT INTO \(inv).costcode (idCostCode, name) SELECT seq, CONCAT('cc-', seq) FROM seq_1_to_5;
      INSERT INTO \(inv).storage_tier (idTier, name) VALUES (1, 'Gold'), (2, 'Silver');
      INSERT INTO \(inv).repository (idRepository, idDataCenter, name) VALUES (1, 1, 'repo');
      INSERT INTO \(inv).virtualimage (idImage, idEnterprise, idRepository, name, diskFormatType, diskFileSize, cost_code)
        SELECT seq, 1 + (seq - 1) % \(workload.enterprises), 1, CONCAT('image-', seq), 'RAW', 2147483648, 1 + (seq - 1) % 5
        FROM seq_1_to_\(workload.images);
      INSERT INTO \(inv).virtualmachine (idVM, name, idEnterprise, idVirtualApp, idHypervisor, idImage, cpu, ram, hd, state, idType)
        SELECT seq, CONCAT('vm-', seq), 1 + ((seq - 1) % \(workload.vApps) % \(workload.vdcs)) DIV 2, 1 + (seq - 1) % \(workload.vApps),
               1 + (seq - 1) % \(workload.hosts), 1 + (seq - 1) % \(workload.images), 2, 4096, 10737418240, 'ON', 1
        FROM seq_1_to_\(workload.vms);
      INSERT INTO \(inv).rasd_management (idManagement, idResourceType, idVirtualDataCenter, name, sizeMB, idTier)
        SELECT seq, '8', 1 + (seq - 1) % \(workload.vdcs), CONCAT('vol-', seq), 1024, 1 FROM seq_1_to_\(workload.volumes);
      INSERT INTO \(inv).vlan_network (vlan_network_id, network_name, networktype, idVirtualDataCenter)
        VALUES (1, 'public', 'PUBLIC', NULL);
      INSERT INTO \(inv).ip_pool_management (idManagement, vlan_network_id, ip, idVirtualDataCenter)
        SELECT seq, 1, CONCAT('10.', seq DIV 65536, '.', (seq DIV 256) % 256, '.', seq % 256),
               IF(seq <= \(workload.allocatedIPs), 1 + (seq - 1) % \(workload.vdcs), NULL)
        FROM seq_1_to_\(workload.ips);
      SET @accounting_mute = NULL;
      """)
  }

  struct Load: Sendable {
    var seconds = 0.0
    var operations = 0
    var deadlocks = 0
    var lockWaits = 0
    var failures: [String] = []
    var perSecond: Double { Double(operations) / seconds }
  }

  final class Shared: Sendable {
    let load = Mutex(Load())
  }

  /// One round of the load on `inventory`: the threads connect and prepare, then start together;
  /// the time is from their start to the last one's end.
  private func load(inventory: String, round: Int) throws -> Load {
    let shared = Shared()
    let ready = DispatchGroup()
    let done = DispatchGroup()
    let go = DispatchSemaphore(value: 0)
    let options = self.options
    let texts = ConcurrencyWorkload.statements.map { $0.replacingOccurrences(of: "{inv}", with: quoteIdent(inventory)) }
    let perThread = operationsPerThread
    let from = "2026-01-01 01:00:00"
    let workload = self.workload
    for worker in 0..<threads {
      ready.enter()
      done.enter()
      let thread = Thread {
        defer { done.leave() }
        var mine = Load()
        var isReady = false
        do {
          let db = try Connection(options)
          defer { db.close() }
          try db.run("SET SESSION innodb_lock_wait_timeout = 10")
          let statements = try texts.map { try db.prepare($0) }
          defer { for s in statements { s.close() } }
          let clock = try db.prepare("SET TIMESTAMP = UNIX_TIMESTAMP(?) + ?")
          defer { clock.close() }
          var rng = SplitMix64(seed: 0xBE_AC4 &+ UInt64(round) &* 1_000_003 &+ UInt64(worker) &* 7919)
          isReady = true
          ready.leave()
          go.wait()
          for k in 0..<perThread {
            let (kind, parameters) = workload.draw(&rng)
            try clock.execute([.datetime(from), .int(Int64(round * 86_400 + k))])
            var attempts = 0
            while true {
              do {
                try statements[kind].execute(parameters)
                break
              } catch let e as DatabaseError where e.errno == 1213 || e.errno == 1205 {
                if e.errno == 1213 { mine.deadlocks += 1 } else { mine.lockWaits += 1 }
                attempts += 1
                if attempts >= 100 { throw e }
              }
            }
            mine.operations += 1
          }
        } catch {
          mine.failures.append("worker \(worker): \(error)")
          if !isReady {
            ready.leave()
            go.wait()
          }
        }
        let result = mine
        shared.load.withLock {
          $0.operations += result.operations
          $0.deadlocks += result.deadlocks
          $0.lockWaits += result.lockWaits
          $0.failures += result.failures
        }
      }
      thread.stackSize = 1 << 20
      thread.start()
    }
    ready.wait()
    let seconds = timed {
      for _ in 0..<threads { go.signal() }
      done.wait()
    }
    var result = shared.load.withLock { $0 }
    result.seconds = seconds
    if !result.failures.isEmpty {
      throw BenchError("concurrent load on \(inventory): " + result.failures.joined(separator: "; "))
    }
    return result
  }
}

/// The cloud the concurrent load runs on, and the draw of its operations (Sendable: the worker
/// threads share it).
struct ConcurrencyWorkload: Sendable {
  // The cloud: 2,000 VMs; 10 enterprises with 2 VDCs each (2 datacenters), 200 vApps (10 VMs
  // each), 20 racks of 2 physical machines (100 VMs per rack), 40 hypervisors, 40 images (5 cost
  // codes, 50 VMs each), 1,000 external volumes, 1,000 public IPs of which 800 allocated.
  let vms = 2_000
  let enterprises = 10
  let vApps = 200
  let racks = 20
  let hosts = 40
  let images = 40
  let volumes = 1_000
  let ips = 1_000
  let allocatedIPs = 800

  static let statements: [String] = [
    "UPDATE {inv}.virtualmachine SET cpu = ? WHERE idVM = ?",
    "UPDATE {inv}.virtualmachine SET ram = ? WHERE idVM = ?",
    "UPDATE {inv}.virtualmachine SET state = ? WHERE idVM = ?",
    "UPDATE {inv}.rasd_management SET sizeMB = ? WHERE idManagement = ?",
    "UPDATE {inv}.rasd_management SET idTier = ? WHERE idManagement = ?",
    "UPDATE {inv}.rasd_management SET idVM = NULL, idVirtualApp = NULL WHERE idManagement = ?",
    "UPDATE {inv}.rasd_management SET idVM = ?, idVirtualApp = ? WHERE idManagement = ?",
    "UPDATE {inv}.ip_pool_management SET idVirtualDataCenter = ? WHERE idManagement = ? AND idVirtualDataCenter IS NULL",
    "UPDATE {inv}.ip_pool_management SET idVirtualDataCenter = NULL WHERE idManagement = ?",
    "UPDATE {inv}.ip_pool_management SET idVirtualDataCenter = ? WHERE idManagement = ? AND idVirtualDataCenter IS NOT NULL",
    "UPDATE {inv}.virtualapp SET idVirtualDataCenter = ? WHERE idVirtualApp = ?",
    "UPDATE {inv}.rack SET haEnabled = 1 - haEnabled WHERE idRack = ?",
    "UPDATE {inv}.virtualimage SET cost_code = ? WHERE idImage = ?",
  ]
  /// Weights of the statements above, in percent: VMs 36, volumes 23, IPs 25, parents 16.
  static let weights = [12, 10, 14, 8, 7, 2, 6, 8, 8, 9, 6, 5, 5]

  func vAppOfVM(_ vm: Int) -> Int { 1 + (vm - 1) % vApps }
  /// VDC v belongs to enterprise 1 + (v - 1) / 2; vApp a sits in VDC 1 + (a - 1) % 20.
  var vdcs: Int { enterprises * 2 }
  func enterpriseOfVApp(_ a: Int) -> Int { 1 + ((a - 1) % vdcs) / 2 }

  /// The next operation: the index of its statement and its parameters.
  func draw(_ rng: inout SplitMix64) -> (Int, [SQLValue]) {
    let kind = rng.weighted(Self.weights)
    let vm = Int64(1 + rng.below(vms))
    let volume = Int64(1 + rng.below(volumes))
    let ip = Int64(1 + rng.below(ips))
    let vdc = Int64(1 + rng.below(vdcs))
    switch kind {
    case 0: return (kind, [.int(Int64(rng.int(1...8))), .int(vm)])
    case 1: return (kind, [.int(rng.pick([1024, 2048, 4096, 8192])), .int(vm)])
    case 2: return (kind, [.text(rng.pick(["ON", "OFF", "PAUSED"])), .int(vm)])
    case 3: return (kind, [.int(Int64(512 * rng.int(1...16))), .int(volume)])
    case 4: return (kind, [rng.pick([SQLValue.int(1), .int(2), .null]), .int(volume)])
    case 5: return (kind, [.int(volume)])
    case 6: return (kind, [.int(vm), .int(Int64(vAppOfVM(Int(vm)))), .int(volume)])
    case 7: return (kind, [.int(vdc), .int(ip)])
    case 8: return (kind, [.int(ip)])
    case 9: return (kind, [.int(vdc), .int(ip)])
    case 10:
      let vApp = 1 + rng.below(vApps)
      let e = enterpriseOfVApp(vApp)
      return (kind, [.int(Int64(2 * e - 1 + rng.below(2))), .int(Int64(vApp))])
    case 11: return (kind, [.int(Int64(1 + rng.below(racks)))])
    default: return (kind, [rng.pick([SQLValue.int(1), .int(3), .null]), .int(Int64(1 + rng.below(images)))])
    }
  }
}
