import AccountingKit
import Testing

/// `accounting schedule enable|disable|show`: MariaDB EVENTs in the accounting schema that call
/// ROLLUP_RUN and PURGE_RUN, read back from information_schema.EVENTS. Each test drops what it
/// created (the test server runs its event scheduler).
@Suite(.serialized)
struct ScheduleToolTests {
  let t: TestSchema
  init() throws { t = try TestSchema("sched") }

  var common: [String] {
    ["--no-defaults", "--inventory-schema", t.inventory, "--accounting-schema", t.accounting]
  }

  private func events() throws -> [[String?]] {
    try t.rows(
      """
      SELECT EVENT_NAME, STATUS, INTERVAL_VALUE, INTERVAL_FIELD, STARTS, EVENT_DEFINITION, TIME_ZONE, ON_COMPLETION
      FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? ORDER BY EVENT_NAME
      """, .text(t.accounting))
  }

  @Test func enableShowDisable() throws {
    defer { _ = try? Tool.run(["schedule", "disable"] + common) }
    let none = try Tool.run(["schedule", "show"] + common)
    #expect(none.status == 0)
    let scheduler = try t.scalar("SELECT @@GLOBAL.event_scheduler") ?? ""
    #expect(none.stdout.hasPrefix("event_scheduler: \(scheduler)"))
    #expect(
      none.stdout.hasSuffix("no events in this schema (accounting schedule enable creates them)\n"))

    let on = try Tool.run(["schedule", "enable"] + common)
    #expect(on.status == 0, "\(on.stderr)")
    #expect(
      on.stdout
        == "schedule: enabled accounting_rollup_hourly (every hour at :10 UTC) and accounting_purge_daily (every day at 03:30 UTC)\n"
    )
    let acc = "`\(t.accounting)`"
    #expect(
      try events() == [
        [
          "accounting_purge_daily", "ENABLED", "1", "DAY", "2000-01-01 03:30:00",
          "CALL \(acc).PURGE_RUN(NULL, 10000)",
          "+00:00", "PRESERVE",
        ],
        [
          "accounting_rollup_hourly", "ENABLED", "1", "HOUR", "2000-01-01 00:10:00",
          "CALL \(acc).ROLLUP_RUN(NULL, NULL, NULL, NULL)", "+00:00", "PRESERVE",
        ],
      ])
    let show = try Tool.run(["schedule", "show"] + common)
    let lines = show.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 4)
    #expect(
      lines[1].split(separator: " ") == ["event", "status", "schedule", "last", "run", "calls"])
    #expect(
      lines[2].hasPrefix(
        "accounting_purge_daily    ENABLED  every 1 DAY from 2000-01-01T03:30:00Z"), "\(lines[2])")
    #expect(lines[2].hasSuffix("CALL \(acc).PURGE_RUN(NULL, 10000)"))
    #expect(
      lines[3].hasPrefix(
        "accounting_rollup_hourly  ENABLED  every 1 HOUR from 2000-01-01T00:10:00Z"), "\(lines[3])")

    // Enabling again with other times replaces them.
    let again = try Tool.run(
      ["schedule", "enable", "--rollup-minute", "5", "--purge-at", "22:45", "--batch", "500"]
        + common)
    #expect(again.status == 0, "\(again.stderr)")
    #expect(
      try events().map { [$0[0], $0[4], $0[5]] } == [
        ["accounting_purge_daily", "2000-01-01 22:45:00", "CALL \(acc).PURGE_RUN(NULL, 500)"],
        [
          "accounting_rollup_hourly", "2000-01-01 00:05:00",
          "CALL \(acc).ROLLUP_RUN(NULL, NULL, NULL, NULL)",
        ],
      ])

    let off = try Tool.run(["schedule", "disable"] + common)
    #expect(off.stdout == "schedule: dropped accounting_rollup_hourly and accounting_purge_daily\n")
    #expect(try events() == [])
    #expect(
      try Tool.run(["schedule", "disable"] + common).stdout == "schedule: no events to drop\n")
  }

  @Test func theEventsCallWhatTheToolRuns() throws {
    defer { _ = try? Tool.run(["schedule", "disable"] + common) }
    #expect(try Tool.run(["schedule", "enable"] + common).status == 0)
    // Run each event's body as the scheduler would (its clock: this session's, set to 12:00): a
    // purge run and a rollup run (hour 10:00: 11:00 ends after 12:00 - 5 min), one log line each.
    try t.clock("2026-01-05 12:00:00")
    try t.rollupNames()
    try t.vmEvent("2026-01-05 10:00:00", "2026-01-05 11:00:00")
    for row in try events() { try t.exec(row[5]!) }
    #expect(
      try t.rows("SELECT level, source FROM {acc}.LOG_VW ORDER BY logTime, source") == [
        ["INFO", "purge"], ["INFO", "rollup"],
      ])
    #expect(
      try t.scalar(
        "SELECT COUNT(*) FROM {acc}.accounting_rollup_ledger WHERE starttime = '2026-01-05 10:00:00'"
      ) == "1")
  }

  @Test func badScheduleInput() throws {
    for args in [
      ["schedule", "enable", "--purge-at", "25:00"], ["schedule", "enable", "--purge-at", "3:30"],
      ["schedule", "enable", "--rollup-minute", "60"], ["schedule", "enable", "--batch", "0"],
      ["schedule", "pause"],
    ] {
      let r = try Tool.run(args + common)
      #expect(r.status == 64, "\(args): \(r.stderr)")
      #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
    }
    #expect(try events() == [])
  }

  /// On a Galera cluster each node's events carry its @@wsrep_node_name, made a safe identifier.
  @Test func clusterNodeEventNames() {
    #expect(Schedule.eventNames(node: nil) == ("accounting_rollup_hourly", "accounting_purge_daily"))
    #expect(
      Schedule.eventNames(node: "node1")
        == ("accounting_rollup_hourly_node1", "accounting_purge_daily_node1"))
    // Changed by the cleaning: the name's hash keeps apart names that differ only there.
    let dash = Schedule.nodeSuffix("node-1")
    let dot = Schedule.nodeSuffix("node.1")
    #expect(dash.hasPrefix("node_1_") && dash.count == 15, "\(dash)")
    #expect(dot.hasPrefix("node_1_") && dot != dash, "\(dot)")
    #expect(Schedule.nodeSuffix("node_1") == "node_1")
    #expect(Schedule.nodeSuffix("Node1") != Schedule.nodeSuffix("node1"))
    #expect(Schedule.nodeSuffix("node-1") == dash)  // stable
    let long = Schedule.nodeSuffix(String(repeating: "x", count: 100) + "é`; DROP")
    #expect(long.count == 24 + 9 && long.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
    #expect(Schedule.eventNames(node: String(repeating: "é", count: 80)).rollup.count <= 64)
    #expect(Schedule.nodeSuffix("").count == 9)
    for name in ["accounting_rollup_hourly", "accounting_purge_daily_node1", "accounting_rollup_hourly_x_1a2b3c4d"] {
      #expect(Schedule.isScheduleEvent(name))
    }
    #expect(!Schedule.isScheduleEvent("accounting_rollup_weekly"))
  }
}
