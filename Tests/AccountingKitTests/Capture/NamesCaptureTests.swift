import AccountingKit
import Testing

/// The name history (name_history, REGISTER_NAME) and its functions: ABQ_*_ID_TO_NAME(id),
/// ABQ_*_ID_TO_NAME_AT(id, at), ABQ_OBJECT_ID_TO_NAME(id).
@Suite(.serialized)
struct NamesCaptureTests {
  let t: TestSchema
  init() throws {
    t = try TestSchema("namecap")
    try t.captureFixture()  // every object named at 12:00
  }

  @Test func everyNamedObjectIsRecordedOnInsert() throws {
    try t.clock("2026-01-05 12:30:00")
    try t.insertVM("web-1", state: "NOT_ALLOCATED")
    try t.exec(
      "INSERT INTO {inv}.rasd_management (idResourceType, idVirtualDataCenter, name, sizeMB) VALUES ('8', 1, 'vol', 1)"
    )
    try t.exec(
      "INSERT INTO {inv}.vlan_network (network_name, networktype, idVirtualDataCenter) VALUES ('lan', 'INTERNAL', 1)"
    )
    #expect(
      try t.rows(
        "SELECT objectKind, COUNT(*), MIN(validFrom), MAX(validTo) FROM {acc}.name_history GROUP BY objectKind ORDER BY objectKind"
      )
        == [
          ["1", "2", "2026-01-05 12:00:00", nil], ["2", "2", "2026-01-05 12:00:00", nil],
          ["3", "3", "2026-01-05 12:00:00", nil], ["4", "3", "2026-01-05 12:00:00", nil],
          ["5", "1", "2026-01-05 12:30:00", nil], ["6", "3", "2026-01-05 12:00:00", nil],
          ["7", "2", "2026-01-05 12:00:00", nil], ["8", "2", "2026-01-05 12:00:00", nil],
          ["9", "2", "2026-01-05 12:00:00", nil], ["10", "2", "2026-01-05 12:00:00", nil],
          ["11", "1", "2026-01-05 12:30:00", nil], ["12", "1", "2026-01-05 12:30:00", nil],
        ])
    #expect(
      try t.rows(
        """
        SELECT {acc}.ABQ_ENT_ID_TO_NAME(2), {acc}.ABQ_DC_ID_TO_NAME(2), {acc}.ABQ_VDC_ID_TO_NAME(2),
               {acc}.ABQ_VAPP_ID_TO_NAME(3), {acc}.ABQ_VM_ID_TO_NAME(1), {acc}.ABQ_PM_ID_TO_NAME(3),
               {acc}.ABQ_IMG_ID_TO_NAME(2), {acc}.ABQ_COSTCODE_ID_TO_NAME(2), {acc}.ABQ_ENT_ID_TO_NAME(99)
        """) == [["Beta", "MAD", "dev", "beta-app", "web-1", "pm3", "bare", "Windows", nil]])
    #expect(
      try t.rows(
        "SELECT {acc}.ABQ_OBJECT_ID_TO_NAME(idObjectName) FROM {acc}.object_name ORDER BY idObjectName"
      )
        == [["KVM"], ["VMX_04"], ["TEMPLATE"], ["RAW"]])
  }

  @Test func aRenameLeavesTheEarlierNameUnchanged() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.exec("UPDATE {inv}.enterprise SET name = 'Acme Corp' WHERE idEnterprise = 1")
    try t.exec(
      "UPDATE {inv}.virtualdatacenter SET name = 'production' WHERE idVirtualDataCenter = 1")
    try t.exec("UPDATE {inv}.costcode SET name = 'Linux (GPL)' WHERE idCostCode = 1")
    // not a rename
    try t.exec("UPDATE {inv}.enterprise SET internal_customer_id = 'X' WHERE idEnterprise = 1")
    #expect(
      try t.rows(
        """
        SELECT {acc}.ABQ_ENT_ID_TO_NAME_AT(1, '2026-01-05 12:59:59'), {acc}.ABQ_ENT_ID_TO_NAME_AT(1, '2026-01-05 13:00:00'),
               {acc}.ABQ_ENT_ID_TO_NAME(1), {acc}.ABQ_VDC_ID_TO_NAME_AT(1, '2026-01-05 12:00:00'),
               {acc}.ABQ_VDC_ID_TO_NAME(1), {acc}.ABQ_COSTCODE_ID_TO_NAME_AT(1, '2026-01-05 12:30:00'),
               {acc}.ABQ_ENT_ID_TO_NAME_AT(1, '2025-01-01 00:00:00')
        """) == [["Acme", "Acme Corp", "Acme Corp", "prod", "production", "Linux", "Acme"]])
    #expect(
      try t.rows(
        "SELECT validFrom, validTo, name FROM {acc}.name_history WHERE objectKind = 1 AND idObject = 1 ORDER BY validFrom"
      )
        == [
          ["2026-01-05 12:00:00", "2026-01-05 13:00:00", "Acme"],
          ["2026-01-05 13:00:00", nil, "Acme Corp"],
        ])
  }

  @Test func renamesWithinOneSecondKeepTheLastAndNoZeroLengthRow() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.exec("UPDATE {inv}.datacenter SET name = 'BCN-1' WHERE idDataCenter = 1")
    try t.exec("UPDATE {inv}.datacenter SET name = 'BCN-2' WHERE idDataCenter = 1")
    try t.exec("UPDATE {inv}.datacenter SET name = 'bcn-2' WHERE idDataCenter = 1")  // case counts
    #expect(
      try t.rows(
        "SELECT validFrom, validTo, name FROM {acc}.name_history WHERE objectKind = 2 AND idObject = 1 ORDER BY validFrom"
      )
        == [
          ["2026-01-05 12:00:00", "2026-01-05 13:00:00", "BCN"],
          ["2026-01-05 13:00:00", nil, "bcn-2"],
        ])
    // renamed back within the second: the earlier interval simply goes on
    try t.exec("UPDATE {inv}.datacenter SET name = 'BCN' WHERE idDataCenter = 1")
    #expect(
      try t.rows(
        "SELECT validFrom, validTo, name FROM {acc}.name_history WHERE objectKind = 2 AND idObject = 1"
      )
        == [["2026-01-05 12:00:00", nil, "BCN"]])
  }

  @Test func quotesAndNonASCIINames() throws {
    let names = ["O'Brien \"Ltd\"", "Ñandú – Zürich", "日本語の会社", "emoji 🚀 \\ back"]
    try t.clock("2026-01-05 13:00:00")
    for (i, name) in names.enumerated() {
      try t.clock("2026-01-05 13:0\(i):00")
      try t.exec("UPDATE {inv}.enterprise SET name = ? WHERE idEnterprise = 2", .text(name))
    }
    #expect(try t.scalar("SELECT {acc}.ABQ_ENT_ID_TO_NAME(2)") == names[3])
    for (i, name) in names.enumerated() {
      #expect(
        try t.scalar(
          "SELECT {acc}.ABQ_ENT_ID_TO_NAME_AT(2, ?)", .datetime("2026-01-05 13:0\(i):30")) == name)
    }
    try t.insertVM("vm 'quoted' ñ", state: "ON")
    #expect(try t.scalar("SELECT {acc}.ABQ_VM_ID_TO_NAME(1)") == "vm 'quoted' ñ")
  }

  @Test func deletedObjectsKeepTheirLastName() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.insertVM("short-lived", state: "ON")
    try t.exec("UPDATE {inv}.virtualmachine SET name = 'renamed' WHERE idVM = 1")
    try t.clock("2026-01-05 14:00:00")
    try t.exec("DELETE FROM {inv}.virtualmachine WHERE idVM = 1")
    try t.exec("DELETE FROM {inv}.virtualimage WHERE idImage = 2")
    #expect(
      try t.rows(
        "SELECT {acc}.ABQ_VM_ID_TO_NAME(1), {acc}.ABQ_VM_ID_TO_NAME_AT(1, '2026-01-05 15:00:00'), {acc}.ABQ_IMG_ID_TO_NAME(2)"
      )
        == [["renamed", "renamed", "bare"]])
  }

  @Test func registerNameRejectsAnUnknownKind() throws {
    let error = #expect(throws: DatabaseError.self) {
      try t.exec("CALL {acc}.REGISTER_NAME(13, 1, 'x', NULL)")
    }
    #expect(error?.errno == 30101)
    #expect(error?.token == "CAPTURE_BAD_NAME_KIND")
  }

  @Test func mutedRenamesAreNotRecordedAndTheSnapshotFillsOnlyMissingNames() throws {
    try t.exec("SET @accounting_mute = 1")
    try t.exec("UPDATE {inv}.enterprise SET name = 'muted' WHERE idEnterprise = 1")
    try t.exec("INSERT INTO {inv}.enterprise (name) VALUES ('Gamma')")
    try t.exec("SET @accounting_mute = NULL")
    try t.exec("CALL {acc}.INITIAL_SNAPSHOT('2026-01-05 13:00:00')")
    try t.exec("CALL {acc}.INITIAL_SNAPSHOT('2026-01-05 14:00:00')")
    #expect(
      try t.rows(
        "SELECT idObject, validFrom, name FROM {acc}.name_history WHERE objectKind = 1 ORDER BY idObject"
      )
        == [
          ["1", "2026-01-05 12:00:00", "Acme"], ["2", "2026-01-05 12:00:00", "Beta"],
          ["3", "2026-01-05 13:00:00", "Gamma"],
        ])
  }
}
