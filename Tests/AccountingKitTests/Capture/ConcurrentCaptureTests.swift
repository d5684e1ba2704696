import AccountingKit
import AccountingSimulator
import Dispatch
import Foundation
import Synchronization
import Testing

/// Capture under concurrent load: 8 client threads, each on its own connection and session clock,
/// change VMs, volumes, public IPs and the parents VMs snapshot (vApp, rack, image) at once, as a
/// cloud platform does; deadlocks (1213) and lock wait timeouts (1205) are retried like the
/// platform would. Exact intervals cannot be computed by hand here: the assertions are the
/// capture's invariants (one open row per live resource, no inverted row, chains that tile time,
/// VERIFY_CAPTURE and VERIFY_HISTORY clean).
///
/// The cloud, on the capture fixture at 12:00:00 (through the triggers):
/// - VDC 4 (Beta, MAD); vApps 4 (VDC 1, Acme), 5 (VDC 2, Acme), 6 (VDC 4, Beta)
/// - 40 managed VMs, ON: VM i in vApp 1 + (i - 1) % 6, hypervisor 1 + (i - 1) % 3 (racks 1, 2,
///   none), image 1 + (i - 1) % 2
/// - 20 external volumes (type '8'), 1 GiB Gold, in VDC 1 + (i - 1) % 4, detached
/// - network 1 PUBLIC with 30 IPs: 1…20 allocated (VDC 1 + (i - 1) % 4), 21…30 free
@Suite(.serialized)
struct ConcurrentCaptureTests {
  let t: TestSchema
  init() throws {
    t = try TestSchema("concap")
    try t.captureFixture()
  }

  static let vms = 40
  static let volumes = 20
  static let ips = 30
  static let allocatedIPs = 20
  static let vApps = 6
  static let threads = 8
  static let operationsPerThread = 200
  static let built = "2026-01-05 12:00:00"
  static let loadFrom = "2026-01-05 13:00:00"

  /// The enterprise of a vApp and the VDCs it may move between (its enterprise's).
  static func vAppOwner(_ vApp: Int) -> (enterprise: Int, vdcs: [Int]) {
    [1, 2, 4, 5].contains(vApp) ? (1, [1, 2]) : (2, [3, 4])
  }

  static func vAppOfVM(_ vm: Int) -> Int { 1 + (vm - 1) % vApps }

  private func buildCloud() throws {
    try t.clock(Self.built)
    try t.exec(
      """
      INSERT INTO {inv}.virtualdatacenter (idEnterprise, idDataCenter, name, hypervisorType)
        VALUES (2, 2, 'beta-mad', 'KVM');
      INSERT INTO {inv}.virtualapp (idVirtualDataCenter, idEnterprise, name)
        VALUES (1, 1, 'web-2'), (2, 1, 'db-2'), (4, 2, 'beta-app-2');
      INSERT INTO {inv}.vlan_network (network_name, networktype, idVirtualDataCenter)
        VALUES ('public', 'PUBLIC', NULL);
      """)
    for i in 1...Self.vms {
      let vApp = Self.vAppOfVM(i)
      try t.insertVM(
        "vm-\(i)", state: "ON", vApp: vApp, hypervisor: 1 + (i - 1) % 3, image: 1 + (i - 1) % 2,
        enterprise: Self.vAppOwner(vApp).enterprise)
    }
    for i in 1...Self.volumes {
      try t.exec(
        "INSERT INTO {inv}.rasd_management (idResourceType, idVirtualDataCenter, name, sizeMB, idTier) VALUES ('8', ?, ?, 1024, 1)",
        .int(Int64(1 + (i - 1) % 4)), .text("vol-\(i)"))
    }
    for i in 1...Self.ips {
      try t.exec(
        "INSERT INTO {inv}.ip_pool_management (vlan_network_id, ip, idVirtualDataCenter) VALUES (1, ?, ?)",
        .text("203.0.113.\(i)"), i <= Self.allocatedIPs ? .int(Int64(1 + (i - 1) % 4)) : .null)
    }
  }

  /// One operation of the load: an autocommit statement and its parameters.
  struct Operation: Sendable {
    let kind: String
    let sql: String
    let parameters: [SQLValue]
  }

