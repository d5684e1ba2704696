/// `accounting verify`: problems between the inventory and the open intervals (SPEC section 3),
/// one line each, from the VERIFY_CAPTURE procedure.
public struct VerifyReport: Sendable {
  public struct Problem: Sendable, Equatable, CustomStringConvertible {
    public let kind: String
    public let resource: String
    public let problem: String
    public var description: String { "\(kind) \(resource): \(problem)" }
  }

  public let problems: [Problem]
  public var isClean: Bool { problems.isEmpty }

  public static func run(db: Connection, names: SchemaNames) throws -> VerifyReport {
    let outcome = try db.run("CALL \(quoteIdent(names.accounting)).VERIFY_CAPTURE()")
    let problems = outcome.rows.map {
      Problem(kind: $0[0].description, resource: $0[1].description, problem: $0[2].description)
    }
    return VerifyReport(problems: problems)
  }
}
