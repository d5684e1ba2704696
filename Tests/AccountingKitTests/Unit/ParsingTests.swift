import AccountingKit
import Testing

@Suite struct TimeParsingTests {
  @Test(arguments: [
    ("2026-01-05T13:00:00Z", "2026-01-05 13:00:00"),
    ("2026-01-05 13:00:00", "2026-01-05 13:00:00"),
    ("2026-01-05T13:07", "2026-01-05 13:07:00"),
    ("2024-02-29", "2024-02-29 00:00:00"),
  ])
  func accepted(_ input: String, _ expected: String) throws {
    #expect(try UTCTime.parse(input) == expected)
  }

  @Test(arguments: ["2026-13-01", "2025-02-29", "2026-01-05T24:00:00", "yesterday", "2026-1-5", "", "2026-01-05T13:00:00+02:00",
    "2026-01-05T١٢:00:00Z", "٢٠٢٦-01-05"])
  func refused(_ input: String) {
    #expect(throws: UsageError.self) { try UTCTime.parse(input) }
  }

  @Test func durations() throws {
    #expect(try DurationText.seconds("300") == 300)
    #expect(try DurationText.seconds("5m") == 300)
    #expect(try DurationText.seconds("24h") == 86400)
    #expect(try DurationText.seconds("1d") == 86400)
    #expect(throws: UsageError.self) { try DurationText.seconds("-5m") }
    #expect(throws: UsageError.self) { try DurationText.seconds("5 m") }
    #expect(throws: UsageError.self) { try DurationText.seconds("h") }
    #expect(throws: UsageError.self) { try DurationText.seconds("٥m") }
  }
}

@Suite struct SchemaRewriteTests {
  @Test func rewritesWholeWordsOnly() throws {
    let names = try SchemaNames(inventory: "inv1", accounting: "acc1")
    let sql = "INSERT INTO kinton_accounting.x SELECT * FROM kinton.vm, `kinton`.y; -- kintonia kinton_accountingx mykinton GET_LOCK('kinton_accounting.rollup')"
    #expect(
      names.rewrite(sql)
        == "INSERT INTO acc1.x SELECT * FROM inv1.vm, `inv1`.y; -- kintonia kinton_accountingx mykinton GET_LOCK('acc1.rollup')")
  }

  @Test func refusesBadNames() {
    #expect(throws: InstallError.self) { try SchemaNames(inventory: "a;drop", accounting: "b") }
    #expect(throws: InstallError.self) { try SchemaNames(inventory: "same", accounting: "same") }
  }
}

/// The routine errors of the Swift enum are exactly the numbers the SQL raises, each with its token.
@Suite struct RoutineErrorTests {
  @Test func everyNumberTheSQLRaisesIsACaseWithItsToken() throws {
    let sql = SQLBundle.embeddedFiles.filter { $0.key.hasSuffix(".sql") }.values.joined(separator: "\n")
    // Every `MYSQL_ERRNO = 30xxx` in the routines (30999 is the tests' own fault injection).
    var raised = Set<UInt32>()
    var rest = Substring(sql)
    while let r = rest.range(of: "MYSQL_ERRNO = 30") {
      let digits = rest[r.upperBound...].prefix { $0.isNumber }
      raised.insert(UInt32("30" + digits)!)
      rest = rest[r.upperBound...]
    }
    #expect(raised == Set(RoutineError.allCases.map(\.rawValue)))
    for e in RoutineError.allCases {
      #expect(sql.contains("'\(e.token): ") || sql.contains("'\(e.token):"), "a message starts with \(e.token)")
    }
  }

  @Test func aDatabaseErrorKnowsItsRoutineError() {
    let e = DatabaseError(kind: .server, errno: 30206, sqlState: "45000", message: "RUN_LOCK_STUCK: held by 42")
    #expect(e.routine == .runLockStuck)
    #expect(e.token == RoutineError.runLockStuck.token)
    #expect(DatabaseError(kind: .server, errno: 1062, sqlState: "23000", message: "Duplicate entry").routine == nil)
  }
}