  /// The operation a worker draws next (weights in percent: VMs 36, volumes 23, IPs 25, parents 16;
  /// the benchmark's mix, `accounting-bench --only concurrency`).
  static func draw(_ rng: inout SplitMix64) -> Operation {
    let vm = { (rng: inout SplitMix64) in Int64(1 + rng.below(vms)) }
    let volume = { (rng: inout SplitMix64) in Int64(1 + rng.below(volumes)) }
    let ip = { (rng: inout SplitMix64) in Int64(1 + rng.below(ips)) }
    switch rng.weighted([12, 10, 14, 8, 7, 8, 8, 8, 9, 6, 5, 5]) {
    case 0:
      return Operation(
        kind: "vm cpu",
        sql: "UPDATE {inv}.virtualmachine SET cpu = ? WHERE idVM = ?",
        parameters: [.int(Int64(rng.int(1...8))), .int(vm(&rng))])
    case 1:
      return Operation(
        kind: "vm ram",
        sql: "UPDATE {inv}.virtualmachine SET ram = ? WHERE idVM = ?",
        parameters: [.int(rng.pick([1024, 2048, 4096, 8192])), .int(vm(&rng))])
    case 2:
      return Operation(
        kind: "vm power",
        sql: "UPDATE {inv}.virtualmachine SET state = ? WHERE idVM = ?",
        parameters: [.text(rng.pick(["ON", "OFF", "PAUSED"])), .int(vm(&rng))])
    case 3:
      return Operation(
        kind: "volume size",
        sql: "UPDATE {inv}.rasd_management SET sizeMB = ? WHERE idManagement = ?",
        parameters: [.int(Int64(512 * rng.int(1...16))), .int(volume(&rng))])
    case 4:
      return Operation(
        kind: "volume tier",
        sql: "UPDATE {inv}.rasd_management SET idTier = ? WHERE idManagement = ?",
        parameters: [rng.pick([SQLValue.int(1), .int(2), .null]), .int(volume(&rng))])
    case 5:
      // attach to a VM (with its vApp), or detach
      if rng.chance(25) {
        return Operation(
          kind: "volume detach",
          sql: "UPDATE {inv}.rasd_management SET idVM = NULL, idVirtualApp = NULL WHERE idManagement = ?",
          parameters: [.int(volume(&rng))])
      }
      let target = vm(&rng)
      return Operation(
        kind: "volume attach",
        sql: "UPDATE {inv}.rasd_management SET idVM = ?, idVirtualApp = ? WHERE idManagement = ?",
        parameters: [.int(target), .int(Int64(vAppOfVM(Int(target)))), .int(volume(&rng))])
    case 6:
      return Operation(
        kind: "ip allocate",
        sql: "UPDATE {inv}.ip_pool_management SET idVirtualDataCenter = ? WHERE idManagement = ? AND idVirtualDataCenter IS NULL",
        parameters: [.int(Int64(1 + rng.below(4))), .int(ip(&rng))])
    case 7:
      return Operation(
        kind: "ip free",
        sql: "UPDATE {inv}.ip_pool_management SET idVirtualDataCenter = NULL WHERE idManagement = ?",
        parameters: [.int(ip(&rng))])
    case 8:
      return Operation(
        kind: "ip move",
        sql: "UPDATE {inv}.ip_pool_management SET idVirtualDataCenter = ? WHERE idManagement = ? AND idVirtualDataCenter IS NOT NULL",
        parameters: [.int(Int64(1 + rng.below(4))), .int(ip(&rng))])
    case 9:
      let vApp = 1 + rng.below(vApps)
      return Operation(
        kind: "vapp move",
        sql: "UPDATE {inv}.virtualapp SET idVirtualDataCenter = ? WHERE idVirtualApp = ?",
        parameters: [.int(Int64(rng.pick(vAppOwner(vApp).vdcs))), .int(Int64(vApp))])
    case 10:
      return Operation(
        kind: "rack ha",
        sql: "UPDATE {inv}.rack SET haEnabled = 1 - haEnabled WHERE idRack = ?",
        parameters: [.int(Int64(1 + rng.below(2)))])
    default:
      return Operation(
        kind: "image cost code",
        sql: "UPDATE {inv}.virtualimage SET cost_code = ? WHERE idImage = ?",
        parameters: [rng.pick([SQLValue.int(1), .int(2), .null]), .int(Int64(1 + rng.below(2)))])
    }
  }

