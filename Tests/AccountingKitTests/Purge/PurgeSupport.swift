import AccountingKit
import Testing

/// Shared helpers of the purge suites. Data is written the way the rollup suites write
/// it (events directly, then ROLLUP_RUN with a set clock), plus sentinel rows written straight
/// into the rollup's tables one second either side of a cut-off.
///
/// The purge tables, in the order the purge goes (PURGE_RUN's columns are named after them).
let purgeTables = [
  "accounting_event_vm", "accounting_event_pm", "accounting_event_repository",
  "accounting_event_storage",
  "accounting_event_ips", "accounting_event_vlan", "accounting_event_detail",
  "accounting_summary_hourly",
  "accounting_summary_daily", "accounting_summary_monthly", "accounting_rollup_ledger",
  "accounting_rollup_ledger_history", "accounting_log",
]

extension TestSchema {
  /// The detail table back to one pmax partition (TRUNCATE keeps partitions between tests).
  func resetPartitions() throws {
    try exec(
      "ALTER TABLE {acc}.accounting_event_detail PARTITION BY RANGE COLUMNS(starttime) (PARTITION pmax VALUES LESS THAN (MAXVALUE))"
    )
  }

  /// The detail table's partitions, in order.
  func partitions() throws -> [String] {
    try rows(
      """
      SELECT PARTITION_NAME FROM information_schema.PARTITIONS
      WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'accounting_event_detail' ORDER BY PARTITION_ORDINAL_POSITION
      """, .text(accounting)
    ).map { $0[0] ?? "" }
  }

  /// Sets retention parameters directly (the purge reads the table; `config set` is tested apart).
  func retention(
    events: Int = 1095, detail: Int = 1095, daily: Int = 1095, monthly: Int = 1095,
    ledger: Int = 1095,
    log: Int = 1095
  ) throws {
    for (name, days) in [
      ("closed_events", events), ("detail", detail), ("daily", daily), ("monthly", monthly),
      ("ledger", ledger),
      ("log", log),
    ] {
      try exec(
        "UPDATE {acc}.accounting_parameter SET value = ? WHERE name = ?", .text(String(days)),
        .text("retention.\(name)_days"))
    }
  }

  /// CALL PURGE_RUN: the row by column name (durationMicros left out).
  @discardableResult
  func purgeRun(now: String, batch: Int? = 1000) throws -> [String: String?] {
    let outcome = try db.execute(
      sql("CALL {acc}.PURGE_RUN(?, ?)"), [.datetime(now), batch.map { .int(Int64($0)) } ?? .null])
    guard let row = outcome.rows.first else { return [:] }
    var out: [String: String?] = [:]
    for (i, c) in row.columns.enumerated() where c != "durationMicros" {
      out[c] = row.values[i].string
    }
    return out
  }

  /// CALL PURGE_BATCH: tableName, rowsDeleted, partitionDropped, more, cutoff, processedFloor.
  @discardableResult
  func purgeBatch(now: String, _ table: String, batch: Int) throws -> [String?] {
    try rows("CALL {acc}.PURGE_BATCH(?, ?, ?)", .datetime(now), .text(table), .int(Int64(batch)))
      .first ?? []
  }

  /// CALL PURGE_PLAN: per table [tableName, cutoff, rowsToDelete, partitionsToDrop].
  func purgePlan(now: String) throws -> [[String?]] {
    try rows("CALL {acc}.PURGE_PLAN(?)", .datetime(now)).map { [$0[0], $0[3], $0[4], $0[5]] }
  }

  func processedFloor() throws -> String? {
    try scalar("SELECT processedFloor FROM {acc}.accounting_rollup_state WHERE id = 1")
  }

