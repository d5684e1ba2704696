import AccountingKit
import Testing

/// Capture of repository images and their conversions (accounting_event_repository, key
/// (idImage, idConversion)); the fixture's images 1 and 2 are stored from 12:00.
@Suite(.serialized)
struct RepositoryCaptureTests {
  let t: TestSchema
  init() throws {
    t = try TestSchema("repocap")
    try t.captureFixture()
  }

  private func intervals() throws -> [[String?]] {
    try t.rows(
      """
      SELECT idImage, idConversion, idEnterprise, {acc}.ABQ_OBJECT_ID_TO_NAME(idImageTypeName),
             {acc}.ABQ_OBJECT_ID_TO_NAME(idImageFormatName), imageSize, startTime, stopTime
      FROM {acc}.accounting_event_repository ORDER BY idImage, idConversion, idRepoAccountingEvent
      """)
  }

  @Test func templatesAndInstances() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.exec(
      """
      INSERT INTO {inv}.virtualimage (idEnterprise, idRepository, name, diskFormatType, diskFileSize, idMaster, available)
      VALUES (2, 1, 'inst', 'QCOW2', 300, 1, 0), (NULL, 1, 'public', 'RAW', 10, NULL, 1)
      """)
    try t.clock("2026-01-05 13:10:00")
    try t.exec("UPDATE {inv}.virtualimage SET available = 1 WHERE idImage = 3")
    try t.clock("2026-01-05 13:20:00")
    try t.exec("UPDATE {inv}.virtualimage SET diskFileSize = 400 WHERE idImage = 3")
    try t.exec(
      "UPDATE {inv}.virtualimage SET name = 'inst-renamed', diskFormatType = 'VMDK_FLAT' WHERE idImage = 3"
    )  // not re-snapshotted
    try t.clock("2026-01-05 13:30:00")
    // the other holds: opens
    try t.exec("UPDATE {inv}.virtualimage SET idEnterprise = 1 WHERE idImage = 4")
    try t.exec("UPDATE {inv}.virtualimage SET available = 0 WHERE idImage = 2")
    try t.clock("2026-01-05 13:40:00")
    try t.exec("UPDATE {inv}.virtualimage SET idEnterprise = NULL WHERE idImage = 3")
    try t.exec("DELETE FROM {inv}.virtualimage WHERE idImage = 4")
    #expect(
      try intervals() == [
        ["1", "0", "1", "TEMPLATE", "RAW", "2147483648", "2026-01-05 12:00:00", nil],
        [
          "2", "0", "1", "TEMPLATE", "RAW", "1073741824", "2026-01-05 12:00:00",
          "2026-01-05 13:30:00",
        ],
        ["3", "0", "2", "INSTANCE", "QCOW2", "300", "2026-01-05 13:10:00", "2026-01-05 13:20:00"],
        ["3", "0", "2", "INSTANCE", "QCOW2", "400", "2026-01-05 13:20:00", "2026-01-05 13:40:00"],
        ["4", "0", "1", "TEMPLATE", "RAW", "10", "2026-01-05 13:30:00", "2026-01-05 13:40:00"],
      ])
    #expect(try t.verifyProblems() == [])
  }

  @Test func conversionsFollowStateAndTheirImage() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.exec(
      """
      INSERT INTO {inv}.virtualimage_conversion (idImage, targetType, size, state)
      VALUES (1, 'VMDK_FLAT', 1000, 'FINISHED'), (1, 'QCOW2', 500, 'ENQUEUED')
      """)
    try t.clock("2026-01-05 13:10:00")
    try t.exec("UPDATE {inv}.virtualimage_conversion SET state = 'FINISHED' WHERE id = 2")
    try t.clock("2026-01-05 13:20:00")
    // image and conversions close
    try t.exec("UPDATE {inv}.virtualimage SET available = 0 WHERE idImage = 1")
    try t.clock("2026-01-05 13:30:00")
    try t.exec("UPDATE {inv}.virtualimage SET available = 1 WHERE idImage = 1")  // and reopen
    try t.clock("2026-01-05 13:40:00")
    // owner change: all re-snapshot
    try t.exec("UPDATE {inv}.virtualimage SET idEnterprise = 2 WHERE idImage = 1")
    // same second: zero-length row
    try t.exec("UPDATE {inv}.virtualimage_conversion SET size = 600 WHERE id = 2")
    try t.clock("2026-01-05 13:50:00")
    try t.exec("UPDATE {inv}.virtualimage_conversion SET state = 'FAILED' WHERE id = 2")
    try t.exec("DELETE FROM {inv}.virtualimage_conversion WHERE id = 1")
    #expect(
      try intervals() == [
        [
          "1", "0", "1", "TEMPLATE", "RAW", "2147483648", "2026-01-05 12:00:00",
          "2026-01-05 13:20:00",
        ],
        [
          "1", "0", "1", "TEMPLATE", "RAW", "2147483648", "2026-01-05 13:30:00",
          "2026-01-05 13:40:00",
        ],
        ["1", "0", "2", "TEMPLATE", "RAW", "2147483648", "2026-01-05 13:40:00", nil],
        [
          "1", "1", "1", "TEMPLATE-CONVERSION", "VMDK_FLAT", "1000", "2026-01-05 13:00:00",
          "2026-01-05 13:20:00",
        ],
        [
          "1", "1", "1", "TEMPLATE-CONVERSION", "VMDK_FLAT", "1000", "2026-01-05 13:30:00",
          "2026-01-05 13:40:00",
        ],
        [
          "1", "1", "2", "TEMPLATE-CONVERSION", "VMDK_FLAT", "1000", "2026-01-05 13:40:00",
          "2026-01-05 13:50:00",
        ],
        [
          "1", "2", "1", "TEMPLATE-CONVERSION", "QCOW2", "500", "2026-01-05 13:10:00",
          "2026-01-05 13:20:00",
        ],
        [
          "1", "2", "1", "TEMPLATE-CONVERSION", "QCOW2", "500", "2026-01-05 13:30:00",
          "2026-01-05 13:40:00",
        ],
        [
          "1", "2", "2", "TEMPLATE-CONVERSION", "QCOW2", "500", "2026-01-05 13:40:00",
          "2026-01-05 13:40:00",
        ],
        [
          "1", "2", "2", "TEMPLATE-CONVERSION", "QCOW2", "600", "2026-01-05 13:40:00",
          "2026-01-05 13:50:00",
        ],
        ["2", "0", "1", "TEMPLATE", "RAW", "1073741824", "2026-01-05 12:00:00", nil],
      ])
    #expect(try t.verifyProblems() == [])
  }

  @Test func conversionOfAnUnstoredImageWaitsForIt() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.exec(
      """
      INSERT INTO {inv}.virtualimage (idEnterprise, idRepository, name, diskFormatType, diskFileSize, idMaster, available)
      VALUES (NULL, 1, 'orphan', 'RAW', 10, 1, 1)
      """)
    try t.exec(
      "INSERT INTO {inv}.virtualimage_conversion (idImage, targetType, size, state) VALUES (3, 'VHD', 7, 'FINISHED')"
    )
    #expect(try t.count("accounting_event_repository") == 2)  // the fixture's images only
    try t.clock("2026-01-05 13:10:00")
    try t.exec("UPDATE {inv}.virtualimage SET idEnterprise = 2 WHERE idImage = 3")
    try t.clock("2026-01-05 14:00:00")
    try t.exec("DELETE FROM {inv}.virtualimage_conversion WHERE idImage = 3")
    try t.exec("DELETE FROM {inv}.virtualimage WHERE idImage = 3")
    #expect(
      try t.rows(
        """
        SELECT idConversion, idEnterprise, {acc}.ABQ_OBJECT_ID_TO_NAME(idImageTypeName), imageSize, startTime, stopTime
        FROM {acc}.accounting_event_repository WHERE idImage = 3 ORDER BY idConversion
        """)
        == [
          ["0", "2", "INSTANCE", "10", "2026-01-05 13:10:00", "2026-01-05 14:00:00"],
          ["1", "2", "INSTANCE-CONVERSION", "7", "2026-01-05 13:10:00", "2026-01-05 14:00:00"],
        ])
    #expect(try t.verifyProblems() == [])
  }

  @Test func initialSnapshotOpensImagesAndFinishedConversions() throws {
    try t.exec("SET @accounting_mute = 1")
    try t.exec(
      "INSERT INTO {inv}.virtualimage_conversion (idImage, targetType, size, state) VALUES (2, 'VHD', 7, 'FINISHED'), (2, 'VDI', 8, 'ENQUEUED')"
    )
    try t.exec("UPDATE {inv}.virtualimage SET available = 0 WHERE idImage = 1")
    try t.exec("SET @accounting_mute = NULL")
    #expect(
      try t.verifyProblems() == [
        "repository 1: open interval of an image that is not stored",
        "repository 2: finished conversion 1 of a stored image has no open interval",
      ])
    try t.exec(
      "UPDATE {acc}.accounting_event_repository SET stopTime = '2026-01-05 12:30:00' WHERE idImage = 1"
    )
    try t.exec("CALL {acc}.INITIAL_SNAPSHOT('2026-01-05 13:00:00')")
    try t.exec("CALL {acc}.INITIAL_SNAPSHOT('2026-01-05 14:00:00')")
    #expect(
      try t.rows(
        "SELECT idImage, idConversion, startTime, stopTime FROM {acc}.accounting_event_repository ORDER BY idImage, idConversion"
      )
        == [
          ["1", "0", "2026-01-05 12:00:00", "2026-01-05 12:30:00"],
          ["2", "0", "2026-01-05 12:00:00", nil],
          ["2", "1", "2026-01-05 13:00:00", nil],
        ])
    #expect(try t.verifyProblems() == [])
  }

  /// An image's re-snapshot opens its own conversions only: a finished conversion of another
  /// image that lacks its open row (written muted) stays without one, for verify to report.
  @Test func imageResnapshotOpensOnlyItsOwnConversions() throws {
    try t.exec("SET @accounting_mute = 1")
    try t.exec(
      "INSERT INTO {inv}.virtualimage_conversion (idImage, targetType, size, state) VALUES (2, 'VHD', 7, 'FINISHED')"
    )
    try t.exec("SET @accounting_mute = NULL")
    try t.clock("2026-01-05 13:00:00")
    try t.exec(
      "INSERT INTO {inv}.virtualimage_conversion (idImage, targetType, size, state) VALUES (1, 'VDI', 9, 'FINISHED')"
    )
    try t.clock("2026-01-05 13:10:00")
    try t.exec("UPDATE {inv}.virtualimage SET idEnterprise = 2 WHERE idImage = 1")
    #expect(
      try t.rows(
        """
        SELECT idImage, idConversion, idEnterprise, {acc}.ABQ_OBJECT_ID_TO_NAME(idImageFormatName), imageSize,
               startTime, stopTime
        FROM {acc}.accounting_event_repository ORDER BY idImage, idConversion, idRepoAccountingEvent
        """)
        == [
          ["1", "0", "1", "RAW", "2147483648", "2026-01-05 12:00:00", "2026-01-05 13:10:00"],
          ["1", "0", "2", "RAW", "2147483648", "2026-01-05 13:10:00", nil],
          ["1", "2", "1", "VDI", "9", "2026-01-05 13:00:00", "2026-01-05 13:10:00"],
          ["1", "2", "2", "VDI", "9", "2026-01-05 13:10:00", nil],
          ["2", "0", "1", "RAW", "1073741824", "2026-01-05 12:00:00", nil],
        ])
    #expect(
      try t.verifyProblems() == [
        "repository 2: finished conversion 1 of a stored image has no open interval"
      ])
  }

  /// The fix closes and opens rows of other kinds than VMs by the same statements: a repository
  /// row left open for an image made unavailable behind the capture's back, a machine reserved
  /// behind its back without a row.
  @Test func fixClosesAndOpensRowsOfEveryKind() throws {
    try t.exec("SET @accounting_mute = 1")
    try t.exec("UPDATE {inv}.virtualimage SET available = 0 WHERE idImage = 2")
    try t.exec("UPDATE {inv}.physicalmachine SET idEnterprise = 2 WHERE idPhysicalMachine = 3")
    try t.exec("SET @accounting_mute = NULL")
    try t.clock("2026-01-05 13:00:00")
    #expect(
      try t.rows("CALL {acc}.VERIFY_FIX()").map { $0[0] ?? "" } == [
        "fix: closed open interval 2 of repository 2 at 2026-01-05T13:00:00Z: the image does not exist or is not stored",
        "fix: opened interval 1 of pm 3 at 2026-01-05T13:00:00Z",
      ])
    #expect(
      try t.rows("SELECT idImage, startTime, stopTime FROM {acc}.accounting_event_repository ORDER BY 1")
        == [["1", "2026-01-05 12:00:00", nil], ["2", "2026-01-05 12:00:00", "2026-01-05 13:00:00"]])
    #expect(
      try t.rows("SELECT idPhysicalMachine, idEnterprise, cpu, ram, startTime, stopTime FROM {acc}.accounting_event_pm")
        == [["3", "2", "8", "65536", "2026-01-05 13:00:00", nil]])
    #expect(try t.verifyProblems() == [])
  }
}