  struct LoadResult: Sendable {
    var operations = 0
    var deadlocks = 0
    var lockWaits = 0
    /// Retries per kind of operation.
    var retriesByKind: [String: Int] = [:]
    var failures: [String] = []
  }

  final class Shared: Sendable {
    let state = Mutex(LoadResult())
  }

  /// Runs the load: `threads` OS threads (blocking client calls: not the cooperative pool, which
  /// has one thread per core), each with its own connection, created in the thread.
  private func runLoad() -> LoadResult {
    let result = Shared()
    let group = DispatchGroup()
    let inventory = t.inventory
    let accounting = t.accounting
    for worker in 0..<Self.threads {
      group.enter()
      let thread = Thread {
        defer { group.leave() }
        var mine = LoadResult()
        do {
          let db = try TestSchema.connect()
          defer { db.close() }
          try db.run("SET SESSION innodb_lock_wait_timeout = 10")
          var rng = SplitMix64(seed: 0xC0_FFEE + UInt64(worker) &* 7919)
          for k in 0..<Self.operationsPerThread {
            let op = Self.draw(&rng)
            let text = op.sql.replacingOccurrences(of: "{inv}", with: inventory)
              .replacingOccurrences(of: "{acc}", with: accounting)
            try db.execute(
              "SET TIMESTAMP = UNIX_TIMESTAMP(?) + ?", [.datetime(Self.loadFrom), .int(Int64(k))])
            var attempts = 0
            while true {
              do {
                try db.execute(text, op.parameters)
                break
              } catch let e as DatabaseError where e.errno == 1213 || e.errno == 1205 {
                if e.errno == 1213 { mine.deadlocks += 1 } else { mine.lockWaits += 1 }
                mine.retriesByKind[op.kind, default: 0] += 1
                attempts += 1
                if attempts >= 100 { throw e }
              }
            }
            mine.operations += 1
          }
        } catch {
          mine.failures.append("worker \(worker): \(error)")
        }
        let done = mine
        result.state.withLock {
          $0.operations += done.operations
          $0.deadlocks += done.deadlocks
          $0.lockWaits += done.lockWaits
          $0.retriesByKind.merge(done.retriesByKind, uniquingKeysWith: +)
          $0.failures += done.failures
        }
      }
      thread.stackSize = 1 << 20
      thread.start()
    }
    group.wait()
    return result.state.withLock { $0 }
  }

  private func count(_ sql: String) throws -> Int {
    Int(try t.scalar(sql) ?? "-1") ?? -1
  }

