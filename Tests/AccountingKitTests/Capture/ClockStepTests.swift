import AccountingKit
import Testing

/// A server clock that steps back (NTP; each Galera node has its own clock), for every event
/// table: a change under a clock behind the open row's start takes effect at that start (a
/// zero-length row), and a resource reopened under a clock behind its last interval's end opens
/// at that end. Every test walks one resource through the same clock, hand-computed:
///
///     12:00:00  opens with value A                 [12:00:00, 13:00:00) A   3,600 s
///     13:00:00  B                                  [13:00:00, 13:00:00) B   zero-length
///     12:59:59  C  (one second back)               [13:00:00, 13:00:00) C   zero-length
///     10:59:59  D  (two hours back)                [13:00:00, 14:30:00) D   5,400 s
///     14:30:00  E                                  [14:30:00, 14:45:00) E     900 s
///     14:45:00  closed (undeployed, freed, deleted)
///     13:15:00  reopened with E (1.5 h back)       [14:45:00, 16:00:00) E   4,500 s
///     16:00:00  closed
///
/// Afterwards: no interval ends before it starts, none overlaps another of its resource, none
/// is open, verify is clean, the rollup (hours 12:00 to 15:00) runs, no detail row holds more
/// than 3,600 s, and each type's unit-seconds equal the intervals' (worked out per test).
@Suite(.serialized)
struct ClockStepTests {
  let t: TestSchema
  init() throws {
    t = try TestSchema("clockstep")
    try t.captureFixture()
  }

  static let expectedTimes: [[String?]] = [
    ["2026-01-05 12:00:00", "2026-01-05 13:00:00"],
    ["2026-01-05 13:00:00", "2026-01-05 13:00:00"],
    ["2026-01-05 13:00:00", "2026-01-05 13:00:00"],
    ["2026-01-05 13:00:00", "2026-01-05 14:30:00"],
    ["2026-01-05 14:30:00", "2026-01-05 14:45:00"],
    ["2026-01-05 14:45:00", "2026-01-05 16:00:00"],
  ]

  /// Runs the walk: `open` at 12:00, `change` with the values B, C, D, E at each step, `close`
  /// at 14:45, `reopen` at 13:15 (after the clock stepped back), `close` again at 16:00.
  private func walk(
    open: () throws -> Void, change: (Int) throws -> Void, close: () throws -> Void,
    reopen: () throws -> Void, finalClose: (() throws -> Void)? = nil
  ) throws {
    try t.clock("2026-01-05 12:00:00")
    try open()
    for (step, time) in ["2026-01-05 13:00:00", "2026-01-05 12:59:59", "2026-01-05 10:59:59", "2026-01-05 14:30:00"]
      .enumerated()
    {
      try t.clock(time)
      try change(step + 1)
    }
    try t.clock("2026-01-05 14:45:00")
    try close()
    try t.clock("2026-01-05 13:15:00")
    try reopen()
    try t.clock("2026-01-05 16:00:00")
    if let finalClose { try finalClose() } else { try close() }
  }

  /// Intervals of `table` (those matching `filter`), oldest first: start, stop, then `extra`.
  private func times(_ table: String, _ idColumn: String, _ extra: String = "", filter: String = "TRUE") throws
    -> [[String?]]
  {
    try t.rows("SELECT startTime, stopTime\(extra) FROM {acc}.\(table) WHERE \(filter) ORDER BY \(idColumn)")
  }

