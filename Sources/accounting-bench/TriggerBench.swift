import AccountingKit
import ArgumentParser
import Foundation

/// single-row inventory UPDATEs through the client, with and without the accounting
/// triggers, side by side (interleaved within each round), for a change that is accounted (cpu)
/// and one that is not (description); a rack with 1,000 deployed VMs toggling haEnabled
/// (set-based); and the same UPDATEs under simpler bodies of the VM trigger, to see what each
/// statement of the capture costs.
///
/// The protocol is the one an independent harness uses, so the ratios can be compared with its:
/// "without triggers" is `virtualmachine_plain`, a copy of the table (CREATE TABLE … LIKE and
/// INSERT … SELECT: same rows, same indexes, no triggers); every round updates each VM once, in
/// a fresh random order, by primary key, autocommit, through one reused prepared statement; the
/// values have equal lengths and every UPDATE changes one (`cpu` 2↔4, `description` 'a'↔'b'),
/// so neither table does less work because a value stayed put or a row grew.
struct TriggerBench {
  let db: Connection
  let names: SchemaNames
  let vms: Int
  let updates: Int
  let rounds: Int

  init(db: Connection, names: SchemaNames, vms: Int, updates: Int, rounds: Int) {
    // Bench's defaults for --updates and --rounds (1,000, 7) serve every benchmark; this one
    // updates each VM once a round, 5 rounds, unless the command line asked otherwise.
    let given = try? TriggerFlags.parse(Array(CommandLine.arguments.dropFirst()))
    self.db = db
    self.names = names
    self.vms = vms
    // At most once per VM and round: a second UPDATE in a round would write the value back.
    self.updates = min(given.map { $0.updates ?? vms } ?? updates, vms)
    self.rounds = given.map { $0.rounds ?? 5 } ?? rounds
  }

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
    // Every description starts at 'b', so the first round's 'a' is a change of equal length
    // (not a NULL growing into a string) in both tables.
    try db.run(
      """
      SET @accounting_mute = 1;
      UPDATE \(inv).virtualmachine SET description = 'b';
      SET @accounting_mute = NULL;
      UPDATE \(inv).virtualmachine_plain SET description = 'b';
      """)
    try db.execute("CALL \(acc).INITIAL_SNAPSHOT(?)", [.datetime("2026-01-01 00:00:00")])
    let open = try db.scalar("SELECT COUNT(*) FROM \(acc).accounting_event_vm WHERE stopTime IS NULL").int ?? 0
    guard open == Int64(vms) else { throw BenchError("expected \(vms) open VM intervals after the snapshot, found \(open)") }
    let flush = try db.scalar("SELECT @@innodb_flush_log_at_trx_commit").description

    let toggles = try Toggles(db: db, names: names, vms: vms)
    defer { toggles.close() }
    var rng = SystemRandomNumberGenerator()
    let intervalsBefore = try db.scalar("SELECT COUNT(*) FROM \(acc).accounting_event_vm").int ?? 0
    let main = try measure(toggles, rounds: rounds, clockFrom: "2026-01-01 01:00:00", label: "triggers", using: &rng)
    let written = (try db.scalar("SELECT COUNT(*) FROM \(acc).accounting_event_vm").int ?? 0) - intervalsBefore