  @Test func concurrentLoadKeepsTheInvariants() throws {
    try buildCloud()
    #expect(try count("SELECT COUNT(*) FROM {acc}.accounting_event_vm WHERE stopTime IS NULL") == Self.vms)
    #expect(try count("SELECT COUNT(*) FROM {acc}.accounting_event_storage WHERE stopTime IS NULL") == Self.volumes)
    #expect(try count("SELECT COUNT(*) FROM {acc}.accounting_event_ips WHERE stopTime IS NULL") == Self.allocatedIPs)

    let clock = ContinuousClock()
    let start = clock.now
    let load = runLoad()
    let elapsed = clock.now - start
    print(
      "ConcurrentCaptureTests: \(load.operations) operations on \(Self.threads) threads in \(elapsed); "
        + "retries: \(load.deadlocks + load.lockWaits) (\(load.deadlocks) deadlocks 1213, \(load.lockWaits) lock wait timeouts 1205); "
        + "by operation: "
        + load.retriesByKind.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    )
    #expect(load.failures == [])
    #expect(load.operations == Self.threads * Self.operationsPerThread)
    try t.exec("SET TIMESTAMP = DEFAULT")

    // The capture agrees with the inventory.
    #expect(try t.verifyProblems() == [])

    // Exactly one open row per live resource (and the resources are all still there).
    #expect(
      try count(
        "SELECT COUNT(*) FROM {inv}.virtualmachine WHERE idType = 1 AND state IN ('ON', 'OFF', 'PAUSED')")
        == Self.vms)
    #expect(
      try count(
        """
        SELECT COUNT(*) FROM {inv}.virtualmachine v
         WHERE v.idType = 1 AND v.state IN ('ON', 'OFF', 'PAUSED')
           AND (SELECT COUNT(*) FROM {acc}.accounting_event_vm e WHERE e.idVM = v.idVM AND e.stopTime IS NULL) <> 1
        """) == 0)
    #expect(
      try count(
        """
        SELECT COUNT(*) FROM {inv}.rasd_management r
         WHERE r.idResourceType = '8'
           AND (SELECT COUNT(*) FROM {acc}.accounting_event_storage e
                 WHERE e.idManagement = r.idManagement AND e.stopTime IS NULL) <> 1
        """) == 0)
    #expect(
      try count(
        """
        SELECT COUNT(*) FROM {inv}.ip_pool_management i JOIN {inv}.vlan_network n
            ON n.vlan_network_id = i.vlan_network_id AND n.networktype = 'PUBLIC'
         WHERE i.idVirtualDataCenter IS NOT NULL
           AND (SELECT COUNT(*) FROM {acc}.accounting_event_ips e
                 WHERE e.idManagement = i.idManagement AND e.stopTime IS NULL) <> 1
        """) == 0)
    #expect(
      try count(
        """
        SELECT COUNT(*) FROM {acc}.accounting_event_ips e
          JOIN {inv}.ip_pool_management i ON i.idManagement = e.idManagement
         WHERE e.stopTime IS NULL AND i.idVirtualDataCenter IS NULL
        """) == 0)

    // No row ends before it starts.
    for table in ["accounting_event_vm", "accounting_event_storage", "accounting_event_ips"] {
      #expect(try count("SELECT COUNT(*) FROM {acc}.\(table) WHERE stopTime < startTime") == 0, "\(table)")
    }

    // VMs and volumes stay live throughout: each chain starts when the cloud was built and tiles
    // time (each row ends where the next begins, ordered by start then id; the last is open).
    for (table, resource, key) in [
      ("accounting_event_vm", "idVM", "idVMAccountingEvent"),
      ("accounting_event_storage", "idManagement", "idStorageAccountingEvent"),
    ] {
      let breaks = try count(
        """
        SELECT COUNT(*) FROM (
          SELECT stopTime,
                 LEAD(startTime) OVER (PARTITION BY \(resource) ORDER BY startTime, \(key)) AS nextStart,
                 LEAD(\(key)) OVER (PARTITION BY \(resource) ORDER BY startTime, \(key)) AS nextId
            FROM {acc}.\(table)) x
         WHERE (nextId IS NOT NULL AND NOT (stopTime <=> nextStart))
            OR (nextId IS NULL AND stopTime IS NOT NULL)
        """)
      #expect(breaks == 0, "\(table): rows that do not end where the next one starts")
      #expect(
        try count(
          "SELECT COUNT(*) FROM (SELECT MIN(startTime) AS first FROM {acc}.\(table) GROUP BY \(resource)) x WHERE first <> '\(Self.built)'"
        ) == 0, "\(table): chains that do not start when the cloud was built")
    }
    // IPs are freed and allocated again: gaps allowed, overlaps not.
    let overlaps = try count(
      """
      SELECT COUNT(*) FROM (
        SELECT stopTime,
               LEAD(startTime) OVER (PARTITION BY idManagement ORDER BY startTime, idIPAccountingEvent) AS nextStart,
               LEAD(idIPAccountingEvent) OVER (PARTITION BY idManagement ORDER BY startTime, idIPAccountingEvent) AS nextId
          FROM {acc}.accounting_event_ips) x
       WHERE nextId IS NOT NULL AND (stopTime IS NULL OR stopTime > nextStart)
      """)
    #expect(overlaps == 0, "accounting_event_ips: overlapping rows")

    // The load wrote real history (every VM interval beyond the first is a change captured).
    #expect(try t.count("accounting_event_vm") > Self.vms * 5)
    #expect(try t.count("accounting_event_storage") > Self.volumes * 5)
    #expect(try t.count("accounting_event_ips") > Self.allocatedIPs)

    #expect(try t.rows("CALL {acc}.VERIFY_HISTORY(NULL, NULL)") == [])
  }
}
