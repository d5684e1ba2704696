import AccountingKit
import Testing

/// accounting_event_detail's monthly partitions: DETAIL_PARTITIONS_ENSURE adds them ahead of
/// time (the rollup calls it), the purge drops the expired ones whole, and nothing depends on
/// them: rows in pmax move when their month is split off, and without partitioning the purge
/// deletes the same rows.
@Suite(.serialized)
struct PurgePartitionTests {
  let t: TestSchema

  init() throws {
    t = try TestSchema("purgeparts")
    try t.resetPartitions()
  }

  func ensure(_ until: String) throws {
    try t.exec("CALL {acc}.DETAIL_PARTITIONS_ENSURE(?)", .datetime(until))
  }

  @Test func ensureAddsMonthsFromTheStartThroughTheMonthOfUntil() throws {
    // No start, no event: from the month of p_until.
    try ensure("2026-04-10 00:00:00")
    #expect(try t.partitions() == ["p202604", "pmax"])
    // Later months are added above; earlier ones never (the lowest holds anything older).
    try ensure("2026-06-30 23:59:59")
    #expect(try t.partitions() == ["p202604", "p202605", "p202606", "pmax"])
    try ensure("2026-05-01 00:00:00")
    #expect(try t.partitions() == ["p202604", "p202605", "p202606", "pmax"])
    #expect(
      try t.rows(
        """
        SELECT PARTITION_DESCRIPTION FROM information_schema.PARTITIONS
        WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'accounting_event_detail' ORDER BY PARTITION_ORDINAL_POSITION
        """, .text(t.accounting)
      ) == [
        ["'2026-05-01 00:00:00'"], ["'2026-06-01 00:00:00'"], ["'2026-07-01 00:00:00'"],
        ["MAXVALUE"],
      ])
    #expect(t.errno { try t.exec("CALL {acc}.DETAIL_PARTITIONS_ENSURE(NULL)") } == 30300)
    #expect(
      t.errno {
        try t.exec("START TRANSACTION")
        defer { _ = try? t.exec("ROLLBACK") }
        try ensure("2026-08-01 00:00:00")
      } == 30302)
  }

  @Test func theFirstSplitStartsAtTheRollupStartAndTheRollupRunsItAhead() throws {
    try t.rollupNames()
    try t.vmEvent("2026-01-30 22:00:00", "2026-02-01 01:00:00")
    // ROLLUP_RUN at 2026-02-01 02:10 adds partitions from the earliest event's month (January)
    // through the month after now (March), before the hours. 28 hours: 01-30 22:00 .. 02-01 01:00.
    #expect(try t.rollupRun(now: "2026-02-01 02:10:00")[0...1] == ["done", "28"])
    #expect(try t.partitions() == ["p202601", "p202602", "p202603", "pmax"])
    // 26 January hours (22:00 on the 30th .. 23:00 on the 31st) x 6 rows; 1 February hour x 6.
    #expect(
      try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_event_detail PARTITION (p202601)")
        == "156")
    #expect(
      try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_event_detail PARTITION (p202602)") == "6")
    #expect(
      try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_event_detail PARTITION (pmax)") == "0")
    // The tool does the same.
    let r = try Tool.run(
      [
        "rollup", "--now", "2026-03-02T00:10:00Z", "--no-defaults", "--inventory-schema",
        t.inventory,
        "--accounting-schema", t.accounting,
      ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try t.partitions() == ["p202601", "p202602", "p202603", "p202604", "pmax"])
  }

  @Test func rowsInPmaxMoveWhenTheirMonthIsSplitOff() throws {
    try t.rollupNames()
    try t.exec("CALL {acc}.ROLLUP_SET_START('2026-03-01 00:00:00')")
    try t.vmEvent("2026-03-01 00:00:00", nil)
    // Hours processed without the partitions (ROLLUP_HOUR alone does not add them): in pmax.
    for h in ["2026-03-01 00:00:00", "2026-03-01 01:00:00"] { try t.rollupHour(h) }
    #expect(try t.partitions() == ["pmax"])
    let before = try t.allDetail()
    try ensure("2026-03-15 00:00:00")
    #expect(try t.partitions() == ["p202603", "pmax"])
    #expect(
      try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_event_detail PARTITION (p202603)") == "12"
    )
    #expect(try t.allDetail() == before)
  }

  @Test func thePurgeDropsOnlyWholeExpiredMonths() throws {
    try t.purgeHistory(sentinels: false)
    #expect(try t.partitions() == ["p202602", "p202603", "p202604", "p202605", "pmax"])
    // detail 45 days -> cut 2026-03-01: p202602 (63 rows) goes whole, p202603 stays.
    try t.retention(events: 45, detail: 45, daily: 45, monthly: 45, ledger: 45, log: 45)
    #expect(
      try t.purgePlan(now: "2026-04-15 12:00:00")[6] == [
        "accounting_event_detail", "2026-03-01 00:00:00", "63", "1",
      ])
    let r = try t.purgeRun(now: "2026-04-15 12:00:00")
    #expect(r["accounting_event_detail"] == "63")
    #expect(r["partitionsDropped"] == "1")
    #expect(try t.partitions() == ["p202603", "p202604", "p202605", "pmax"])
  }

  @Test func withoutPartitionsThePurgeDeletesTheSameRows() throws {
    try t.exec("ALTER TABLE {acc}.accounting_event_detail REMOVE PARTITIONING")
    try t.purgeHistory(sentinels: false)
    // The rollup's DETAIL_PARTITIONS_ENSURE leaves a table without pmax alone.
    #expect(try t.partitions() == [""])
    try t.retention(events: 45, detail: 45, daily: 45, monthly: 45, ledger: 45, log: 45)
    #expect(
      try t.purgePlan(now: "2026-04-15 12:00:00")[6] == [
        "accounting_event_detail", "2026-03-01 00:00:00", "63", "0",
      ])
    // In batches of 10: 63 rows, no partition.
    let r = try t.purgeRun(now: "2026-04-15 12:00:00", batch: 10)
    #expect(r["accounting_event_detail"] == "63")
    #expect(r["partitionsDropped"] == "0")
    #expect(r["rowsDeleted"] == "136")
    #expect(
      try t.scalar("SELECT MIN(starttime) FROM {acc}.accounting_event_detail")
        == "2026-03-01 00:00:00")
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_event_detail") == "5228")
  }

  @Test func aBusyTableMakesTheDropGiveWayToDeletes() throws {
    try t.purgeHistory(sentinels: false)
    try t.retention(events: 45, detail: 45, daily: 45, monthly: 45, ledger: 45, log: 45)
    // A long report holds the detail's metadata lock (an open transaction that read it): the
    // DROP PARTITION waits 2 s, gives up, and the rows go by DELETE instead; a WARN line says so.
    let reader = try TestSchema.connect()
    defer { reader.close() }
    try reader.run("START TRANSACTION")
    _ = try reader.scalar(
      "SELECT COUNT(*) FROM \(quoteIdent(t.accounting)).accounting_event_detail")
    let r = try t.purgeRun(now: "2026-04-15 12:00:00")
    try reader.run("ROLLBACK")
    #expect(r["accounting_event_detail"] == "63")
    #expect(r["partitionsDropped"] == "0")
    #expect(try t.partitions() == ["p202602", "p202603", "p202604", "p202605", "pmax"])
    #expect(
      try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_event_detail PARTITION (p202602)") == "0")
    #expect(
      try t.scalar("SELECT message FROM {acc}.LOG_VW WHERE level = 'WARN' AND source = 'purge'")?
        .hasPrefix(
          "could not drop partition p202602 of accounting_event_detail") == true)
    // The next purge drops the partition, empty by now.
    let again = try t.purgeRun(now: "2026-04-15 12:00:00")
    #expect(again["rowsDeleted"] == "0")
    #expect(again["partitionsDropped"] == "1")
    #expect(try t.partitions() == ["p202603", "p202604", "p202605", "pmax"])
  }
}