    report("## Capture triggers, flush=\(flush)")
    report("")
    report(
      "\(vms) deployed VMs with an open interval each; innodb_flush_log_at_trx_commit=\(flush). "
        + "Each round updates \(updates == vms ? "every VM" : "\(updates) distinct VMs") once per variant, in a fresh random order: "
        + "single-row autocommit UPDATEs by primary key through one reused prepared statement, values of equal length toggled "
        + "(`cpu` 2↔4, `description` 'a'↔'b'), the four variants interleaved (order alternating between rounds); \(rounds) rounds; "
        + "ratio = triggered/plain per round, median of rounds; µs are medians of rounds. "
        + "\"plain\" is the same table without triggers (CREATE TABLE … LIKE, INSERT … SELECT).")
    report("")
    report("| change | plain µs/UPDATE | with triggers µs/UPDATE | ratio (median of rounds) | target |")
    report("|---|---|---|---|---|")
    report(
      "| accounted (`cpu`) | \(fmt(main.microseconds(.plainAccounted), 0)) | \(fmt(main.microseconds(.triggeredAccounted), 0)) | \(fmt(main.ratio(accounted: true)))× | ≤ 2.5× |")
    report(
      "| not accounted (`description`) | \(fmt(main.microseconds(.plainUnaccounted), 0)) | \(fmt(main.microseconds(.triggeredUnaccounted), 0)) | \(fmt(main.ratio(accounted: false)))× | ≤ 1.25× |"
    )

    // The set-based parent case: rack 1 holds the first 1,000 VMs (hypervisor 1 → pm1 → rack 1).
    var rackToggles: [Double] = []
    for round in 0..<rounds {
      try db.execute("SET TIMESTAMP = UNIX_TIMESTAMP(?) + ?", [.datetime("2026-01-01 02:00:00"), .int(Int64(round))])
      let t = try timed { try db.execute("UPDATE \(inv).rack SET haEnabled = 1 - haEnabled WHERE idRack = 1") }
      rackToggles.append(t * 1000)
    }
    try db.run("SET TIMESTAMP = DEFAULT")
    let onRack = try db.scalar(
      "SELECT COUNT(*) FROM \(acc).accounting_event_vm WHERE stopTime IS NULL AND idVM <= 1000 AND haEnabled = ?",
      [.int(Int64(rounds % 2))]).int ?? -1
    report(
      "| rack `haEnabled` toggle, 1,000 deployed VMs (set-based re-snapshot) | | \(fmt(median(rackToggles), 1)) ms per toggle (\(fmt(median(rackToggles) * 1000 / 1000, 0)) µs per VM) | | ≤ 35 ms |"
    )
    report("")
    // Each accounted UPDATE closes the VM's interval and opens the next; the description writes none.
    if written != Int64(rounds * updates) {
      report("WARNING: the measured UPDATEs wrote \(written) intervals, expected \(rounds * updates) (one per accounted UPDATE)")
    }
    if onRack != 1000 { report("WARNING: after the toggles \(onRack) open rows carry the rack's HA flag, expected 1000") }

