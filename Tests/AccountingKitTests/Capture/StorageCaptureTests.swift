import AccountingKit
import Testing

/// Capture of external volumes (rasd_management rows of type '8', accounting_event_storage).
@Suite(.serialized)
struct StorageCaptureTests {
  let t: TestSchema
  init() throws {
    t = try TestSchema("stocap")
    try t.captureFixture()
  }

  private func intervals() throws -> [[String?]] {
    try t.rows(
      """
      SELECT idManagement, idEnterprise, idVirtualDataCenter, idVirtualApp, idVirtualMachine, sizeMB, idTier,
             startTime, stopTime, idDataCenter, region
      FROM {acc}.accounting_event_storage ORDER BY idStorageAccountingEvent
      """)
  }

  @Test func volumeLifecycle() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.insertVM("web-1", state: "ON")
    try t.exec(
      """
      INSERT INTO {inv}.rasd_management (idResourceType, idVirtualDataCenter, name, sizeMB, idTier)
      VALUES ('8', 1, 'data', 1024, 1), ('10', 1, 'a nic', 0, NULL)
      """)
    try t.clock("2026-01-05 13:10:00")
    // attach
    try t.exec("UPDATE {inv}.rasd_management SET idVM = 1, idVirtualApp = 1 WHERE idManagement = 1")
    try t.clock("2026-01-05 13:20:00")
    try t.exec("UPDATE {inv}.rasd_management SET sizeMB = 2048 WHERE idManagement = 1")  // resize
    try t.exec(
      // no-op
      "UPDATE {inv}.rasd_management SET sizeMB = 2048, name = 'data-2' WHERE idManagement = 1")
    // not a volume
    try t.exec("UPDATE {inv}.rasd_management SET sizeMB = 4096 WHERE idManagement = 2")
    try t.clock("2026-01-05 13:30:00")
    try t.exec("UPDATE {inv}.rasd_management SET idTier = 2 WHERE idManagement = 1")  // tier
    try t.clock("2026-01-05 13:40:00")
    try t.exec(
      // detach
      "UPDATE {inv}.rasd_management SET idVM = NULL, idVirtualApp = NULL WHERE idManagement = 1")
    try t.exec("DELETE FROM {inv}.virtualmachine WHERE idVM = 1")
    try t.clock("2026-01-05 13:50:00")
    // to Beta's VDC
    try t.exec("UPDATE {inv}.rasd_management SET idVirtualDataCenter = 3 WHERE idManagement = 1")
    try t.clock("2026-01-05 14:00:00")
    try t.exec("DELETE FROM {inv}.rasd_management")
    #expect(
      try intervals() == [
        [
          "1", "1", "1", "0", "0", "1024", "1", "2026-01-05 13:00:00", "2026-01-05 13:10:00", "1",
          "eu-south",
        ],
        [
          "1", "1", "1", "1", "1", "1024", "1", "2026-01-05 13:10:00", "2026-01-05 13:20:00", "1",
          "eu-south",
        ],
        [
          "1", "1", "1", "1", "1", "2048", "1", "2026-01-05 13:20:00", "2026-01-05 13:30:00", "1",
          "eu-south",
        ],
        [
          "1", "1", "1", "1", "1", "2048", "2", "2026-01-05 13:30:00", "2026-01-05 13:40:00", "1",
          "eu-south",
        ],
        [
          "1", "1", "1", "0", "0", "2048", "2", "2026-01-05 13:40:00", "2026-01-05 13:50:00", "1",
          "eu-south",
        ],
        [
          "1", "2", "3", "0", "0", "2048", "2", "2026-01-05 13:50:00", "2026-01-05 14:00:00", "1",
          "eu-south",
        ],
      ])
    #expect(try t.verifyProblems() == [])
  }

  @Test func namesWithQuotesAndNonASCII() throws {
    let name = "vol 'quoted' \"double\" \\ back – Ñandú 日本 🚀"
    try t.clock("2026-01-05 13:00:00")
    try t.exec(
      "INSERT INTO {inv}.rasd_management (idResourceType, idVirtualDataCenter, name, sizeMB, idTier) VALUES ('8', 1, ?, 10, NULL)",
      .text(name))
    #expect(
      try t.rows("SELECT name, validFrom, validTo FROM {acc}.name_history WHERE objectKind = 11")
        == [[name, "2026-01-05 13:00:00", nil]])
    #expect(
      try t.rows("SELECT idTier, sizeMB FROM {acc}.accounting_event_storage") == [[nil, "10"]])
  }

  @Test func typeChangesAndInitialSnapshot() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.exec(
      "INSERT INTO {inv}.rasd_management (idResourceType, idVirtualDataCenter, name, sizeMB) VALUES ('10', 1, 'x', 5)"
    )
    try t.clock("2026-01-05 13:10:00")
    try t.exec("UPDATE {inv}.rasd_management SET idResourceType = '8' WHERE idManagement = 1")
    try t.clock("2026-01-05 13:20:00")
    try t.exec("UPDATE {inv}.rasd_management SET idResourceType = '10' WHERE idManagement = 1")
    #expect(
      try t.rows("SELECT startTime, stopTime FROM {acc}.accounting_event_storage")
        == [["2026-01-05 13:10:00", "2026-01-05 13:20:00"]])
    try t.exec("SET @accounting_mute = 1")
    try t.exec(
      "INSERT INTO {inv}.rasd_management (idResourceType, idVirtualDataCenter, name, sizeMB, idTier) VALUES ('8', 2, 'muted', 7, 1)"
    )
    try t.exec("SET @accounting_mute = NULL")
    #expect(try t.verifyProblems() == ["storage 2: external volume has no open interval"])
    try t.exec("CALL {acc}.INITIAL_SNAPSHOT('2026-01-05 14:00:00')")
    try t.exec("CALL {acc}.INITIAL_SNAPSHOT('2026-01-05 15:00:00')")
    #expect(
      try t.rows(
        "SELECT idManagement, idEnterprise, idVirtualDataCenter, sizeMB, idTier, startTime, region FROM {acc}.accounting_event_storage WHERE stopTime IS NULL"
      )
        == [["2", "1", "2", "7", "1", "2026-01-05 14:00:00", "eu-central"]])
    #expect(try t.scalar("SELECT {acc}.NAME_HISTORY_CURRENT(11, 2)") == "muted")
    #expect(try t.verifyProblems() == [])
  }
}
