import AccountingKit
import Foundation
import Testing

/// `accounting verify` proves the numbers: interval sanity, the ledger, the detail, the summaries
/// and conservation, on hand-computed data; errors on schemas it cannot check; `--fix`.
@Suite(.serialized)
struct VerifyTests {
  let t: TestSchema
  init() throws { t = try TestSchema("verify") }

  var common: [String] { ["--no-defaults", "--inventory-schema", t.inventory, "--accounting-schema", t.accounting] }

  /// One VM (deployed ON at 10:15 with 2 cpu, resized to 4 at 11:30, powered OFF at 12:45),
  /// rolled up through 13:00 (hours 10:00, 11:00, 12:00).
  private func oneVMRolledUp() throws {
    try t.oneVMThroughTheTriggers()
    try t.clock("2026-01-05 14:00:00")
    #expect(try t.rows("CALL {acc}.ROLLUP_RUN(NULL, NULL, NULL, NULL)").first?[0...1] == ["done", "3"])
  }

  private func verify(_ extra: [String] = []) throws -> Tool.Result { try Tool.run(["verify"] + extra + common) }

  @Test func cleanThenEachCorruptionIsNamed() throws {
    try oneVMRolledUp()
    let clean = try verify()
    #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
    #expect(clean.stdout == "verify: clean\n")

    // A late change nobody reprocessed: the first interval's cpu made 3. Its intervals now hold,
    // over 10:00-13:00, 3 x 4,500 + 4 x 4,500 + 4 x 900 = 35,100 core-seconds (type 1) and
    // 3 x 4,500 + 4 x 4,500 = 31,500 while ON (type 15); the detail still says 30,600 and 27,000.
    try t.exec("UPDATE {acc}.accounting_event_vm SET cpu = 3 WHERE idVMAccountingEvent = 1")
    let late = try verify()
    #expect(late.status == 2)
    #expect(
      late.stdout == """
        vm 1: conservation, type 1 from 2026-01-05T10:00:00Z to 2026-01-05T13:00:00Z: intervals 35100 unit-seconds, detail 30600
        vm 1: conservation, type 15 from 2026-01-05T10:00:00Z to 2026-01-05T13:00:00Z: intervals 31500 unit-seconds, detail 27000

        """)
    // A recompute brings the hours in line.
    #expect(try t.rows("CALL {acc}.ROLLUP_RECOMPUTE('2026-01-05 10:00:00', '2026-01-05 13:00:00')").first?[0] == "3")
    #expect(try verify().status == 0)

