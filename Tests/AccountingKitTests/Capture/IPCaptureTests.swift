import AccountingKit
import Testing

/// Capture of public IPs (ip_pool_management rows on PUBLIC networks, accounting_event_ips).
/// Networks: 1 INTERNAL (VDC 1), 2 PUBLIC, 3 EXTERNAL (VDC 1).
@Suite(.serialized)
struct IPCaptureTests {
  let t: TestSchema
  init() throws {
    t = try TestSchema("ipcap")
    try t.captureFixture()
    try t.exec(
      """
      INSERT INTO {inv}.vlan_network (network_name, networktype, idVirtualDataCenter)
      VALUES ('private', 'INTERNAL', 1), ('public', 'PUBLIC', NULL), ('external', 'EXTERNAL', 1)
      """)
  }

  private func intervals() throws -> [[String?]] {
    try t.rows(
      """
      SELECT idManagement, ip, vlan_network_id, idEnterprise, idVirtualDataCenter, startTime, stopTime, idDataCenter, account_id
      FROM {acc}.accounting_event_ips ORDER BY idIPAccountingEvent
      """)
  }

  @Test func allocateMoveFreeDelete() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.exec(
      """
      INSERT INTO {inv}.ip_pool_management (vlan_network_id, ip, idVirtualDataCenter)
      VALUES (2, '203.0.113.1', 1), (2, '203.0.113.2', NULL), (1, '10.0.0.1', 1), (3, '192.0.2.1', 1)
      """)
    try t.clock("2026-01-05 13:10:00")
    // allocate
    try t.exec("UPDATE {inv}.ip_pool_management SET idVirtualDataCenter = 1 WHERE idManagement = 2")
    try t.exec(
      // not accounted
      "UPDATE {inv}.ip_pool_management SET mac = '00:11:22:33:44:55' WHERE idManagement = 1")
    try t.exec(
      // not public
      "UPDATE {inv}.ip_pool_management SET idVirtualDataCenter = 2 WHERE idManagement IN (3, 4)")
    try t.clock("2026-01-05 13:20:00")
    // to Beta
    try t.exec("UPDATE {inv}.ip_pool_management SET idVirtualDataCenter = 3 WHERE idManagement = 1")
    try t.clock("2026-01-05 13:30:00")
    try t.exec(
      // free
      "UPDATE {inv}.ip_pool_management SET idVirtualDataCenter = NULL WHERE idManagement = 2")
    try t.clock("2026-01-05 13:40:00")
    try t.exec("DELETE FROM {inv}.ip_pool_management")
    #expect(
      try intervals() == [
        [
          "1", "203.0.113.1", "2", "1", "1", "2026-01-05 13:00:00", "2026-01-05 13:20:00", "1",
          "ACC-1",
        ],
        [
          "2", "203.0.113.2", "2", "1", "1", "2026-01-05 13:10:00", "2026-01-05 13:30:00", "1",
          "ACC-1",
        ],
        [
          "1", "203.0.113.1", "2", "2", "3", "2026-01-05 13:20:00", "2026-01-05 13:40:00", "1", nil,
        ],
      ])
    #expect(try t.verifyProblems() == [])
  }

  @Test func sameSecondAndInitialSnapshot() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.exec(
      "INSERT INTO {inv}.ip_pool_management (vlan_network_id, ip) VALUES (2, '203.0.113.9')")
    try t.exec("UPDATE {inv}.ip_pool_management SET idVirtualDataCenter = 1 WHERE idManagement = 1")
    try t.exec("UPDATE {inv}.ip_pool_management SET idVirtualDataCenter = 2 WHERE idManagement = 1")
    #expect(
      try intervals() == [
        [
          "1", "203.0.113.9", "2", "1", "1", "2026-01-05 13:00:00", "2026-01-05 13:00:00", "1",
          "ACC-1",
        ],
        ["1", "203.0.113.9", "2", "1", "2", "2026-01-05 13:00:00", nil, "2", "ACC-1"],
      ])
    try t.exec("SET @accounting_mute = 1")
    try t.exec(
      "INSERT INTO {inv}.ip_pool_management (vlan_network_id, ip, idVirtualDataCenter) VALUES (2, '203.0.113.10', 3)"
    )
    try t.exec("SET @accounting_mute = NULL")
    #expect(try t.verifyProblems() == ["ip 2: allocated public IP has no open interval"])
    try t.exec("CALL {acc}.INITIAL_SNAPSHOT('2026-01-05 14:00:00')")
    try t.exec("CALL {acc}.INITIAL_SNAPSHOT('2026-01-05 15:00:00')")
    #expect(try t.count("accounting_event_ips") == 3)
    #expect(try t.verifyProblems() == [])
  }
}