/// The partitions only speed the purge up: an account without the ALTER privilege still runs the
/// rollup and the purge (SQL SECURITY INVOKER routines), the partition DDL failing with a WARN line.
@Suite(.serialized)
struct PurgePrivilegeTests {
  let t: TestSchema
  let user = "t_purgepriv"

  init() throws {
    t = try TestSchema("purgepriv")
    try t.resetPartitions()
  }

  @Test func withoutAlterTheRollupAndThePurgeGoOn() throws {
    try t.purgeHistory(sentinels: false)
    try t.retention(events: 45, detail: 45, daily: 45, monthly: 45, ledger: 45, log: 45)
    try t.exec("DROP USER IF EXISTS '\(user)'@'localhost'")
    try t.exec("CREATE USER '\(user)'@'localhost'")
    defer { _ = try? t.exec("DROP USER IF EXISTS '\(user)'@'localhost'") }
    try t.exec(
      "GRANT SELECT, INSERT, UPDATE, DELETE, EXECUTE, CREATE TEMPORARY TABLES ON \(quoteIdent(t.accounting)).* TO '\(user)'@'localhost'"
    )
    var options = try TestSchema.connectionOptions()
    options.user = user
    options.password = nil
    let limited = try Connection(options)
    defer { limited.close() }

    let r = try limited.query(
      "CALL \(quoteIdent(t.accounting)).PURGE_RUN('2026-04-15 12:00:00', 1000)"
    ).first
    // The 63 February rows go by DELETE (PurgeRunTests' 136 rows without the sentinels).
    #expect(r?["accounting_event_detail"].string == "63")
    #expect(r?["partitionsDropped"].string == "0")
    #expect(r?["rowsDeleted"].string == "136")
    #expect(try t.partitions() == ["p202602", "p202603", "p202604", "p202605", "pmax"])
    #expect(
      try t.scalar("SELECT message FROM {acc}.LOG_VW WHERE level = 'WARN' AND source = 'purge'")?
        .hasPrefix(
          "could not drop partition p202602 of accounting_event_detail: error 1142: ") == true)

    // The rollup at 2026-06-02 wants June and July's partitions: it cannot add them, says so, and
    // processes its hours (capped at 04-01 05:00: 02:00 .. 04:00).
    let run = try limited.query(
      "CALL \(quoteIdent(t.accounting)).ROLLUP_RUN('2026-06-02 00:10:00', '2026-04-01 05:00:00', NULL, 0)"
    ).first
    #expect(run?["status"].string == "done")
    #expect(run?["hoursNew"].string == "3")
    #expect(try t.partitions() == ["p202602", "p202603", "p202604", "p202605", "pmax"])
    #expect(
      try t.scalar(
        "SELECT message FROM {acc}.LOG_VW WHERE level = 'WARN' AND source = 'partition'")?
        .hasPrefix(
          "could not add 2 monthly partition(s) of accounting_event_detail from 2026-06-01: error 1142: "
        ) == true)
  }
}
