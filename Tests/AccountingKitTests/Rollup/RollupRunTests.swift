import AccountingKit
import Testing

/// Whole runs: ROLLUP_RUN and the procedures the tool drives hour by hour
/// (ROLLUP_PLAN, ROLLUP_HOUR, ROLLUP_CONSOLIDATE, ROLLUP_SET_START, ROLLUP_RECOMPUTE): which
/// hours, settle delay, recheck of late data, the lock, consolidation, the floor, summaries.
/// Events are written directly; expected numbers are worked out by hand in the comments.
///
/// `rollupRun` rows: status, hoursNew, hoursChanged, detailRows, eventsConsolidated, firstHour,
/// lastHour, processedThrough. A VM interval with the defaults (ON, KVM, no HA, no layer, no cost
/// code) gives 6 detail rows an hour: types 1, 2, 3, 7, 15, 17.
@Suite(.serialized)
struct RollupRunTests {
  let t: TestSchema

  init() throws {
    t = try TestSchema("rollrun")
    try t.rollupNames()
  }

  @Test func runTwiceGivesIdenticalRows() throws {
    // Every kind of event, some covering the whole recheck window, some starting or stopping in
    // it: the second run's recheck must find every hour unchanged (the recheck hashes each
    // contribution the way ROLLUP_HOUR did).
    try t.vmEvent("2026-01-05 10:20:00", nil)
    try t.volumeEvent("2026-01-05 10:00:00", "2026-01-05 12:30:00")
    try t.ipEvent("2026-01-05 10:10:00", nil)
    try t.vlanEvent("2026-01-05 10:00:00", "2026-01-05 13:30:00")
    try t.pmEvent("2026-01-05 10:30:00", "2026-01-05 12:00:00")
    try t.repositoryEvent("2026-01-05 10:00:00", nil, conversion: 0, bytes: 1_000_000)
    try t.repositoryEvent("2026-01-05 10:15:00", nil, conversion: 9, bytes: 500_000)
    // now 14:10, settle 300 s (the parameter): hours ending by 14:05, 10:00 .. 13:00.
    // Rows: VM 6 x 4 hours, volume (types 4, 13) x 3 hours, IP 4, VLAN 4, PM (types 9, 10)
    // x 2 hours, image 4, conversion 4: 24 + 6 + 4 + 4 + 4 + 4 + 4 = 50. Consolidated: the
    // volume (12:30), the VLAN (13:30) and the PM (12:00), all stopped by 14:00.
    #expect(
      try t.rollupRun(now: "2026-01-05 14:10:00")
        == [
          "done", "4", "0", "50", "3", "2026-01-05 10:00:00", "2026-01-05 13:00:00",
          "2026-01-05 14:00:00",
        ])
    let rows = try t.allDetail()
    let sums = try t.allSummaries()
    #expect(rows.count == 50)
    #expect(
      try t.rollupRun(now: "2026-01-05 14:10:00")
        == ["nothing", "0", "0", "0", "0", nil, nil, "2026-01-05 14:00:00"])
    #expect(try t.allDetail() == rows)
    #expect(try t.allSummaries() == sums)
    #expect(try t.ledger().map { $0[1] } == ["1", "1", "1", "1"])
    #expect(
      try t.rows("SELECT level, source FROM {acc}.accounting_log ORDER BY idLog") == [
        ["INFO", "rollup"], ["INFO", "rollup"],
      ])
  }

  @Test func anInterruptedRangeEndsAsOneCleanRun() throws {
    try t.vmEvent(vm: 1, "2026-01-05 10:00:00", nil)
    try t.vmEvent(vm: 2, "2026-01-05 11:15:00", "2026-01-05 12:45:00", cpu: 1)
    try t.rollupRun(now: "2026-01-05 14:10:00")
    let clean = try t.allDetail()
    let cleanSums = try t.allSummaries()

    // Killed after two hours, between hours: the tool had processed 10:00 and 11:00.
    try t.forgetRollup()
    try t.rollupHour("2026-01-05 10:00:00")
    try t.rollupHour("2026-01-05 11:00:00")
    #expect(try t.rollupRun(now: "2026-01-05 14:10:00")[0...2] == ["done", "2", "0"])
    #expect(try t.allDetail() == clean)
    #expect(try t.allSummaries() == cleanSums)

    // Failing inside an hour: a fault injected into the detail insert (a test trigger) makes
    // hour 12:00 fail; it is rolled back whole, the hours before it stay, the error is logged
    // and raised.
    try t.forgetRollup()
    try t.exec(
      """
      CREATE TRIGGER {acc}.test_fault BEFORE INSERT ON {acc}.accounting_event_detail FOR EACH ROW
      IF NEW.starttime = '2026-01-05 12:00:00' THEN
        SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30999, MESSAGE_TEXT = 'TEST_FAULT';
      END IF
      """)
    defer { _ = try? t.exec("DROP TRIGGER IF EXISTS {acc}.test_fault") }
    #expect(t.errno { try t.rollupRun(now: "2026-01-05 14:10:00") } == 30999)
    #expect(try t.ledger().map { $0[0] } == ["2026-01-05 10:00:00", "2026-01-05 11:00:00"])
    #expect(
      try t.scalar(
        "SELECT COUNT(*) FROM {acc}.accounting_event_detail WHERE starttime >= '2026-01-05 12:00:00'"
      ) == "0")
    #expect(
      try t.scalar("SELECT message FROM {acc}.accounting_log WHERE level = 'ERROR'")?
        .hasPrefix("run failed at hour 2026-01-05 12:00:00 after 2 hour(s): error 30999") == true)
    #expect(try t.scalar("SELECT holds FROM {acc}.accounting_run_lock") == "0")
    try t.exec("DROP TRIGGER {acc}.test_fault")
    #expect(try t.rollupRun(now: "2026-01-05 14:10:00")[0...2] == ["done", "2", "0"])
    #expect(try t.allDetail() == clean)
    #expect(try t.allSummaries() == cleanSums)
  }

  @Test func catchUpAfterThirtyMissedHours() throws {
    try t.vmEvent("2026-01-05 00:00:00", nil, cpu: 2)
    #expect(try t.rollupRun(now: "2026-01-05 01:10:00")[0...1] == ["done", "1"])
    // Next run 30 hours later: 2026-01-05 01:00 .. 2026-01-06 06:00 (23 + 7 hours), no cap.
    #expect(
      try t.rollupRun(now: "2026-01-06 07:10:00")
        == [
          "done", "30", "0", "180", "0", "2026-01-05 01:00:00", "2026-01-06 06:00:00",
          "2026-01-06 07:00:00",
        ])
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_rollup_ledger") == "31")
    // Type 1: 2 cores every hour. Jan 5: 24 hours -> 48, 2 x 3600 x 24 = 172800; Jan 6: 7 hours.
    #expect(
      try t.rows(
        """
        SELECT starttime, resourceUnits, unitSeconds, detailRows FROM {acc}.accounting_summary_daily
        WHERE idAccountingResourceType = 1 ORDER BY starttime
        """)
        == [
          ["2026-01-05 00:00:00", "48", "172800", "24"],
          ["2026-01-06 00:00:00", "14", "50400", "7"],
        ])
    #expect(
      try t.rows(
        """
        SELECT starttime, resourceUnits, unitSeconds, detailRows FROM {acc}.accounting_summary_monthly
        WHERE idAccountingResourceType = 1
        """) == [["2026-01-01 00:00:00", "62", "223200", "31"]])
  }

  @Test func lateIntervalRecomputesItsHour() throws {
    try t.vmEvent(vm: 1, "2026-01-05 10:00:00", nil, cpu: 2)
    try t.rollupRun(now: "2026-01-05 14:10:00")
    // A long transaction commits an interval of VM 2 in 11:10-11:40 after 11:00 was processed.
    try t.vmEvent(vm: 2, "2026-01-05 11:10:00", "2026-01-05 11:40:00", cpu: 1)
    #expect(try t.rollupPlan(now: "2026-01-05 14:10:00") == [["2026-01-05 11:00:00", "recheck"]])
    // Next run: 11:00 reprocessed (12 rows), 14:00 new (6 rows); VM 2's interval consolidated.
    #expect(
      try t.rollupRun(now: "2026-01-05 15:10:00")
        == [
          "done", "1", "1", "18", "1", "2026-01-05 11:00:00", "2026-01-05 14:00:00",
          "2026-01-05 15:00:00",
        ])
    #expect(
      try t.detail("2026-01-05 11:00:00", type: 1) == [
        ["1", "1", "10", "100", "0", "vm-1", "2", "3600", "7200", "1"],
        ["2", "1", "10", "100", "0", "vm-2", "1", "1800", "1800", "2"],
      ])
    // Ledger: 11:00 processed twice, fingerprint 2 events, 3600 + 1800 s; previous totals kept.
    #expect(try t.ledger()[1] == ["2026-01-05 11:00:00", "2", "12", "2", "5400"])
    #expect(
      try t.rows(
        "SELECT starttime, runs, detailRows, fpCount, fpSeconds FROM {acc}.accounting_rollup_ledger_history"
      )
        == [["2026-01-05 11:00:00", "1", "6", "1", "3600"]])
    // Closing VM 1 after the processed hours changes none of them.
    try t.exec(
      "UPDATE {acc}.accounting_event_vm SET stopTime = '2026-01-05 15:30:00' WHERE idVMAccountingEvent = 1"
    )
    #expect(try t.rollupPlan(now: "2026-01-05 15:10:00") == [])
    // A DBA's correction of VM 1's cpu changes every hour it covers; the recheck window bounds
    // what a run looks at: 24 hours (the parameter) finds all five, 2 hours only the last two.
    try t.exec("UPDATE {acc}.accounting_event_vm SET cpu = 3 WHERE idVMAccountingEvent = 1")
    #expect(
      try t.rollupPlan(now: "2026-01-05 15:10:00", recheck: 2)
        == [["2026-01-05 13:00:00", "recheck"], ["2026-01-05 14:00:00", "recheck"]])
    #expect(
      try t.rollupPlan(now: "2026-01-05 15:10:00").map { $0[0] } == [
        "2026-01-05 10:00:00", "2026-01-05 11:00:00", "2026-01-05 12:00:00", "2026-01-05 13:00:00",
        "2026-01-05 14:00:00",
      ])
  }

  @Test func settleDelayAndUntilAreRespected() throws {
    try t.vmEvent("2026-01-05 13:00:00", nil)
    // Settle 300 s (the parameter): 13:00-14:00 is processed from 14:05:00 on.
    #expect(try t.rollupPlan(now: "2026-01-05 14:04:59") == [])
    #expect(try t.rollupPlan(now: "2026-01-05 14:05:00") == [["2026-01-05 13:00:00", "new"]])
    #expect(
      try t.rollupPlan(now: "2026-01-05 14:00:00", settle: 0) == [["2026-01-05 13:00:00", "new"]])
    try t.exec("UPDATE {acc}.accounting_parameter SET value = '600' WHERE name = 'settle_seconds'")
    #expect(try t.rollupPlan(now: "2026-01-05 14:05:00") == [])
    #expect(try t.rollupPlan(now: "2026-01-05 14:10:00") == [["2026-01-05 13:00:00", "new"]])
    // --until caps: 14:00-15:00 ends after 14:30.
    #expect(
      try t.rollupPlan(now: "2026-01-05 16:10:00", until: "2026-01-05 14:30:00", settle: 0)
        == [["2026-01-05 13:00:00", "new"]])
    #expect(try t.rollupRun(now: "2026-01-05 14:09:59")[0] == "nothing")
    #expect(try t.ledger() == [])
  }

  @Test func aSecondRunWhileTheLockIsHeldWritesNothing() throws {
    try t.vmEvent("2026-01-05 10:00:00", nil)
    let other = try TestSchema.connect()
    defer { other.close() }
    #expect(try other.takeRunLock(t.accounting).first == "1")
    #expect(
      try t.rollupRun(now: "2026-01-05 14:10:00") == ["locked", "0", "0", "0", "0", nil, nil, nil])
    #expect(t.errno { try t.rollupHour("2026-01-05 10:00:00") } == 30201)
    #expect(t.errno { _ = try t.rollupPlan(now: "2026-01-05 14:10:00") } == 30201)
    #expect(try t.db.takeRunLock(t.accounting).first == "0")
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_event_detail") == "0")
    #expect(try t.ledger() == [])
    #expect(
      try t.scalar("SELECT CONCAT(level, ' ', message) FROM {acc}.accounting_log")?
        .hasPrefix("WARN the run lock is held by connection ") == true)
    try other.releaseRunLock(t.accounting)

    // The tool's way: hold the lock on its own connection, drive the hours, release.
    #expect(try t.db.takeRunLock(t.accounting).first == "1")
    #expect(try t.rollupPlan(now: "2026-01-05 11:10:00") == [["2026-01-05 10:00:00", "new"]])
    #expect(try t.rollupHour("2026-01-05 10:00:00")[1...2] == ["new", "6"])
    #expect(
      try other.scalar("CALL \(t.accounting).ROLLUP_RUN(NULL, NULL, NULL, NULL)").string == "locked"
    )
    try t.db.releaseRunLock(t.accounting)
    #expect(try t.scalar("SELECT holds FROM {acc}.accounting_run_lock") == "0")
  }

  @Test func consolidatedFlagsFollowProcessedHours() throws {
    try t.vmEvent(vm: 1, "2026-01-05 10:00:00", "2026-01-05 11:30:00")
    try t.vmEvent(vm: 1, "2026-01-05 11:30:00", nil)
    try t.vmEvent(vm: 2, "2026-01-05 10:15:00", "2026-01-05 13:30:00")
    try t.volumeEvent("2026-01-05 10:00:00", "2026-01-05 10:00:00")  // zero-length
    // Processed 10:00 .. 12:00, through 13:00: the interval ending 11:30 and the zero-length one.
    #expect(
      try t.rollupRun(now: "2026-01-05 13:10:00")[4...7] == [
        "2", "2026-01-05 10:00:00", "2026-01-05 12:00:00", "2026-01-05 13:00:00",
      ])
    #expect(
      try t.rows(
        "SELECT idVMAccountingEvent, consolidated FROM {acc}.accounting_event_vm ORDER BY 1")
        == [["1", "1"], ["2", "0"], ["3", "0"]])
    #expect(try t.rows("SELECT consolidated FROM {acc}.accounting_event_storage") == [["1"]])
    // 13:00 processed: VM 2's interval (stopped 13:30) has all its hours processed now.
    #expect(try t.rows("CALL {acc}.ROLLUP_CONSOLIDATE()") == [["0", "2026-01-05 13:00:00"]])
    try t.rollupHour("2026-01-05 13:00:00")
    #expect(try t.rows("CALL {acc}.ROLLUP_CONSOLIDATE()") == [["1", "2026-01-05 14:00:00"]])
    #expect(
      try t.rows(
        "SELECT idVMAccountingEvent, consolidated FROM {acc}.accounting_event_vm ORDER BY 1")
        == [["1", "1"], ["2", "0"], ["3", "1"]])
  }

  @Test func startFloorAndRefusals() throws {
    try t.vmEvent("2026-01-05 10:00:00", nil)
    #expect(
      try t.rows("CALL {acc}.ROLLUP_SET_START(?)", .datetime("2026-01-05 11:20:00"))
        == [["1", "2026-01-05 11:00:00", "first run starts at 2026-01-05 11:00:00"]])
    #expect(try t.rollupRun(now: "2026-01-05 13:10:00")[0...1] == ["done", "2"])
    #expect(try t.ledger().map { $0[0] } == ["2026-01-05 11:00:00", "2026-01-05 12:00:00"])
    // Later runs ignore --from.
    let ignored = try t.rows("CALL {acc}.ROLLUP_SET_START(?)", .datetime("2026-01-05 08:00:00"))
    #expect(ignored.first?[0...1] == ["0", "2026-01-05 11:00:00"])
    #expect(ignored.first?[2]?.hasPrefix("--from ignored") == true)
    // The floor: nothing below it is processed again.
    try t.exec("UPDATE {acc}.accounting_rollup_state SET processedFloor = '2026-01-05 12:00:00'")
    #expect(t.errno { try t.rollupHour("2026-01-05 11:00:00") } == 30202)
    #expect(
      t.errno {
        _ = try t.rows(
          "CALL {acc}.ROLLUP_RECOMPUTE(?, ?)", .datetime("2026-01-05 11:00:00"),
          .datetime("2026-01-05 13:00:00"))
      } == 30202)
    #expect(try t.rollupHour("2026-01-05 12:00:00")[1] == "unchanged")
    #expect(
      try t.rollupPlan(now: "2026-01-05 14:10:00", recheck: 48) == [["2026-01-05 13:00:00", "new"]])
    // Bad arguments.
    #expect(t.errno { try t.rollupHour("2026-01-05 12:30:00") } == 30200)
    #expect(
      t.errno {
        _ = try t.rows(
          "CALL {acc}.ROLLUP_RECOMPUTE(?, ?)", .datetime("2026-01-05 13:00:00"),
          .datetime("2026-01-05 13:00:00"))
      } == 30204)
    #expect(t.errno { _ = try t.rollupPlan(now: "2026-01-05 14:10:00", settle: -1) } == 30204)
    #expect(
      t.errno { try t.exec("UPDATE {acc}.accounting_parameter SET value = 'soon' WHERE name = 'settle_seconds'") }
        == 4025)
    try t.exec(
      """
      SET SESSION check_constraint_checks = 0;
      UPDATE {acc}.accounting_parameter SET value = 'soon' WHERE name = 'settle_seconds';
      SET SESSION check_constraint_checks = 1
      """)
    #expect(t.errno { _ = try t.rollupPlan(now: "2026-01-05 14:10:00") } == 30205)
    try t.exec("START TRANSACTION")
    #expect(t.errno { try t.rollupHour("2026-01-05 12:00:00") } == 30203)
    try t.exec("ROLLBACK")
  }

  @Test func summariesAcrossDayAndMonthAndAfterRecompute() throws {
    try t.exec(
      """
      UPDATE {acc}.name_history SET validTo = '2026-02-01 00:30:00' WHERE objectKind = 3 AND idObject = 10;
      INSERT INTO {acc}.name_history (objectKind, idObject, validFrom, validTo, name)
        VALUES (3, 10, '2026-02-01 00:30:00', NULL, 'production');
      """)
    try t.vmEvent("2026-01-31 22:30:00", nil, cpu: 2)
    try t.rollupRun(now: "2026-02-01 02:10:00")
    // Type 1: 22:00 1800 s x 2 = 3600; 23:00, 00:00, 01:00 3600 s x 2 = 7200 each.
    #expect(
      try t.rows(
        """
        SELECT starttime, resourceUnits, unitSeconds, detailRows, virtualDataCenter FROM {acc}.accounting_summary_hourly
        WHERE idAccountingResourceType = 1 ORDER BY starttime
        """)
        == [
          ["2026-01-31 22:00:00", "2", "3600", "1", "prod"],
          ["2026-01-31 23:00:00", "2", "7200", "1", "prod"],
          ["2026-02-01 00:00:00", "2", "7200", "1", "production"],
          ["2026-02-01 01:00:00", "2", "7200", "1", "production"],
        ])
    func typeOne(_ table: String) -> String {
      """
      SELECT starttime, resourceUnits, unitSeconds, detailRows, enterpriseName, virtualDataCenter FROM {acc}.\(table)
      WHERE idAccountingResourceType = 1 ORDER BY starttime
      """
    }
    #expect(
      try t.rows(typeOne("accounting_summary_daily"))
        == [
          ["2026-01-31 00:00:00", "4", "10800", "2", "Acme", "prod"],
          ["2026-02-01 00:00:00", "4", "14400", "2", "Acme", "production"],
        ])
    #expect(
      try t.rows(typeOne("accounting_summary_monthly"))
        == [
          ["2026-01-01 00:00:00", "4", "10800", "2", "Acme", "prod"],
          ["2026-02-01 00:00:00", "4", "14400", "2", "Acme", "production"],
        ])
    // A correction (3 cores all along) and a recompute of the four hours, each atomically.
    try t.exec("UPDATE {acc}.accounting_event_vm SET cpu = 3")
    #expect(
      try t.rows(
        "CALL {acc}.ROLLUP_RECOMPUTE(?, ?)", .datetime("2026-01-31 22:00:00"),
        .datetime("2026-02-01 02:00:00")
      ).first?.prefix(3) == ["4", "4", "24"])
    // Jan 31: 3 + 3 = 6, 5400 + 10800 = 16200; Feb 1: 6, 10800 + 10800 = 21600.
    #expect(
      try t.rows(typeOne("accounting_summary_daily"))
        == [
          ["2026-01-31 00:00:00", "6", "16200", "2", "Acme", "prod"],
          ["2026-02-01 00:00:00", "6", "21600", "2", "Acme", "production"],
        ])
    #expect(
      try t.rows(typeOne("accounting_summary_monthly"))
        == [
          ["2026-01-01 00:00:00", "6", "16200", "2", "Acme", "prod"],
          ["2026-02-01 00:00:00", "6", "21600", "2", "Acme", "production"],
        ])
    // Every level sums to the detail rows, all types together.
    let totals = try t.rows(
      """
      SELECT 'detail', SUM(resourceUnits), SUM(unitSeconds), COUNT(*) FROM {acc}.accounting_event_detail
      UNION ALL SELECT 'hourly', SUM(resourceUnits), SUM(unitSeconds), SUM(detailRows) FROM {acc}.accounting_summary_hourly
      UNION ALL SELECT 'daily', SUM(resourceUnits), SUM(unitSeconds), SUM(detailRows) FROM {acc}.accounting_summary_daily
      UNION ALL SELECT 'monthly', SUM(resourceUnits), SUM(unitSeconds), SUM(detailRows) FROM {acc}.accounting_summary_monthly
      """)
    #expect(Set(totals.map { Array($0.dropFirst()) }).count == 1)
    #expect(totals[0][3] == "24")
  }

  @Test func aSessionWithoutAutocommitGetsItsSettingBack() throws {
    try t.vmEvent("2026-01-05 10:20:00", nil)
    try t.exec("SET autocommit = 0")
    defer { _ = try? t.exec("SET autocommit = 1") }
    #expect(try t.rollupRun(now: "2026-01-05 12:03:00")[0...1] == ["done", "1"])
    #expect(try t.rows("SELECT @@autocommit, @@in_transaction") == [["0", "0"]])
    // 12:00 processed out of order leaves 11:00 as a gap: the next plan fills it.
    #expect(try t.rollupHour("2026-01-05 12:00:00")[1] == "new")
    #expect(try t.rollupPlan(now: "2026-01-05 14:03:00") == [["2026-01-05 11:00:00", "new"]])
    #expect(try t.rows("SELECT @@autocommit, @@in_transaction") == [["0", "0"]])
    #expect(try t.ledger().map { $0[0] } == ["2026-01-05 10:00:00", "2026-01-05 12:00:00"])
  }

}