  /// Every row of one table, every stored column but those that hold the wall clock or a
  /// duration (ledger: processedAt, durationMicros; history: also replacedAt), in key order.
  func dump(_ table: String) throws -> [[String?]] {
    let columns = try rows(
      """
      SELECT COLUMN_NAME FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND IS_GENERATED = 'NEVER'
        AND COLUMN_NAME NOT IN ('processedAt', 'replacedAt', 'durationMicros')
      ORDER BY ORDINAL_POSITION
      """, .text(accounting), .text(table)
    ).map { "`\($0[0]!)`" }
    let key = try rows(
      """
      SELECT COLUMN_NAME FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX
      """, .text(accounting), .text(table)
    ).map { "`\($0[0]!)`" }
    return try rows(
      "SELECT \(columns.joined(separator: ", ")) FROM {acc}.\(table) ORDER BY \(key.joined(separator: ", "))"
    )
  }

  /// Full dumps of the twelve rollup and event tables (as `dump`), the state row and the detail's
  /// partitions; of the log, the test's own lines whole and the purge's lines by level (their
  /// text holds a duration).
  func dumpAll() throws -> [String: [[String?]]] {
    var out: [String: [[String?]]] = [:]
    for table in purgeTables where table != "accounting_log" { out[table] = try dump(table) }
    out["accounting_log"] = try rows(
      """
      SELECT level, source, IF(source = 'test', CONCAT(logTime, ' ', message), '') FROM {acc}.accounting_log
      WHERE source IN ('test', 'purge') ORDER BY idLog
      """)
    out["state"] = try rows("SELECT startHour, processedFloor FROM {acc}.accounting_rollup_state")
    out["partitions"] = try partitions().map { [$0] }
    return out
  }

  /// One log line written directly, at a given time, source 'test'.
  func logLine(_ at: String, _ message: String) throws {
    try exec(
      "INSERT INTO {acc}.accounting_log (logTime, level, source, message) VALUES (?, 'INFO', 'test', ?)",
      .datetime(at), .text(message))
  }
}

