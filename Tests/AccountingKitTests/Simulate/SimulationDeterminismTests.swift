import AccountingKit
import AccountingSimulator
import Testing

/// The workload generator is deterministic for a seed: the same operations and the same rows.
@Suite(.serialized)
struct SimulationDeterminismTests {
  let t: TestSchema
  init() throws { t = try TestSchema("simdet") }

  func simulate(_ size: SimulationSize = .small, seed: UInt64) throws -> SimulationResult {
    try Simulator(db: t.db, names: t.names, options: SimulationOptions(size: size, seed: seed))
      .run()
  }

  /// Full row dumps of the VMs and of every event table.
  func dump() throws -> [String: [[String?]]] {
    var tables: [String: [[String?]]] = [:]
    tables["virtualmachine"] = try t.rows("SELECT * FROM {inv}.virtualmachine ORDER BY idVM")
    for kind in ["vm", "pm", "repository", "storage", "ips", "vlan"] {
      tables["accounting_event_\(kind)"] = try t.rows(
        "SELECT * FROM {acc}.accounting_event_\(kind) ORDER BY 1")
    }
    return tables
  }

  @Test func sameSeedGivesTheSameOperationsAndRows() throws {
    let first = try simulate(seed: 7)
    let firstRows = try dump()
    try t.reset()
    let second = try simulate(seed: 7)
    let secondRows = try dump()

    #expect(first.operations.count == second.operations.count)
    #expect(first.operations == second.operations)
    #expect(first.counts == second.counts)
    for (table, rows) in firstRows.sorted(by: { $0.key < $1.key }) {
      #expect(rows == secondRows[table], "\(table) differs between two runs of seed 7")
    }
    // It did write a cloud, and the triggers accounted for it.
    #expect(firstRows["virtualmachine"]!.count >= 30)
    for kind in ["vm", "pm", "repository", "storage", "ips", "vlan"] {
      #expect(!firstRows["accounting_event_\(kind)"]!.isEmpty, "no \(kind) events")
    }
  }

  @Test func anotherSeedGivesAnotherLog() throws {
    let a = try simulate(seed: 7)
    try t.reset()
    let b = try simulate(seed: 8)
    #expect(a.operations != b.operations)
  }

  @Test func theLogIsInTimeOrderWithinThePeriod() throws {
    let r = try simulate(seed: 3)
    let start = try #require(UnixTime.seconds("2026-01-05 00:00:00"))
    #expect(r.start == start)
    #expect(r.end == start + 2 * 86_400)
    // The setup comes first, at the start, in bulk.
    #expect(r.operations.first?.kind == .setup)
    #expect(r.operations.first?.time == start)
    #expect(r.operations.first?.writes.first?.table == .datacenter)
    let setup = r.operations.prefix { $0.kind == .setup }
    #expect(setup.allSatisfy { $0.time == start && $0.writes.count <= 1000 })
    #expect(setup.flatMap(\.writes).filter { $0.table == .virtualmachine }.count == 30)
    // Then the activity, one operation at a time, in order, inside the period.
    let activity = r.operations.dropFirst(setup.count)
    #expect(!activity.isEmpty)
    #expect(
      activity.allSatisfy {
        $0.kind != .setup && !$0.writes.isEmpty && $0.time > start && $0.time < r.end
      })
    #expect(zip(activity, activity.dropFirst()).allSatisfy { $0.time <= $1.time })
    #expect(r.totalOperations == r.operations.count)
    #expect(r.rows == r.operations.reduce(0) { $0 + $1.writes.count })
  }

  /// The demo: about 100 VMs over 3 days, every kind of activity at least 10 times, in seconds;
  /// the capture is consistent afterwards.
  @Test func theDemoHasEveryKindTenTimes() throws {
    let r = try simulate(.demo, seed: 1)
    for kind in SimulatedOperation.Kind.activity {
      #expect((r.counts[kind] ?? 0) >= 10, "\(kind.rawValue): \(r.counts[kind] ?? 0) times")
    }
    #expect(r.end - r.start == 3 * 86_400)
    #expect(r.deployedVMs > 50)
    #expect(try t.rows("CALL {acc}.VERIFY_CAPTURE()") == [])
    // Names with quotes and non-ASCII went through as parameters (some were renamed since: the
    // name history has them all).
    for name in ["O'Reilly & Søn", "Müller \"Cloud\" GmbH", "東京クラウド株式会社"] {
      #expect(
        try t.scalar(
          "SELECT COUNT(*) FROM {acc}.name_history WHERE objectKind = 1 AND name = ?", .text(name))
          == "1", "\(name)")
    }
    #expect(
      r.summary.hasPrefix(
        "simulated 2026-01-05T00:00:00Z to 2026-01-08T00:00:00Z (3 days, seed 1): "))
  }

  @Test func theClockIsTheServersAgainAfterARun() throws {
    _ = try simulate(seed: 5)
    #expect(
      try t.scalar("SELECT ABS(TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), UTC_TIMESTAMP(6))) < 2")
        == "1")
    #expect(
      try t.scalar(
        "SELECT @@timestamp > UNIX_TIMESTAMP('2026-01-08 00:00:00') OR @@timestamp < UNIX_TIMESTAMP('2026-01-05 00:00:00')"
      ) == "1")
  }
}

/// The generator's own arithmetic, with numbers written out by hand.
@Suite struct SimulationUnitTests {
  @Test func splitMix64MatchesTheReferenceOutputs() {
    var rng = SplitMix64(seed: 0)
    #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
    #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
    #expect(rng.next() == 0x06C4_5D18_8009_454F)
  }

  @Test func belowStaysInRange() {
    var rng = SplitMix64(seed: 42)
    var seen = Set<Int>()
    for _ in 0..<1000 {
      let x = rng.below(7)
      #expect((0..<7).contains(x))
      seen.insert(x)
    }
    #expect(seen.count == 7)
  }

  @Test func unixTimeBothWays() {
    #expect(UnixTime.seconds("2026-01-05 00:00:00") == 1_767_571_200)
    #expect(UnixTime.seconds("2024-02-29 12:34:56") == 1_709_210_096)
    #expect(UnixTime.seconds("1999-12-31 23:59:59") == 946_684_799)
    #expect(UnixTime.text(1_709_210_096) == "2024-02-29 12:34:56")
    #expect(UnixTime.text(1_767_571_200 + 13 * 3600 + 59) == "2026-01-05 13:00:59")
    #expect(UnixTime.iso(1_767_571_200) == "2026-01-05T00:00:00Z")
    #expect(UnixTime.seconds("2026-01-05") == nil)
  }

  @Test func sizes() {
    let demo = SimulationOptions(size: .demo)
    #expect((demo.enterprises, demo.vms, demo.days, demo.operationsPerDay) == (4, 100, 3, 700))
    #expect(demo.start == 1_767_571_200)
    #expect(demo.end == 1_767_571_200 + 3 * 86_400)
    let big = SimulationOptions(size: .hundredThousand)
    #expect(
      (big.enterprises, big.vms, big.days, big.operationsPerDay) == (200, 100_000, 1, 107_000))
    #expect(SimulationOptions(size: .tenThousand, vms: 20).operationsPerDay == 210)
    #expect(throws: UsageError.self) { try SimulationOptions(size: .small, days: 0).validate() }
  }
}
