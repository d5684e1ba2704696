import AccountingKit
import Testing

/// Capture of reserved physical machines (accounting_event_pm): reserve, re-snapshot of cpu and
/// ram while reserved, change of enterprise, release, delete.
@Suite(.serialized)
struct PMCaptureTests {
  let t: TestSchema
  init() throws {
    t = try TestSchema("pmcap")
    try t.captureFixture()
  }

  private func intervals() throws -> [[String?]] {
    try t.rows(
      """
      SELECT idPhysicalMachine, idEnterprise, cpu, ram, startTime, stopTime, idDataCenter, region, account_id
      FROM {acc}.accounting_event_pm ORDER BY idPMAccountingEvent
      """)
  }

  @Test func reserveResizeMoveAndRelease() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.exec("UPDATE {inv}.physicalmachine SET idEnterprise = 1 WHERE idPhysicalMachine = 1")
    try t.clock("2026-01-05 13:10:00")
    try t.exec("UPDATE {inv}.physicalmachine SET cpu = 64 WHERE idPhysicalMachine = 1")
    try t.clock("2026-01-05 13:20:00")
    try t.exec("UPDATE {inv}.physicalmachine SET ram = 524288 WHERE idPhysicalMachine = 1")
    try t.clock("2026-01-05 13:30:00")
    try t.exec("UPDATE {inv}.physicalmachine SET idEnterprise = 2 WHERE idPhysicalMachine = 1")
    try t.clock("2026-01-05 13:40:00")
    try t.exec("UPDATE {inv}.physicalmachine SET idEnterprise = NULL WHERE idPhysicalMachine = 1")
    #expect(
      try intervals() == [
        [
          "1", "1", "32", "262144", "2026-01-05 13:00:00", "2026-01-05 13:10:00", "1", "eu-south",
          "ACC-1",
        ],
        [
          "1", "1", "64", "262144", "2026-01-05 13:10:00", "2026-01-05 13:20:00", "1", "eu-south",
          "ACC-1",
        ],
        [
          "1", "1", "64", "524288", "2026-01-05 13:20:00", "2026-01-05 13:30:00", "1", "eu-south",
          "ACC-1",
        ],
        [
          "1", "2", "64", "524288", "2026-01-05 13:30:00", "2026-01-05 13:40:00", "1", "eu-south",
          nil,
        ],
      ])
    #expect(try t.verifyProblems() == [])
  }

  @Test func insertedReservedAndDeleted() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.exec(
      "INSERT INTO {inv}.physicalmachine (idDataCenter, name, cpu, ram, idEnterprise) VALUES (2, 'pm4', 4, 8192, 2)"
    )
    try t.clock("2026-01-05 16:00:00")
    try t.exec("DELETE FROM {inv}.physicalmachine WHERE idPhysicalMachine = 4")
    #expect(
      try intervals() == [
        [
          "4", "2", "4", "8192", "2026-01-05 13:00:00", "2026-01-05 16:00:00", "2", "eu-central",
          nil,
        ]
      ])
    // the deleted machine keeps its name
    #expect(try t.scalar("SELECT {acc}.ABQ_PM_ID_TO_NAME(4)") == "pm4")
  }

  @Test func unreservedChangesWriteNothing() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.exec("UPDATE {inv}.physicalmachine SET cpu = 99, ram = 1 WHERE idPhysicalMachine = 2")
    try t.exec("UPDATE {inv}.physicalmachine SET idEnterprise = 1 WHERE idPhysicalMachine = 3")
    try t.exec(
      "UPDATE {inv}.physicalmachine SET idEnterprise = 1, idDataCenter = 2 WHERE idPhysicalMachine = 3"
    )  // not accounted
    #expect(try t.count("accounting_event_pm") == 1)
    try t.exec("DELETE FROM {inv}.hypervisor WHERE id = 2")
    try t.exec("DELETE FROM {inv}.physicalmachine WHERE idPhysicalMachine = 2")  // never reserved
    #expect(try t.count("accounting_event_pm") == 1)
  }

  @Test func twoChangesInOneSecondAndInitialSnapshot() throws {
    try t.exec("SET @accounting_mute = 1")
    try t.exec(
      "UPDATE {inv}.physicalmachine SET idEnterprise = 1 WHERE idPhysicalMachine IN (1, 2)")
    try t.exec("SET @accounting_mute = NULL")
    #expect(
      try t.verifyProblems() == [
        "pm 1: reserved physical machine has no open interval",
        "pm 2: reserved physical machine has no open interval",
      ])
    try t.exec("CALL {acc}.INITIAL_SNAPSHOT('2026-01-05 13:00:00')")
    try t.exec("CALL {acc}.INITIAL_SNAPSHOT('2026-01-05 13:30:00')")
    try t.clock("2026-01-05 14:00:00")
    try t.exec("UPDATE {inv}.physicalmachine SET cpu = 33 WHERE idPhysicalMachine = 1")
    try t.exec("UPDATE {inv}.physicalmachine SET cpu = 34 WHERE idPhysicalMachine = 1")
    #expect(
      try intervals() == [
        [
          "1", "1", "32", "262144", "2026-01-05 13:00:00", "2026-01-05 14:00:00", "1", "eu-south",
          "ACC-1",
        ],
        ["2", "1", "16", "131072", "2026-01-05 13:00:00", nil, "1", "eu-south", "ACC-1"],
        [
          "1", "1", "33", "262144", "2026-01-05 14:00:00", "2026-01-05 14:00:00", "1", "eu-south",
          "ACC-1",
        ],
        ["1", "1", "34", "262144", "2026-01-05 14:00:00", nil, "1", "eu-south", "ACC-1"],
      ])
    #expect(try t.verifyProblems() == [])
  }
}