/// The purge scenario, worked out by hand in PurgeRunTests. Rollup start 2026-02-28 20:00:00; a
/// purge at 2026-04-15 12:00:00 with 45 days of retention cuts at 2026-03-01 00:00:00 (12:00
/// rounded down to the month). Events, ids in insertion order per table:
/// - VM: 1 = VM 1 20:00 .. 23:59:59 (one second before the cut), 2 = VM 2 20:00 .. 03-01 00:00:01
///   (one second after), 3 = VM 1 from 03-01 00:00 (open), 4 = VM 9 02-10 .. 02-11, written after
///   the rollup (closed, not consolidated)
/// - volume 7 21:00 .. 22:00; IP 8 20:00 .. 03-01 00:00:00 (stops exactly at the cut); VLAN 4 from
///   20:00 (open); PM 3 20:00 .. 20:30; image 5 20:00 .. 23:00
/// The rollup runs at 2026-04-01 02:10 (settle 300 s): 750 hours, 02-28 20:00 .. 04-01 01:00.
/// Sentinels (when asked): rows one second either side of the cut in the detail, the hourly,
/// daily and monthly sums (owner 99/99, type 1), the ledger history, and log lines at 23:59:59,
/// 00:00:00 and 00:00:01.
extension TestSchema {
  func purgeHistory(sentinels: Bool = true) throws {
    try rollupNames()
    try exec("CALL {acc}.ROLLUP_SET_START('2026-02-28 20:00:00')")
    try vmEvent(vm: 1, "2026-02-28 20:00:00", "2026-02-28 23:59:59")
    try vmEvent(vm: 2, "2026-02-28 20:00:00", "2026-03-01 00:00:01")
    try vmEvent(vm: 1, "2026-03-01 00:00:00", nil)
    try volumeEvent("2026-02-28 21:00:00", "2026-02-28 22:00:00")
    try ipEvent("2026-02-28 20:00:00", "2026-03-01 00:00:00")
    try vlanEvent("2026-02-28 20:00:00", nil)
    try pmEvent("2026-02-28 20:00:00", "2026-02-28 20:30:00")
    try repositoryEvent("2026-02-28 20:00:00", "2026-02-28 23:00:00", bytes: 1_000_000)
    // Detail rows: Feb 28 (before the cut): VM 1 and VM 2 4 hours x 6 types = 48, volume 2 (types
    // 4 and 13 in 21:00), IP 4, VLAN 4, PM 2 (types 9 and 10 in 20:00), image 3 = 63. From Mar 1
    // 00:00 to Apr 1 01:00 (746 hours): VM 1 746 x 6 = 4476, VM 2's last second 6, VLAN 746:
    // 5228. Total 5291. Consolidated: every closed event (all stopped by 04-01 02:00): 6.
    let run = try rollupRun(now: "2026-04-01 02:10:00")
    #expect(
      run == [
        "done", "750", "0", "5291", "6", "2026-02-28 20:00:00", "2026-04-01 01:00:00",
        "2026-04-01 02:00:00",
      ])
    try vmEvent(vm: 9, "2026-02-10 00:00:00", "2026-02-11 00:00:00")
    guard sentinels else { return }
    for at in ["2026-02-28 23:59:59", "2026-03-01 00:00:01"] {
      try exec(
        """
        INSERT INTO {acc}.accounting_event_detail (starttime, endTime, idAccountingResourceType, idResource,
          idEnterprise, idVirtualDataCenter, idVirtualApp, resourceUnits, usageSeconds, unitSeconds, idAccountingEvent)
        VALUES (?, ? + INTERVAL 1 HOUR, 1, 99, 99, 99, 0, 1, 1, 1, 0)
        """, .datetime(at), .datetime(at))
      for table in [
        "accounting_summary_hourly", "accounting_summary_daily", "accounting_summary_monthly",
      ] {
        try exec(
          """
          INSERT INTO {acc}.\(table) (starttime, idEnterprise, idVirtualDataCenter, idAccountingResourceType,
            resourceUnits, unitSeconds, detailRows) VALUES (?, 99, 99, 1, 1, 1, 1)
          """, .datetime(at))
      }
      try exec(
        """
        INSERT INTO {acc}.accounting_rollup_ledger_history (starttime, replacedAt, processedAt, runs, detailRows,
          resourceUnits, unitSeconds, durationMicros, fpCount, fpSeconds, fpHash)
        VALUES (?, '2026-04-01 02:10:00', '2026-04-01 02:10:00', 1, 1, 1, 1, 1, 1, 1, 1)
        """, .datetime(at))
    }
    try logLine("2026-02-28 23:59:59", "one second before the cut")
    try logLine("2026-03-01 00:00:00", "at the cut")
    try logLine("2026-03-01 00:00:01", "one second after the cut")
  }

  /// A small scenario for the tool and the floor: rollup start 2026-02-28 20:00; VM 1 open from
  /// 20:00, VM 2 20:00 .. 21:00; processed 02-28 20:00 .. 03-01 04:00 (9 hours, 6 rows an hour
  /// for VM 1, 6 for VM 2 in 20:00: 60 rows), VM 2's interval consolidated; then VM 3 03-01 06:00 ..
  /// 07:00, after the processed hours (closed, not consolidated).
  func smallHistory() throws {
    try rollupNames()
    try exec("CALL {acc}.ROLLUP_SET_START('2026-02-28 20:00:00')")
    try vmEvent(vm: 1, "2026-02-28 20:00:00", nil)
    try vmEvent(vm: 2, "2026-02-28 20:00:00", "2026-02-28 21:00:00", cpu: 1)
    #expect(
      try rollupRun(now: "2026-03-01 05:10:00")
        == [
          "done", "9", "0", "60", "1", "2026-02-28 20:00:00", "2026-03-01 04:00:00",
          "2026-03-01 05:00:00",
        ])
    try vmEvent(vm: 3, "2026-03-01 06:00:00", "2026-03-01 07:00:00")
  }
}