    try perStatement(toggles, using: &rng)
  }

  /// Runs `rounds` rounds of the four variants; the session clock moves a second per round from
  /// `firstSecond` seconds after `clockFrom`, so each accounted change closes a real interval.
  func measure<R: RandomNumberGenerator>(
    _ toggles: Toggles, rounds: Int, clockFrom: String, firstSecond: Int = 0, label: String, using rng: inout R
  ) throws -> Measured {
    var measured = Measured()
    for round in 0..<rounds {
      try db.execute(
        "SET TIMESTAMP = UNIX_TIMESTAMP(?) + ?", [.datetime(clockFrom), .int(Int64(firstSecond + round))])
      let ids = Array((1...Int64(vms)).shuffled(using: &rng).prefix(updates))
      let order = round % 2 == 0 ? Variant.allCases : Variant.allCases.reversed()
      let us = try toggles.round(ids, order: order)
      for (variant, t) in us { measured.perUpdate[variant, default: []].append(t) }
      // Each round's figures, so a disturbed round can be told from a steady difference.
      let figures = Variant.allCases.map { "\($0.short) \(fmt(us[$0] ?? .nan, 0))" }.joined(separator: ", ")
      progress("\(label): round \(round + 1)/\(rounds): µs/UPDATE \(figures)")
    }
    try db.run("SET TIMESTAMP = DEFAULT")
    return measured
  }

  enum Variant: CaseIterable {
    case plainAccounted, triggeredAccounted, plainUnaccounted, triggeredUnaccounted

    var accounted: Bool { self == .plainAccounted || self == .triggeredAccounted }
    var triggered: Bool { self == .triggeredAccounted || self == .triggeredUnaccounted }
    var short: String { (triggered ? "triggered " : "plain ") + (accounted ? "cpu" : "description") }
  }

  /// µs per UPDATE of each variant, one figure per round.
  struct Measured {
    var perUpdate: [Variant: [Double]] = [:]

    func microseconds(_ v: Variant) -> Double { median(perUpdate[v] ?? []) }

    private func pairs(accounted: Bool) -> [(plain: Double, triggered: Double)] {
      let plain = perUpdate[accounted ? .plainAccounted : .plainUnaccounted] ?? []
      let triggered = perUpdate[accounted ? .triggeredAccounted : .triggeredUnaccounted] ?? []
      return zip(plain, triggered).map { (plain: $0, triggered: $1) }
    }

    /// Triggered/plain within each round (the two ran side by side), median over rounds.
    func ratio(accounted: Bool) -> Double {
      median(pairs(accounted: accounted).map { $0.triggered / $0.plain })
    }

    /// What the trigger adds to an UPDATE, within each round, median over rounds.
    func added(accounted: Bool) -> Double {
      median(pairs(accounted: accounted).map { $0.triggered - $0.plain })
    }
  }

  /// The four prepared UPDATEs, and the value each VM holds (the same in both tables): every
  /// UPDATE writes the other value of an equal-length pair, so each one changes the row.
  final class Toggles {
    private let statements: [Variant: PreparedStatement]
    private var cpuIsFour: [Bool]
    private var descriptionIsA: [Bool]

    init(db: Connection, names: SchemaNames, vms: Int) throws {
      let inv = names.inventory
      var statements: [Variant: PreparedStatement] = [:]
      for v in Variant.allCases {
        let table = v.triggered ? "virtualmachine" : "virtualmachine_plain"
        let column = v.accounted ? "cpu" : "description"
        statements[v] = try db.prepare("UPDATE \(inv).\(table) SET \(column) = ? WHERE idVM = ?")
      }
      self.statements = statements
      // Indexed by idVM: all VMs start at cpu 2 and description 'b'.
      cpuIsFour = Array(repeating: false, count: vms + 1)
      descriptionIsA = Array(repeating: false, count: vms + 1)
    }

    /// Updates each VM of `ids` once with each variant, in `order`; µs per UPDATE per variant.
    func round(_ ids: [Int64], order: [Variant]) throws -> [Variant: Double] {
      // Whole rounds make this round r sets cpu 4 and 'a' when r is even, 2 and 'b' when odd.
      let cpu = ids.map { SQLValue.int(cpuIsFour[Int($0)] ? 2 : 4) }
      let description = ids.map { SQLValue.text(descriptionIsA[Int($0)] ? "b" : "a") }
      var perUpdate: [Variant: Double] = [:]
      for v in order {
        let statement = statements[v]!
        let values = v.accounted ? cpu : description
        let t = try timed {
          for (i, id) in ids.enumerated() { try statement.execute([values[i], .int(id)]) }
        }
        perUpdate[v] = t / Double(ids.count) * 1e6
      }
      for id in ids {
        cpuIsFour[Int(id)].toggle()
        descriptionIsA[Int(id)].toggle()
      }
      return perUpdate
    }

    func close() {
      for s in statements.values { s.close() }
    }
  }
}

/// The trigger benchmark's own reading of --updates and --rounds: nil when not given, so its
/// defaults can differ from the ones Bench shares with the other benchmarks.
struct TriggerFlags: ParsableArguments {
  @Option var updates: Int?
  @Option var rounds: Int?
  @Argument(parsing: .allUnrecognized) var rest: [String] = []
}

struct BenchError: Error, CustomStringConvertible {
  let description: String
  init(_ d: String) { description = d }
}
