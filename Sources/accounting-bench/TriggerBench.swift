import AccountingKit
import Foundation

/// Issue 3: single-row inventory UPDATEs through the client, with and without the accounting
/// triggers, side by side (interleaved rounds), for a change that is accounted (cpu) and one that
/// is not (description); and a rack with 1,000 deployed VMs toggling haEnabled (set-based).
///
/// "Without triggers" is `virtualmachine_plain`, a copy of the table (same rows, same indexes,
/// no triggers): the same UPDATE, by primary key, autocommit, through a reused prepared statement.
struct TriggerBench {
  let db: Connection
  let names: SchemaNames
  let vms: Int
  let updates: Int
  let rounds: Int

  func run() throws {
    progress("triggers: building \(vms) deployed VMs in bulk")
    try installFresh(db, names)
    let inv = names.inventory
    let acc = names.accounting
    try db.run("USE \(inv)")  // the sequence engine's seq_1_to_N needs a current database
    try db.run("SET @accounting_mute = 1")
    try db.run(
      """
      INSERT INTO \(inv).datacenter (idDataCenter, name, region) VALUES (1, 'dc1', 'eu-west');
      INSERT INTO \(inv).enterprise (idEnterprise, name) VALUES (1, 'Bench Corp');
      INSERT INTO \(inv).rack (idRack, idDataCenter, name, haEnabled) VALUES (1, 1, 'rack-ha', 0), (2, 1, 'rack-2', 0);
      INSERT INTO \(inv).physicalmachine (idPhysicalMachine, idDataCenter, idRack, name, cpu, ram)
        VALUES (1, 1, 1, 'pm1', 64, 262144), (2, 1, 2, 'pm2', 64, 262144);
      INSERT INTO \(inv).hypervisor (id, idPhysicalMachine, type) VALUES (1, 1, 'KVM'), (2, 2, 'KVM');
      INSERT INTO \(inv).virtualdatacenter (idVirtualDataCenter, idEnterprise, idDataCenter, name, hypervisorType)
        VALUES (1, 1, 1, 'vdc1', 'KVM');
      INSERT INTO \(inv).virtualapp (idVirtualApp, idVirtualDataCenter, idEnterprise, name) VALUES (1, 1, 1, 'app1');
      INSERT INTO \(inv).virtualmachine (idVM, name, idEnterprise, idVirtualApp, idHypervisor, cpu, ram, hd, state, idType)
        SELECT seq, CONCAT('vm-', seq), 1, 1, IF(seq <= 1000, 1, 2), 2, 2048, 10737418240, 'ON', 1
        FROM seq_1_to_\(vms);
      SET @accounting_mute = NULL;
      CREATE TABLE \(inv).virtualmachine_plain LIKE \(inv).virtualmachine;
      INSERT INTO \(inv).virtualmachine_plain SELECT * FROM \(inv).virtualmachine;
      """)
    try db.execute("CALL \(acc).INITIAL_SNAPSHOT(?)", [.datetime("2026-01-01 00:00:00")])
    let open = try db.scalar("SELECT COUNT(*) FROM \(acc).accounting_event_vm WHERE stopTime IS NULL").int ?? 0
    guard open == Int64(vms) else { throw BenchError("expected \(vms) open VM intervals after the snapshot, found \(open)") }

    // Each variant: `updates` autocommit UPDATEs of distinct random VMs.
    struct Variant {
      let name: String
      let statement: PreparedStatement
      let value: (Int, Int) -> SQLValue
    }
    let variants = [
      Variant(name: "plain-accounted", statement: try db.prepare("UPDATE \(inv).virtualmachine_plain SET cpu = ? WHERE idVM = ?"), value: { r, _ in .int(Int64(3 + r % 2)) }),
      Variant(name: "trig-accounted", statement: try db.prepare("UPDATE \(inv).virtualmachine SET cpu = ? WHERE idVM = ?"), value: { r, _ in .int(Int64(3 + r % 2)) }),
      Variant(name: "plain-unaccounted", statement: try db.prepare("UPDATE \(inv).virtualmachine_plain SET description = ? WHERE idVM = ?"), value: { r, i in .text("d\(r)-\(i)") }),
      Variant(name: "trig-unaccounted", statement: try db.prepare("UPDATE \(inv).virtualmachine SET description = ? WHERE idVM = ?"), value: { r, i in .text("d\(r)-\(i)") }),
    ]
    var times: [String: [Double]] = [:]
    var rng = SystemRandomNumberGenerator()
    for round in 0..<rounds {
      // The session clock moves a second per round, so each accounted change closes a real interval.
      try db.execute("SET TIMESTAMP = UNIX_TIMESTAMP(?) + ?", [.datetime("2026-01-01 01:00:00"), .int(Int64(round))])
      let ids = (0..<updates).map { _ in Int64.random(in: 1...Int64(vms), using: &rng) }
      let order = round % 2 == 0 ? variants : variants.reversed()
      for v in order {
        let t = try timed {
          for (i, id) in ids.enumerated() { try v.statement.execute([v.value(round, i), .int(id)]) }
        }
        times[v.name, default: []].append(t / Double(updates) * 1e6)
      }
      progress("triggers: round \(round + 1)/\(rounds)")
    }
    for v in variants { v.statement.close() }
    try db.run("SET TIMESTAMP = DEFAULT")

    func ratios(_ trig: String, _ plain: String) -> [Double] {
      zip(times[trig]!, times[plain]!).map { $0 / $1 }
    }
    let accounted = median(ratios("trig-accounted", "plain-accounted"))
    let unaccounted = median(ratios("trig-unaccounted", "plain-unaccounted"))
    report("## Capture triggers (issue 3)")
    report("")
    report("\(vms) deployed VMs with an open interval each; \(updates) single-row autocommit UPDATEs by primary key per variant and round, \(rounds) interleaved rounds, medians; \"plain\" is the same table without triggers.")
    report("")
    report("| change | plain µs/UPDATE | with triggers µs/UPDATE | ratio (median of rounds) | target |")
    report("|---|---|---|---|---|")
    report("| accounted (`cpu`) | \(fmt(median(times["plain-accounted"]!), 0)) | \(fmt(median(times["trig-accounted"]!), 0)) | \(fmt(accounted))× | ≤ 2.0× |")
    report("| not accounted (`description`) | \(fmt(median(times["plain-unaccounted"]!), 0)) | \(fmt(median(times["trig-unaccounted"]!), 0)) | \(fmt(unaccounted))× | ≤ 1.1× |")

    // The set-based parent case: rack 1 holds the first 1,000 VMs (hypervisor 1 → pm1 → rack 1).
    var toggles: [Double] = []
    for round in 0..<rounds {
      try db.execute("SET TIMESTAMP = UNIX_TIMESTAMP(?) + ?", [.datetime("2026-01-01 02:00:00"), .int(Int64(round))])
      let t = try timed { try db.execute("UPDATE \(inv).rack SET haEnabled = 1 - haEnabled WHERE idRack = 1") }
      toggles.append(t * 1000)
    }
    try db.run("SET TIMESTAMP = DEFAULT")
    let onRack = try db.scalar(
      "SELECT COUNT(*) FROM \(acc).accounting_event_vm WHERE stopTime IS NULL AND haEnabled = ?",
      [.int(Int64(rounds % 2))]).int ?? -1
    report("| rack `haEnabled` toggle, 1,000 deployed VMs (set-based re-snapshot) | | \(fmt(median(toggles), 1)) ms per toggle (\(fmt(median(toggles) * 1000 / 1000, 0)) µs per VM) | | |")
    report("")
    if onRack != 1000 { report("WARNING: after the toggles \(onRack) open rows carry the rack's HA flag, expected 1000") }
  }
}

struct BenchError: Error, CustomStringConvertible {
  let description: String
  init(_ d: String) { description = d }
}