  /// The invariants every event table keeps, whatever the clock did: no interval ends before it
  /// starts; no two intervals of one resource (`key`, comma separated) overlap by a second;
  /// verify finds nothing.
  private func expectSane(_ table: String, id: String, key: String) throws {
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.\(table) WHERE stopTime < startTime") == "0")
    let sameResource = key.split(separator: ",").map { "a.\($0) = b.\($0)" }.joined(separator: " AND ")
    #expect(
      try t.scalar(
        """
        SELECT COUNT(*) FROM {acc}.\(table) a JOIN {acc}.\(table) b
          ON \(sameResource) AND a.\(id) < b.\(id)
         AND a.startTime < COALESCE(b.stopTime, '9999-12-31') AND b.startTime < COALESCE(a.stopTime, '9999-12-31')
         AND a.startTime < COALESCE(a.stopTime, '9999-12-31') AND b.startTime < COALESCE(b.stopTime, '9999-12-31')
        """) == "0")
    #expect(try t.verifyProblems() == [])
  }

  /// Runs the rollup over 12:00 to 16:00 (the session clock at 17:00) and returns, for resource
  /// `resource` (and discriminator, when given), per resource type: [type, SUM(unitSeconds),
  /// SUM(usageSeconds)]. Expects the run done and no detail row over 3,600 s.
  private func rolledUp(resource: Int, discriminator: Int? = nil) throws -> [[String?]] {
    try rollup()
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_event_detail WHERE usageSeconds > 3600") == "0")
    return try t.rows(
      """
      SELECT idAccountingResourceType, SUM(unitSeconds), SUM(usageSeconds)
      FROM {acc}.accounting_event_detail
      WHERE idResource = ? AND (? IS NULL OR idDiscriminator = ?)
      GROUP BY idAccountingResourceType ORDER BY idAccountingResourceType
      """, .int(Int64(resource)), discriminator.map { .int(Int64($0)) } ?? .null,
      discriminator.map { .int(Int64($0)) } ?? .null)
  }

  private func rollup() throws {
    try t.clock("2026-01-05 17:00:00")
    let run = try t.rows("CALL {acc}.ROLLUP_RUN(?, NULL, NULL, NULL)", .datetime("2026-01-05 17:00:00"))
    #expect(run.first?[0] == "done")
    #expect(
      try t.rows("SELECT MIN(starttime), MAX(starttime) FROM {acc}.accounting_event_detail")
        == [["2026-01-05 12:00:00", "2026-01-05 15:00:00"]])
  }

  @Test func vm() throws {
    // A: cpu 2 on the HA rack; B 4; C 8, then the rack's HA switched off under the same
    // stepped-back clock (the set-based re-snapshot); D 2; E 6; undeployed; deployed; deleted.
    try walk(
      open: { try t.insertVM("web-1", state: "ON") },
      change: { step in
        try t.exec("UPDATE {inv}.virtualmachine SET cpu = ? WHERE idVM = 1", .int([4, 8, 2, 6][step - 1]))
        if step == 2 { try t.exec("UPDATE {inv}.rack SET haEnabled = 0 WHERE idRack = 1") }
      },
      close: { try t.exec("UPDATE {inv}.virtualmachine SET state = 'CONFIGURED' WHERE idVM = 1") },
      reopen: { try t.exec("UPDATE {inv}.virtualmachine SET state = 'ON' WHERE idVM = 1") },
      finalClose: { try t.exec("DELETE FROM {inv}.virtualmachine WHERE idVM = 1") })
    #expect(
      try times("accounting_event_vm", "idVMAccountingEvent", ", cpu, haEnabled") == [
        ["2026-01-05 12:00:00", "2026-01-05 13:00:00", "2", "1"],
        ["2026-01-05 13:00:00", "2026-01-05 13:00:00", "4", "1"],
        ["2026-01-05 13:00:00", "2026-01-05 13:00:00", "8", "1"],
        ["2026-01-05 13:00:00", "2026-01-05 13:00:00", "8", "0"],
        ["2026-01-05 13:00:00", "2026-01-05 14:30:00", "2", "0"],
        ["2026-01-05 14:30:00", "2026-01-05 14:45:00", "6", "0"],
        ["2026-01-05 14:45:00", "2026-01-05 16:00:00", "6", "0"],
      ])
    try expectSane("accounting_event_vm", id: "idVMAccountingEvent", key: "idVM")
    // vcpu: 2 x 3,600 + 2 x 5,400 + 6 x 900 + 6 x 4,500 = 50,400 core-seconds over 14,400 s;
    // vram and vm_usage_on likewise 4096 MB and 2/6 cores over 14,400 s; HA only in 12:00-13:00.
    let rows = try rolledUp(resource: 1)
    #expect(rows.first { $0[0] == "1" } == ["1", "50400", "14400"])
    #expect(rows.first { $0[0] == "2" } == ["2", "58982400", "14400"])
    #expect(rows.first { $0[0] == "8" } == ["8", "3600", "3600"])
    #expect(rows.first { $0[0] == "15" } == ["15", "50400", "14400"])
    #expect(rows.first { $0[0] == "16" } == nil)
  }

  @Test func reservedPhysicalMachine() throws {
    // pm3 (8 cores, 65,536 MB) reserved by Acme; cpu 16, 32, 8, 16; released; reserved; released.
    try walk(
      open: { try t.exec("UPDATE {inv}.physicalmachine SET idEnterprise = 1 WHERE idPhysicalMachine = 3") },
      change: { step in
        try t.exec(
          "UPDATE {inv}.physicalmachine SET cpu = ? WHERE idPhysicalMachine = 3", .int([16, 32, 8, 16][step - 1]))
      },
      close: { try t.exec("UPDATE {inv}.physicalmachine SET idEnterprise = NULL WHERE idPhysicalMachine = 3") },
      reopen: { try t.exec("UPDATE {inv}.physicalmachine SET idEnterprise = 1 WHERE idPhysicalMachine = 3") })
    #expect(try times("accounting_event_pm", "idPMAccountingEvent") == Self.expectedTimes)
    try expectSane("accounting_event_pm", id: "idPMAccountingEvent", key: "idPhysicalMachine")
    // cpu: 8 x 3,600 + 8 x 5,400 + 16 x 900 + 16 x 4,500 = 158,400; ram 65,536 x 14,400.
    #expect(
      try rolledUp(resource: 3) == [["9", "158400", "14400"], ["10", "943718400", "14400"]])
  }

  @Test func repositoryImage() throws {
    // A new image of Acme, 1,000 bytes; 2,000, 3,000, 1,000, 2,000; unavailable; available; deleted.
    try walk(
      open: {
        try t.exec(
          """
          INSERT INTO {inv}.virtualimage (idImage, idEnterprise, idRepository, name, diskFormatType, diskFileSize, available)
          VALUES (10, 1, 1, 'img', 'RAW', 1000, 1)
          """)
      },
      change: { step in
        try t.exec(
          "UPDATE {inv}.virtualimage SET diskFileSize = ? WHERE idImage = 10", .int([2000, 3000, 1000, 2000][step - 1]))
      },
      close: { try t.exec("UPDATE {inv}.virtualimage SET available = 0 WHERE idImage = 10") },
      reopen: { try t.exec("UPDATE {inv}.virtualimage SET available = 1 WHERE idImage = 10") },
      finalClose: { try t.exec("DELETE FROM {inv}.virtualimage WHERE idImage = 10") })
    #expect(
      try times("accounting_event_repository", "idRepoAccountingEvent", filter: "idImage = 10") == Self.expectedTimes)
    try expectSane("accounting_event_repository", id: "idRepoAccountingEvent", key: "idImage,idConversion")
    // 1,000 x 3,600 + 1,000 x 5,400 + 2,000 x 900 + 2,000 x 4,500 = 19,800,000 byte-seconds.
    #expect(try rolledUp(resource: 10) == [["11", "19800000", "14400"]])
  }

  @Test func imageConversion() throws {
    // A FINISHED conversion of stored image 1, 500 bytes; 600, 700, 500, 600; FAILED; FINISHED;
    // deleted. Its image's owner moves to Beta under the stepped-back clock (set-based path).
    try walk(
      open: {
        try t.exec(
          "INSERT INTO {inv}.virtualimage_conversion (idImage, targetType, size, state) VALUES (1, 'QCOW2', 500, 'FINISHED')")
      },
      change: { step in
        try t.exec(
          "UPDATE {inv}.virtualimage_conversion SET size = ? WHERE id = 1", .int([600, 700, 500, 600][step - 1]))
      },
      close: { try t.exec("UPDATE {inv}.virtualimage_conversion SET state = 'FAILED' WHERE id = 1") },
      reopen: {
        try t.exec("UPDATE {inv}.virtualimage_conversion SET state = 'FINISHED' WHERE id = 1")
        try t.clock("2026-01-05 13:20:00")
        try t.exec("UPDATE {inv}.virtualimage SET idEnterprise = 2 WHERE idImage = 1")
        try t.exec("UPDATE {inv}.virtualimage SET idEnterprise = 1 WHERE idImage = 1")
      },
      finalClose: { try t.exec("DELETE FROM {inv}.virtualimage_conversion WHERE id = 1") })
    #expect(
      try times(
        "accounting_event_repository", "idRepoAccountingEvent", ", idEnterprise", filter: "idConversion = 1")
        == [
          ["2026-01-05 12:00:00", "2026-01-05 13:00:00", "1"],
          ["2026-01-05 13:00:00", "2026-01-05 13:00:00", "1"],
          ["2026-01-05 13:00:00", "2026-01-05 13:00:00", "1"],
          ["2026-01-05 13:00:00", "2026-01-05 14:30:00", "1"],
          ["2026-01-05 14:30:00", "2026-01-05 14:45:00", "1"],
          ["2026-01-05 14:45:00", "2026-01-05 14:45:00", "1"],
          ["2026-01-05 14:45:00", "2026-01-05 14:45:00", "2"],
          ["2026-01-05 14:45:00", "2026-01-05 16:00:00", "1"],
        ])
    try expectSane("accounting_event_repository", id: "idRepoAccountingEvent", key: "idImage,idConversion")
    // 500 x 3,600 + 500 x 5,400 + 600 x 900 + 600 x 4,500 byte-seconds.
    #expect(try rolledUp(resource: 1, discriminator: 1) == [["11", "7740000", "14400"]])
  }

  @Test func externalVolume() throws {
    // Volume 10 of VDC 1, 1,024 MB; 2,048, 3,072, 1,024, 2,048; deleted; inserted again under the
    // same id (a DBA's restore); deleted.
    let insert: () throws -> Void = {
      _ = try t.exec(
        """
        INSERT INTO {inv}.rasd_management (idManagement, idResourceType, idVirtualDataCenter, name, sizeMB, idTier)
        VALUES (10, '8', 1, 'vol', ?, 1)
        """, .int(1024))
    }
    try walk(
      open: insert,
      change: { step in
        try t.exec(
          "UPDATE {inv}.rasd_management SET sizeMB = ? WHERE idManagement = 10", .int([2048, 3072, 1024, 2048][step - 1]))
      },
      close: { try t.exec("DELETE FROM {inv}.rasd_management WHERE idManagement = 10") },
      reopen: {
        try insert()
        _ = try t.exec("UPDATE {inv}.rasd_management SET sizeMB = 2048 WHERE idManagement = 10")
      })
    #expect(
      try times("accounting_event_storage", "idStorageAccountingEvent")
        == Array(Self.expectedTimes.prefix(5)) + [
          ["2026-01-05 14:45:00", "2026-01-05 14:45:00"], ["2026-01-05 14:45:00", "2026-01-05 16:00:00"],
        ])
    try expectSane("accounting_event_storage", id: "idStorageAccountingEvent", key: "idManagement")
    // bytes: (1,024 x 3,600 + 1,024 x 5,400 + 2,048 x 900 + 2,048 x 4,500) x 1,048,576.
    let mb = 1024 * 3600 + 1024 * 5400 + 2048 * 900 + 2048 * 4500
    let rows = try rolledUp(resource: 10)
    #expect(rows.first { $0[0] == "4" } == ["4", String(Int64(mb) * 1_048_576), "14400"])
  }

  @Test func publicIP() throws {
    // A PUBLIC address allocated to VDC 1; moved to 3, 1, 3, 1; freed; allocated to 1; deleted.
    try t.exec(
      "INSERT INTO {inv}.vlan_network (vlan_network_id, network_name, networktype) VALUES (1, 'public', 'PUBLIC')")
    try walk(
      open: {
        try t.exec(
          "INSERT INTO {inv}.ip_pool_management (idManagement, vlan_network_id, ip, idVirtualDataCenter) VALUES (10, 1, '203.0.113.1', 1)")
      },
      change: { step in
        try t.exec(
          "UPDATE {inv}.ip_pool_management SET idVirtualDataCenter = ? WHERE idManagement = 10",
          .int([3, 1, 3, 1][step - 1]))
      },
      close: { try t.exec("UPDATE {inv}.ip_pool_management SET idVirtualDataCenter = NULL WHERE idManagement = 10") },
      reopen: { try t.exec("UPDATE {inv}.ip_pool_management SET idVirtualDataCenter = 1 WHERE idManagement = 10") },
      finalClose: { try t.exec("DELETE FROM {inv}.ip_pool_management WHERE idManagement = 10") })
    #expect(try times("accounting_event_ips", "idIPAccountingEvent") == Self.expectedTimes)
    try expectSane("accounting_event_ips", id: "idIPAccountingEvent", key: "idManagement")
    // one address: 3,600 + 5,400 + 900 + 4,500 seconds
    #expect(try rolledUp(resource: 10) == [["5", "14400", "14400"]])
  }

  @Test func privateVLAN() throws {
    // An INTERNAL network of VDC 1; moved to 3, 1, 3, 1; deleted; inserted again under the same
    // id; deleted.
    let insert: () throws -> Void = {
      _ = try t.exec(
        "INSERT INTO {inv}.vlan_network (vlan_network_id, network_name, networktype, idVirtualDataCenter) VALUES (10, 'net', 'INTERNAL', 1)")
    }
    try walk(
      open: insert,
      change: { step in
        try t.exec(
          "UPDATE {inv}.vlan_network SET idVirtualDataCenter = ? WHERE vlan_network_id = 10", .int([3, 1, 3, 1][step - 1]))
      },
      close: { try t.exec("DELETE FROM {inv}.vlan_network WHERE vlan_network_id = 10") },
      reopen: insert)
    #expect(try times("accounting_event_vlan", "idVLANAccountingEvent") == Self.expectedTimes)
    try expectSane("accounting_event_vlan", id: "idVLANAccountingEvent", key: "vlan_network_id")
    #expect(try rolledUp(resource: 10) == [["6", "14400", "14400"]])
  }

  @Test func initialSnapshotBehindTheLastInterval() throws {
    // A VM deployed 12:00, undeployed 14:45; then, muted, deployed again; an install whose
    // --now (13:00) is behind the end of its last interval opens the new row at that end.
    try t.clock("2026-01-05 12:00:00")
    try t.insertVM("web-1", state: "ON")
    try t.clock("2026-01-05 14:45:00")
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'CONFIGURED' WHERE idVM = 1")
    try t.exec("SET @accounting_mute = 1")
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'ON' WHERE idVM = 1")
    try t.exec("SET @accounting_mute = NULL")
    try t.exec("CALL {acc}.INITIAL_SNAPSHOT(?)", .datetime("2026-01-05 13:00:00"))
    #expect(
      try times("accounting_event_vm", "idVMAccountingEvent") == [
        ["2026-01-05 12:00:00", "2026-01-05 14:45:00"], ["2026-01-05 14:45:00", nil],
      ])
    try expectSane("accounting_event_vm", id: "idVMAccountingEvent", key: "idVM")
  }

  @Test func aRollupOfOverlappingRowsWrittenBeforeTheClampDoesNotFail() throws {
    // Rows as an earlier version left them after a two-hour step back: an interval that ends
    // before it starts and one that overlaps its predecessor. The rollup writes every hour.
    try t.exec(
      """
      INSERT INTO {acc}.accounting_event_vm
        (idVM, idEnterprise, idVirtualDataCenter, idVirtualApp, cpu, ram, hd, startTime, stopTime, powerOn)
      VALUES (1, 1, 1, 1, 2, 1024, 0, '2026-01-05 12:00:00', '2026-01-05 15:00:00', 1),
             (1, 1, 1, 1, 4, 1024, 0, '2026-01-05 15:00:00', '2026-01-05 13:00:00', 1),
             (1, 1, 1, 1, 8, 1024, 0, '2026-01-05 13:00:00', '2026-01-05 16:00:00', 1)
      """)
    try rollup()
    // Hours 13:00 and 14:00 hold two overlapping rows each: seconds summed (7,200), units the
    // largest (8); the inverted row counts nowhere. Per hour: [hour, units, seconds, unit-seconds].
    #expect(
      try t.rows(
        """
        SELECT starttime, resourceUnits, usageSeconds, unitSeconds FROM {acc}.accounting_event_detail
        WHERE idAccountingResourceType = 1 ORDER BY starttime
        """) == [
          ["2026-01-05 12:00:00", "2", "3600", "7200"],
          ["2026-01-05 13:00:00", "8", "7200", "36000"],
          ["2026-01-05 14:00:00", "8", "7200", "36000"],
          ["2026-01-05 15:00:00", "8", "3600", "28800"],
        ])
  }
}
