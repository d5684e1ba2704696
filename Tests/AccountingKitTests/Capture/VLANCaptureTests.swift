import AccountingKit
import Testing

/// Capture of private VLANs (vlan_network rows of type INTERNAL, accounting_event_vlan).
@Suite(.serialized)
struct VLANCaptureTests {
  let t: TestSchema
  init() throws {
    t = try TestSchema("vlancap")
    try t.captureFixture()
  }

  private func intervals() throws -> [[String?]] {
    try t.rows(
      """
      SELECT vlan_network_id, idEnterprise, idVirtualDataCenter, startTime, stopTime, idDataCenter, region
      FROM {acc}.accounting_event_vlan ORDER BY idVLANAccountingEvent
      """)
  }

  @Test func createMoveRenameDelete() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.exec(
      """
      INSERT INTO {inv}.vlan_network (network_name, networktype, idVirtualDataCenter)
      VALUES ('private', 'INTERNAL', 1), ('public', 'PUBLIC', NULL), ('external', 'EXTERNAL', 1)
      """)
    try t.clock("2026-01-05 13:10:00")
    // name only
    try t.exec("UPDATE {inv}.vlan_network SET network_name = 'private-2' WHERE vlan_network_id = 1")
    // not private
    try t.exec("UPDATE {inv}.vlan_network SET idVirtualDataCenter = 2 WHERE vlan_network_id = 3")
    try t.clock("2026-01-05 13:20:00")
    // to Beta
    try t.exec("UPDATE {inv}.vlan_network SET idVirtualDataCenter = 3 WHERE vlan_network_id = 1")
    try t.clock("2026-01-05 13:30:00")
    try t.exec("DELETE FROM {inv}.vlan_network")
    #expect(
      try intervals() == [
        ["1", "1", "1", "2026-01-05 13:00:00", "2026-01-05 13:20:00", "1", "eu-south"],
        ["1", "2", "3", "2026-01-05 13:20:00", "2026-01-05 13:30:00", "1", "eu-south"],
      ])
    #expect(
      try t.rows(
        "SELECT idObject, validFrom, validTo, name FROM {acc}.name_history WHERE objectKind = 12 ORDER BY idObject, validFrom"
      )
        == [
          ["1", "2026-01-05 13:00:00", "2026-01-05 13:10:00", "private"],
          ["1", "2026-01-05 13:10:00", nil, "private-2"],
          ["2", "2026-01-05 13:00:00", nil, "public"],
          ["3", "2026-01-05 13:00:00", nil, "external"],
        ])
    #expect(try t.verifyProblems() == [])
  }

  @Test func sameSecondAndInitialSnapshot() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.exec(
      "INSERT INTO {inv}.vlan_network (network_name, networktype, idVirtualDataCenter) VALUES ('p', 'INTERNAL', 1)"
    )
    try t.exec("UPDATE {inv}.vlan_network SET idVirtualDataCenter = 2 WHERE vlan_network_id = 1")
    #expect(
      try intervals() == [
        ["1", "1", "1", "2026-01-05 13:00:00", "2026-01-05 13:00:00", "1", "eu-south"],
        ["1", "1", "2", "2026-01-05 13:00:00", nil, "2", "eu-central"],
      ])
    try t.exec("SET @accounting_mute = 1")
    try t.exec(
      "INSERT INTO {inv}.vlan_network (network_name, networktype, idVirtualDataCenter) VALUES ('q', 'INTERNAL', 3)"
    )
    try t.exec("SET @accounting_mute = NULL")
    #expect(try t.verifyProblems() == ["vlan 2: private VLAN has no open interval"])
    try t.exec("CALL {acc}.INITIAL_SNAPSHOT('2026-01-05 14:00:00')")
    try t.exec("CALL {acc}.INITIAL_SNAPSHOT('2026-01-05 15:00:00')")
    #expect(
      try t.rows(
        "SELECT vlan_network_id, idEnterprise, startTime FROM {acc}.accounting_event_vlan WHERE stopTime IS NULL ORDER BY 1"
      )
        == [["1", "1", "2026-01-05 13:00:00"], ["2", "2", "2026-01-05 14:00:00"]])
    #expect(try t.verifyProblems() == [])
  }
}