    // The hourly summary off by one unit-second; a ledger row gone; a detail row over an hour.
    try t.exec(
      "UPDATE {acc}.accounting_summary_hourly SET unitSeconds = unitSeconds + 1 WHERE starttime = '2026-01-05 11:00:00' AND idAccountingResourceType = 1")
    try t.exec("DELETE FROM {acc}.accounting_rollup_ledger WHERE starttime = '2026-01-05 11:00:00'")
    try t.exec(
      "UPDATE {acc}.accounting_event_detail SET usageSeconds = 3601 WHERE starttime = '2026-01-05 12:00:00' AND idAccountingResourceType = 3")
    let broken = try verify()
    #expect(broken.status == 2)
    // 11:00 at type 1, recomputed with the first interval at 3 cpu: 3 x 1,800 + 4 x 1,800 =
    // 12,600 core-seconds, 4 cores at most.
    #expect(
      broken.stdout == """
        detail 1: hour 2026-01-05T12:00:00Z type 3: 3601 s in one hour
        ledger 0: hour 2026-01-05T11:00:00Z is not processed (no ledger row)
        summary 0: hour 2026-01-05T11:00:00Z enterprise 1 VDC 1 type 1: hourly summary 12601 unit-seconds, 4 units; detail 12600, 4

        """)
  }

  /// Conservation counts every kind by its types' rule: one hour, 10:00-11:00, of a reserved PM
  /// (8 cores, 1024 MB), a 2 MB volume on tier 1, an image (100 bytes) and its conversion 2
  /// (50 bytes), a public IP and a VLAN, rolled up clean; then each interval changed behind the
  /// rollup's back, and each change named, by type, with the numbers worked out by hand.
  @Test func conservationCountsEveryKindByItsTypes() throws {
    try t.exec(
      """
      INSERT INTO {acc}.accounting_event_pm (idPhysicalMachine, idEnterprise, cpu, ram, startTime, stopTime)
      VALUES (1, 1, 8, 1024, '2026-01-05 10:00:00', '2026-01-05 11:00:00')
      """)
    try t.exec(
      """
      INSERT INTO {acc}.accounting_event_storage
        (idManagement, idEnterprise, idVirtualDataCenter, idVirtualApp, idVirtualMachine, sizeMB, idTier, startTime, stopTime)
      VALUES (3, 1, 1, 0, 0, 2, 1, '2026-01-05 10:00:00', '2026-01-05 11:00:00')
      """)
    try t.exec(
      """
      INSERT INTO {acc}.accounting_event_repository (idImage, idConversion, idEnterprise, imageSize, startTime, stopTime)
      VALUES (7, 0, 1, 100, '2026-01-05 10:00:00', '2026-01-05 11:00:00'),
             (7, 2, 1, 50, '2026-01-05 10:00:00', '2026-01-05 11:00:00')
      """)
    try t.exec(
      """
      INSERT INTO {acc}.accounting_event_ips (idManagement, ip, vlan_network_id, idEnterprise, idVirtualDataCenter, startTime, stopTime)
      VALUES (5, '10.0.0.5', 1, 1, 1, '2026-01-05 10:00:00', '2026-01-05 11:00:00')
      """)
    try t.exec(
      """
      INSERT INTO {acc}.accounting_event_vlan (vlan_network_id, idEnterprise, idVirtualDataCenter, startTime, stopTime)
      VALUES (6, 1, 1, '2026-01-05 10:00:00', '2026-01-05 11:00:00')
      """)
    try t.clock("2026-01-05 12:05:00")
    #expect(try t.rows("CALL {acc}.ROLLUP_RUN(NULL, NULL, NULL, NULL)").first?[0...1] == ["done", "2"])
    #expect(try t.rows("CALL {acc}.VERIFY_HISTORY(NULL, NULL)") == [])

    // PM cpu 9: 9 x 3,600 = 32,400 core-seconds (type 9) against 8 x 3,600 = 28,800. Volume
    // 3 MB: 3 x 1,048,576 x 3,600 = 11,324,620,800 byte-seconds for types 4 and 13 against
    // 2 x 1,048,576 x 3,600 = 7,549,747,200. Conversion 60 bytes: 216,000 against 180,000 (the
    // image itself unchanged). The IP stopped at 10:30: 1,800 s against 3,600; the VLAN started
    // at 10:15: 2,700 s against 3,600.
    try t.exec("UPDATE {acc}.accounting_event_pm SET cpu = 9")
    try t.exec("UPDATE {acc}.accounting_event_storage SET sizeMB = 3")
    try t.exec("UPDATE {acc}.accounting_event_repository SET imageSize = 60 WHERE idConversion = 2")
    try t.exec("UPDATE {acc}.accounting_event_ips SET stopTime = '2026-01-05 10:30:00'")
    try t.exec("UPDATE {acc}.accounting_event_vlan SET startTime = '2026-01-05 10:15:00'")
    let span = "from 2026-01-05T10:00:00Z to 2026-01-05T12:00:00Z"
    #expect(
      try t.rows("CALL {acc}.VERIFY_HISTORY(NULL, NULL)") == [
        ["ip", "5", "conservation, type 5 \(span): intervals 1800 unit-seconds, detail 3600"],
        ["pm", "1", "conservation, type 9 \(span): intervals 32400 unit-seconds, detail 28800"],
        ["repository", "7", "conservation, type 11 conversion 2 \(span): intervals 216000 unit-seconds, detail 180000"],
        ["storage", "3", "conservation, type 13 \(span): intervals 11324620800 unit-seconds, detail 7549747200"],
        ["storage", "3", "conservation, type 4 \(span): intervals 11324620800 unit-seconds, detail 7549747200"],
        ["vlan", "6", "conservation, type 6 \(span): intervals 2700 unit-seconds, detail 3600"],
      ])
  }

  @Test func intervalsThatEndBeforeTheyStartOrOverlap() throws {
    try t.exec(
      """
      INSERT INTO {acc}.accounting_event_vm
        (idVM, idEnterprise, idVirtualDataCenter, idVirtualApp, cpu, ram, hd, startTime, stopTime, powerOn)
      VALUES (7, 1, 1, 1, 2, 1024, 0, '2026-01-05 12:00:00', '2026-01-05 15:00:00', 1),
             (7, 1, 1, 1, 4, 1024, 0, '2026-01-05 15:00:00', '2026-01-05 13:00:00', 1),
             (7, 1, 1, 1, 8, 1024, 0, '2026-01-05 13:00:00', '2026-01-05 16:00:00', 1)
      """)
    #expect(
      try t.rows("CALL {acc}.VERIFY_HISTORY(NULL, NULL)") == [
        ["vm", "7", "interval 2 ends before it starts (2026-01-05 15:00:00 .. 2026-01-05 13:00:00)"],
        ["vm", "7", "interval 3 (from 2026-01-05 13:00:00) overlaps an earlier interval of the resource ending 2026-01-05 15:00:00"],
      ])
  }

  /// Years of processed hours (here 1,200, past the server's default max_recursive_iterations of
  /// 1,000): the ledger check covers them all and names the one missing hour.
  @Test func aLedgerOfMoreThanAThousandHours() throws {
    // 1,200 empty hours from 2026-01-01 00:00, written directly (no events: nothing else to check).
    try t.exec(
      """
      INSERT INTO {acc}.accounting_rollup_ledger
        (starttime, processedAt, detailRows, resourceUnits, unitSeconds, durationMicros, fpCount, fpSeconds, fpHash)
      SELECT TIMESTAMP'2026-01-01 00:00:00' + INTERVAL q.seq HOUR, '2026-03-01 00:00:00', 0, 0, 0, 0, 0, 0, 0
        FROM {acc}.seq_0_to_1199 q
      """)
    try t.exec("UPDATE {acc}.accounting_rollup_state SET startHour = '2026-01-01 00:00:00' WHERE id = 1")
    #expect(try t.rows("CALL {acc}.VERIFY_HISTORY(NULL, NULL)").isEmpty)
    // Hour 1,100 (2026-02-15 20:00) goes: exactly that hour is reported.
    try t.exec("DELETE FROM {acc}.accounting_rollup_ledger WHERE starttime = '2026-02-15 20:00:00'")
    #expect(
      try t.rows("CALL {acc}.VERIFY_HISTORY(NULL, NULL)") == [
        ["ledger", "0", "hour 2026-02-15T20:00:00Z is not processed (no ledger row)"]
      ])
  }

  @Test func schemasItCannotCheckAreErrors() throws {
    try oneVMRolledUp()
    let noInventory = try Tool.run(["verify", "--no-defaults", "--inventory-schema", "t_nosuch_inv", "--accounting-schema", t.accounting])
    #expect(noInventory.status == 1)
    #expect(noInventory.stderr == "accounting: the inventory schema t_nosuch_inv does not exist\n")
    let notInstalled = try Tool.run(["verify", "--no-defaults", "--inventory-schema", t.inventory, "--accounting-schema", "t_nosuch_acc"])
    #expect(notInstalled.status == 1)
    #expect(notInstalled.stderr == "accounting: the accounting schema t_nosuch_acc is not installed: run accounting install\n")
    // Another existing schema that is not this accounting's inventory.
    try t.exec("CREATE DATABASE IF NOT EXISTS t_verify_other")
    defer { _ = try? t.exec("DROP DATABASE IF EXISTS t_verify_other") }
    let wrongPair = try Tool.run(["verify", "--no-defaults", "--inventory-schema", "t_verify_other", "--accounting-schema", t.accounting])
    #expect(wrongPair.status == 1)
    #expect(
      wrongPair.stderr
        == "accounting: the inventory schema t_verify_other does not carry the triggers of accounting schema \(t.accounting): not the pair that was installed together\n")
  }

  @Test func fixClosesOrphansAndOpensTheMissingNow() throws {
    try oneVMRolledUp()
    // Muted changes: VM 1 deleted (its open row is an orphan), VM 2 deployed (no open row).
    try t.clock("2026-01-05 15:00:00")
    try t.exec(
      """
      SET @accounting_mute = 1;
      DELETE FROM {inv}.virtualmachine WHERE idVM = 1;
      INSERT INTO {inv}.virtualmachine (idVM, name, idEnterprise, idVirtualApp, cpu, ram, hd, state) VALUES (2, 'web-2', 1, 1, 1, 1024, 0, 'ON');
      SET @accounting_mute = NULL
      """)
    #expect(
      try t.verifyProblems() == [
        "vm 1: open interval of a VM that does not exist", "vm 2: managed VM in ON has no open interval",
      ])
    try t.clock("2026-01-05 15:30:00")
    #expect(
      try t.rows("CALL {acc}.VERIFY_FIX()").map { $0[0] ?? "" } == [
        "fix: closed open interval 3 of vm 1 at 2026-01-05T15:30:00Z: the VM does not exist",
        "fix: opened interval 4 of vm 2 at 2026-01-05T15:30:00Z",
      ])
    #expect(try t.verifyProblems() == [])
    #expect(
      try t.rows("SELECT idVM, startTime, stopTime FROM {acc}.accounting_event_vm WHERE idVMAccountingEvent >= 3") == [
        ["1", "2026-01-05 12:45:00", "2026-01-05 15:30:00"], ["2", "2026-01-05 15:30:00", nil],
      ])
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.LOG_VW WHERE source = 'verify' AND level = 'WARN'") == "2")
    // The tool's way: nothing left to fix, and the rest is clean.
    let tool = try verify(["--fix"])
    #expect(tool.status == 0, "\(tool.stdout)")
    #expect(tool.stdout == "verify: clean\n")
  }
}
