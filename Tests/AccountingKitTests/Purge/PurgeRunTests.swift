import AccountingKit
import Testing

/// PURGE_RUN, PURGE_PLAN and PURGE_BATCH with a set clock: the cut-offs and their
/// month rounding, data one second either side of them, open events and unprocessed hours, the
/// processed floor, a second run, the totals of what remains, errors. Scenarios in PurgeSupport;
/// every expected number is worked out in the comments.
@Suite(.serialized)
struct PurgeRunTests {
  let t: TestSchema

  init() throws {
    t = try TestSchema("purgerun")
    try t.resetPartitions()
  }

  @Test func oneSecondEitherSideOfTheCutOff() throws {
    try t.purgeHistory()
    // 45 days before 2026-04-15 12:00:00 is 2026-03-01 12:00:00: the cut-off is 2026-03-01 00:00.
    try t.retention(events: 45, detail: 45, daily: 45, monthly: 45, ledger: 45, log: 45)
    let r = try t.purgeRun(now: "2026-04-15 12:00:00", batch: 1000)
    // Events: VM 1's first interval (stopped 23:59:59), the PM, the image and the volume; not
    // VM 2 (stopped 00:00:01), not the IP (stopped exactly at the cut: not before it), not the
    // open VM 1 or VLAN, not VM 9 (closed in February but not consolidated).
    // Detail: the 63 rows of Feb 28 and the sentinel at 23:59:59 = 64, by dropping p202602.
    // Hourly sums before the cut: 20:00 11 rows (VM types 1,2,3,7,15,17; IP; VLAN; PM 9, 10;
    // image), 21:00 11 (volume's 4 and 13, no PM), 22:00 9 (no volume), 23:00 8 (no image):
    // 39 + sentinel = 40. Daily and monthly: (enterprise 1, VDC 10) x 10 types + (1, 0) x 3
    // (types 9, 10, 11) = 13 + sentinel = 14 each. Ledger: 20:00 .. 23:00 = 4. History: the
    // sentinel. Log: the 23:59:59 line only.
    #expect(
      r == [
        "status": "done", "accounting_event_vm": "1", "accounting_event_pm": "1",
        "accounting_event_repository": "1", "accounting_event_storage": "1",
        "accounting_event_ips": "0",
        "accounting_event_vlan": "0", "accounting_event_detail": "64",
        "accounting_summary_hourly": "40",
        "accounting_summary_daily": "14", "accounting_summary_monthly": "14",
        "accounting_rollup_ledger": "4",
        "accounting_rollup_ledger_history": "1", "accounting_log": "1", "rowsDeleted": "142",
        "partitionsDropped": "1", "processedFloor": "2026-03-01 00:00:00",
      ])
    #expect(
      try t.rows("SELECT idVMAccountingEvent FROM {acc}.accounting_event_vm ORDER BY 1") == [
        ["2"], ["3"], ["4"],
      ])
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_event_ips") == "1")
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_event_vlan") == "1")
    for table in ["accounting_event_pm", "accounting_event_repository", "accounting_event_storage"]
    {
      #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.\(table)") == "0", "\(table)")
    }
    // What is left starts at the cut (the sentinels one second after it are there).
    for table in [
      "accounting_event_detail", "accounting_summary_hourly", "accounting_summary_daily",
      "accounting_summary_monthly", "accounting_rollup_ledger",
    ] {
      #expect(
        try t.scalar("SELECT MIN(starttime) FROM {acc}.\(table)") == "2026-03-01 00:00:00",
        "\(table)")
    }
    #expect(
      try t.rows("SELECT starttime FROM {acc}.accounting_rollup_ledger_history") == [
        ["2026-03-01 00:00:01"]
      ])
    #expect(
      try t.scalar(
        "SELECT COUNT(*) FROM {acc}.accounting_event_detail WHERE starttime = '2026-03-01 00:00:01'"
      )
        == "1")
    #expect(
      try t.scalar(
        "SELECT COUNT(*) FROM {acc}.accounting_summary_monthly WHERE starttime = '2026-03-01 00:00:01'"
      )
        == "1")
    #expect(
      try t.rows("SELECT logTime FROM {acc}.accounting_log WHERE source = 'test' ORDER BY logTime")
        == [["2026-03-01 00:00:00"], ["2026-03-01 00:00:01"]])
    #expect(try t.partitions() == ["p202603", "p202604", "p202605", "pmax"])
    #expect(try t.processedFloor() == "2026-03-01 00:00:00")
    let line = try t.scalar(
      "SELECT message FROM {acc}.LOG_VW WHERE source = 'purge' AND level = 'INFO'")
    #expect(
      line?.hasPrefix(
        "purge at 2026-04-15 12:00:00: 142 row(s) deleted (accounting_event_vm 1, accounting_event_pm 1, accounting_event_repository 1, accounting_event_storage 1, accounting_event_detail 64 (1 partition(s) dropped), accounting_summary_hourly 40, accounting_summary_daily 14, accounting_summary_monthly 14, accounting_rollup_ledger 4, accounting_rollup_ledger_history 1, accounting_log 1); processed floor 2026-03-01 00:00:00; "
      ) == true, "\(line ?? "no line")")

    // A second purge right after: nothing, and says so.
    let again = try t.purgeRun(now: "2026-04-15 12:00:00")
    #expect(again["status"] == "nothing")
    #expect(again["rowsDeleted"] == "0")
    #expect(again["processedFloor"] == "2026-03-01 00:00:00")
    #expect(
      try t.scalar(
        "SELECT message FROM {acc}.accounting_log WHERE source = 'purge' ORDER BY idLog DESC LIMIT 1"
      )?
      .hasPrefix(
        "purge at 2026-04-15 12:00:00: nothing to delete; processed floor 2026-03-01 00:00:00; ")
        == true)
  }

  @Test func cutOffsRoundDownToTheMonth() throws {
    // A processed hour at 2026-04-15 00:00 (start there): the first unprocessed hour is 01:00,
    // whose month (2026-04-01) caps every cut-off but the log's.
    try t.exec(
      """
      UPDATE {acc}.accounting_rollup_state SET startHour = '2026-04-15 00:00:00';
      INSERT INTO {acc}.accounting_rollup_ledger (starttime, processedAt, detailRows, resourceUnits, unitSeconds,
        durationMicros, fpCount, fpSeconds, fpHash) VALUES ('2026-04-15 00:00:00', '2026-04-15 00:10:00', 0, 0, 0, 0, 0, 0, 0)
      """)
    // now 2026-04-15 12:00: 44 days -> 03-02 12:00 -> 03-01; 46 -> 02-28 12:00 -> 02-01;
    // 1 -> 04-14 12:00 -> 04-01; 400 -> 2025-03-11 12:00 -> 2025-03-01; ledger 15 -> 03-31 12:00
    // -> 03-01; log 14 -> 04-01 12:00 -> 04-01.
    try t.retention(events: 44, detail: 46, daily: 1, monthly: 400, ledger: 15, log: 14)
    // The floor goes to the latest of events, detail and ledger: 03-01. Daily's 04-01 would pass it:
    // it stays at the floor (a recompute of March hours takes their share out of those days).
    #expect(
      try t.purgePlan(now: "2026-04-15 12:00:00").map { [$0[0], $0[1]] } == [
        ["accounting_event_vm", "2026-03-01 00:00:00"],
        ["accounting_event_pm", "2026-03-01 00:00:00"],
        ["accounting_event_repository", "2026-03-01 00:00:00"],
        ["accounting_event_storage", "2026-03-01 00:00:00"],
        ["accounting_event_ips", "2026-03-01 00:00:00"],
        ["accounting_event_vlan", "2026-03-01 00:00:00"],
        ["accounting_event_detail", "2026-02-01 00:00:00"],
        ["accounting_summary_hourly", "2026-02-01 00:00:00"],
        ["accounting_summary_daily", "2026-03-01 00:00:00"],
        ["accounting_summary_monthly", "2025-03-01 00:00:00"],
        ["accounting_rollup_ledger", "2026-03-01 00:00:00"],
        ["accounting_rollup_ledger_history", "2026-03-01 00:00:00"],
        ["accounting_log", "2026-04-01 00:00:00"],
      ])
    #expect(
      try t.rows("CALL {acc}.PURGE_PLAN('2026-04-15 12:00:00')").first.map { [$0[6], $0[7]] }
        == [nil, "2026-03-01 00:00:00"])
    // A leap year: 2024-03-31 00:00 minus 30 days is 2024-03-01 00:00 (kept as it is), minus 31
    // days 2024-02-29 (-> 2024-02-01). The log is never capped by the rollup.
    try t.retention(log: 30)
    #expect(try t.purgePlan(now: "2024-03-31 00:00:00").last?[1] == "2024-03-01 00:00:00")
    try t.retention(log: 31)
    #expect(try t.purgePlan(now: "2024-03-31 00:00:00").last?[1] == "2024-02-01 00:00:00")
    // The plan deleted nothing and moved no floor.
    #expect(try t.processedFloor() == nil)
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_rollup_ledger") == "1")
  }

  @Test func openEventsAndUnprocessedHoursSurviveAnyRetention() throws {
    try t.smallHistory()
    try t.logLine("2026-01-15 00:00:00", "old")
    // Retention 1 day everywhere: 2026-04-14 12:00 -> 2026-04-01. But the first unprocessed hour
    // is 2026-03-01 05:00: nothing at or above its month (2026-03-01) goes but the log.
    try t.retention(events: 1, detail: 1, daily: 1, monthly: 1, ledger: 1, log: 1)
    let r = try t.purgeRun(now: "2026-04-15 12:00:00")
    // VM 2 (closed, consolidated) goes; VM 1 (open) and VM 3 (closed, unconsolidated) stay.
    // Detail before 03-01: VM 1 4 hours x 6 + VM 2 6 = 30; hourly sums: 4 hours x 6 types = 24
    // (VM 2 shares VM 1's owner); daily 6, monthly 6; ledger 4; the old log line.
    #expect(r["accounting_event_vm"] == "1")
    #expect(r["accounting_event_detail"] == "30")
    #expect(r["accounting_summary_hourly"] == "24")
    #expect(r["accounting_summary_daily"] == "6")
    #expect(r["accounting_summary_monthly"] == "6")
    #expect(r["accounting_rollup_ledger"] == "4")
    #expect(r["accounting_log"] == "1")
    #expect(r["rowsDeleted"] == "72")
    #expect(r["processedFloor"] == "2026-03-01 00:00:00")
    #expect(
      try t.rows("SELECT idVM, startTime, stopTime FROM {acc}.accounting_event_vm ORDER BY 1")
        == [
          ["1", "2026-02-28 20:00:00", nil], ["3", "2026-03-01 06:00:00", "2026-03-01 07:00:00"],
        ])
    // The processed March hours stay: 5 hours x 6 rows.
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_event_detail") == "30")
    // The unprocessed hours are still to do, from 05:00 on, and come out whole.
    #expect(
      try t.rollupPlan(now: "2026-03-01 08:10:00", recheck: 0) == [
        ["2026-03-01 05:00:00", "new"], ["2026-03-01 06:00:00", "new"],
        ["2026-03-01 07:00:00", "new"],
      ])
    #expect(try t.rollupRun(now: "2026-03-01 08:10:00")[0...3] == ["done", "3", "0", "24"])
    #expect(
      try t.detail("2026-03-01 06:00:00", type: 1).map { [$0[0], $0[6], $0[8]] } == [
        ["1", "2", "7200"], ["3", "2", "7200"],
      ])
  }

  @Test func beforeTheFirstRollupOnlyTheLogGoes() throws {
    try t.vmEvent(vm: 1, "2026-01-05 10:00:00", "2026-01-05 11:00:00")
    try t.logLine("2026-01-15 00:00:00", "old")
    try t.retention(events: 1, detail: 1, daily: 1, monthly: 1, ledger: 1, log: 1)
    let plan = try t.purgePlan(now: "2026-04-15 12:00:00")
    #expect(plan.map(\.[1]) == Array(repeating: nil, count: 12) + ["2026-04-01 00:00:00"])
    let r = try t.purgeRun(now: "2026-04-15 12:00:00")
    #expect(r["rowsDeleted"] == "1")
    #expect(r["accounting_log"] == "1")
    #expect(r["processedFloor"] == .some(nil))
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_event_vm") == "1")
  }

  @Test func nothingIsRebuiltBelowTheFloor() throws {
    try t.smallHistory()
    try t.retention(events: 1, detail: 1, daily: 1, monthly: 1, ledger: 1, log: 1)
    try t.purgeRun(now: "2026-04-15 12:00:00")
    #expect(try t.processedFloor() == "2026-03-01 00:00:00")
    // A late interval below the floor (VM 4 on Feb 28): neither the recheck, nor the forward run,
    // nor a recompute touches those hours.
    try t.vmEvent(vm: 4, "2026-02-28 21:00:00", "2026-02-28 22:00:00")
    #expect(
      t.errno {
        try t.exec("CALL {acc}.ROLLUP_RECOMPUTE('2026-02-28 21:00:00', '2026-03-01 02:00:00')")
      } == 30202)
    #expect(t.errno { try t.rollupHour("2026-02-28 23:00:00") } == 30202)
    // The whole processed history in the recheck window (1000 hours): only hours from the floor.
    let plan = try t.rollupPlan(now: "2026-03-01 06:10:00", recheck: 1000)
    #expect(plan == [["2026-03-01 05:00:00", "new"]])
    #expect(
      try t.rollupRun(now: "2026-03-01 06:10:00", recheck: 1000)[0...2] == ["done", "1", "0"])
    #expect(
      try t.scalar(
        "SELECT COUNT(*) FROM {acc}.accounting_event_detail WHERE starttime < '2026-03-01 00:00:00'"
      ) == "0")
    #expect(
      try t.scalar(
        "SELECT COUNT(*) FROM {acc}.accounting_rollup_ledger WHERE starttime < '2026-03-01 00:00:00'"
      ) == "0")
    // From the floor up, a recompute works.
    #expect(
      try t.rows("CALL {acc}.ROLLUP_RECOMPUTE('2026-03-01 00:00:00', '2026-03-01 02:00:00')")
        .first?[0...2] == ["2", "0", "12"])
    // A purge never moves the floor down: a later purge with longer retention leaves it.
    try t.retention()
    #expect(try t.purgeRun(now: "2026-04-15 12:00:00")["processedFloor"] == "2026-03-01 00:00:00")
    #expect(try t.processedFloor() == "2026-03-01 00:00:00")
  }

  @Test func totalsOfWhatRemainsAgree() throws {
    try t.purgeHistory(sentinels: false)
    try t.retention(events: 45, detail: 45, daily: 45, monthly: 45, ledger: 45, log: 45)
    // The first test's 142 rows less its 6 sentinels.
    #expect(try t.purgeRun(now: "2026-04-15 12:00:00")["rowsDeleted"] == "136")
    func sums(_ view: String, _ type: Int, _ from: String, _ to: String) throws -> [String?] {
      try t.rows(
        """
        SELECT COUNT(*), SUM(resourceUnits), SUM(unitSeconds) FROM {acc}.\(view)
        WHERE idAccountingResourceType = ? AND starttime >= ? AND starttime < ?
        """, .int(Int64(type)), .datetime(from), .datetime(to)
      ).first ?? []
    }
    // March, type 1: VM 1 2 cpu x 744 hours = 5356800 cpu-seconds and 1488 unit-hours; VM 2's
    // last second at 2 cpu: 2 and 2 (one hour, one row). Hourly view: 744 rows (one owner).
    #expect(
      try sums("HOURLY_USAGE_SUM_VW", 1, "2026-03-01", "2026-04-01") == ["744", "1490", "5356802"])
    #expect(
      try sums("DAILY_USAGE_SUM_VW", 1, "2026-03-01", "2026-04-01") == ["31", "1490", "5356802"])
    #expect(
      try sums("MONTHLY_USAGE_SUM_VW", 1, "2026-03-01", "2026-04-01") == ["1", "1490", "5356802"])
    // March, type 6 (the VLAN, open all month): 744 x 3600 = 2678400.
    #expect(
      try sums("HOURLY_USAGE_SUM_VW", 6, "2026-03-01", "2026-04-01") == ["744", "744", "2678400"])
    #expect(
      try sums("DAILY_USAGE_SUM_VW", 6, "2026-03-01", "2026-04-01") == ["31", "744", "2678400"])
    #expect(
      try sums("MONTHLY_USAGE_SUM_VW", 6, "2026-03-01", "2026-04-01") == ["1", "744", "2678400"])
    // April so far (00:00 and 01:00): VM 1 2 x 7200.
    #expect(try sums("HOURLY_USAGE_SUM_VW", 1, "2026-04-01", "2026-05-01") == ["2", "4", "14400"])
    #expect(try sums("DAILY_USAGE_SUM_VW", 1, "2026-04-01", "2026-05-01") == ["1", "4", "14400"])
    #expect(try sums("MONTHLY_USAGE_SUM_VW", 1, "2026-04-01", "2026-05-01") == ["1", "4", "14400"])
    // February is gone at every level.
    for view in [
      "HOURLY_USAGE_SUM_VW", "DAILY_USAGE_SUM_VW", "MONTHLY_USAGE_SUM_VW",
      "ACCOUNT_PERIOD_USAGE_VW",
    ] {
      #expect(
        try t.scalar("SELECT COUNT(*) FROM {acc}.\(view) WHERE starttime < '2026-03-01'") == "0",
        "\(view)")
    }
    // And the rollup of the next hours adds to the kept month as before.
    #expect(try t.rollupRun(now: "2026-04-01 03:10:00")[0...3] == ["done", "1", "0", "7"])
    #expect(try sums("MONTHLY_USAGE_SUM_VW", 1, "2026-04-01", "2026-05-01") == ["1", "6", "21600"])
  }

  @Test func errorsAndTheLock() throws {
    try t.smallHistory()
    #expect(
      t.errno { try t.purgeBatch(now: "2026-04-15 12:00:00", "kinton.virtualmachine", batch: 10) }
        == 30300)
    #expect(
      t.errno { try t.purgeBatch(now: "2026-04-15 12:00:00", "accounting_log", batch: 0) } == 30300)
    #expect(t.errno { try t.purgeRun(now: "2026-04-15 12:00:00", batch: 1_000_001) } == 30300)
    #expect(
      t.errno {
        try t.exec("START TRANSACTION")
        defer { _ = try? t.exec("ROLLBACK") }
        try t.purgeRun(now: "2026-04-15 12:00:00")
      } == 30302)
    // The table's CHECK refuses a bad value (4025); with the checks switched off (a DBA's
    // session), the procedures still refuse to run on it.
    #expect(
      t.errno {
        try t.exec("UPDATE {acc}.accounting_parameter SET value = 'ten' WHERE name = 'retention.ledger_days'")
      } == 4025)
    try t.exec(
      """
      SET SESSION check_constraint_checks = 0;
      UPDATE {acc}.accounting_parameter SET value = 'ten' WHERE name = 'retention.ledger_days';
      SET SESSION check_constraint_checks = 1
      """)
    #expect(t.errno { _ = try t.purgePlan(now: "2026-04-15 12:00:00") } == 30303)
    #expect(t.errno { try t.purgeRun(now: "2026-04-15 12:00:00") } == 30303)
    #expect(
      try t.scalar("SELECT message FROM {acc}.accounting_log WHERE level = 'ERROR'")?.hasPrefix(
        "purge failed after 0 row(s): error 30303: PURGE_BAD_PARAMETER: retention.ledger_days must be a whole number of days from 1 to 36500, is 'ten'"
      ) == true)
    try t.retention(events: 1, detail: 1, daily: 1, monthly: 1, ledger: 1, log: 1)

    // Another connection holds the rollup lock: PURGE_RUN does nothing and says so, PURGE_BATCH
    // refuses; the floor does not move.
    let other = try TestSchema.connect()
    defer { other.close() }
    #expect(try other.takeRunLock(t.accounting).first == "1")
    let locked = try t.purgeRun(now: "2026-04-15 12:00:00")
    #expect(locked["status"] == "locked")
    #expect(locked["rowsDeleted"] == "0")
    #expect(
      t.errno { try t.purgeBatch(now: "2026-04-15 12:00:00", "accounting_log", batch: 10) } == 30301
    )
    #expect(try t.processedFloor() == nil)
    #expect(
      try t.scalar("SELECT message FROM {acc}.LOG_VW WHERE level = 'WARN' AND source = 'purge'")?
        .hasPrefix("the run lock is held by connection ") == true)
    try other.releaseRunLock(t.accounting)
    #expect(try t.purgeRun(now: "2026-04-15 12:00:00")["status"] == "done")
    #expect(try t.scalar("SELECT holds FROM {acc}.accounting_run_lock") == "0")
  }
}
