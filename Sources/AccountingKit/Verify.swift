/// `accounting verify`: what the capture and the rollup got wrong, one line each. VERIFY_CAPTURE
/// compares the open intervals with the live inventory, both ways; VERIFY_HISTORY proves the
/// recorded numbers (interval sanity, ledger, detail, summaries, conservation) over the processed
/// range, cut to `from`/`to`. With `fix`, VERIFY_FIX first puts the open intervals right, now.
public struct VerifyOptions: Sendable {
  public var from: String?
  public var to: String?
  public var fix: Bool

  public init(from: String? = nil, to: String? = nil, fix: Bool = false) {
    self.from = from
    self.to = to
    self.fix = fix
  }
}

public struct VerifyReport: Sendable {
  public struct Problem: Sendable, Equatable, CustomStringConvertible {
    public let kind: String
    public let resource: String
    public let problem: String
    public var description: String { "\(kind) \(resource): \(problem)" }
  }

  public let problems: [Problem]
  /// What `fix` did, one log line each.
  public let fixes: [String]
  public var isClean: Bool { problems.isEmpty }

  public static func run(db: Connection, names: SchemaNames, options: VerifyOptions = VerifyOptions()) throws
    -> VerifyReport
  {
    let acc = quoteIdent(names.accounting)
    // A schema that is not there, or not the pair installed together, is an error, not "clean".
    let installed = try db.scalar(
      "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'install_version'",
      [.text(names.accounting)])
    guard installed.int == 1 else { throw VerifyError.notInstalled(names.accounting) }
    let inventory = try db.scalar(
      "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", [.text(names.inventory)])
    guard inventory.int == 1 else { throw VerifyError.noInventory(names.inventory) }
    let ours = try db.scalar(
      """
      SELECT COUNT(*) FROM information_schema.TRIGGERS
       WHERE TRIGGER_SCHEMA = ? AND TRIGGER_NAME = 'update_virtualmachine_update_stats'
         AND INSTR(ACTION_STATEMENT, CONCAT(?, '.REGISTER_VM_EVENT')) > 0
      """, [.text(names.inventory), .text(names.accounting)])
    guard ours.int == 1 else { throw VerifyError.notPaired(inventory: names.inventory, accounting: names.accounting) }

    var fixes: [String] = []
    if options.fix {
      fixes = try db.run("CALL \(acc).VERIFY_FIX()").rows.map { $0[0].description }
    }
    func problems(_ outcome: Outcome) -> [Problem] {
      outcome.rows.map { Problem(kind: $0[0].description, resource: $0[1].description, problem: $0[2].description) }
    }
    let capture = problems(try db.run("CALL \(acc).VERIFY_CAPTURE()"))
    let history = problems(
      try db.execute(
        "CALL \(acc).VERIFY_HISTORY(?, ?)",
        [options.from.map { .datetime($0) } ?? .null, options.to.map { .datetime($0) } ?? .null]))
    return VerifyReport(problems: capture + history, fixes: fixes)
  }
}

/// Why verify could not check: exit 1, one line.
public enum VerifyError: Error, CustomStringConvertible, Equatable {
  case notInstalled(String)
  case noInventory(String)
  case notPaired(inventory: String, accounting: String)

  public var description: String {
    switch self {
    case .notInstalled(let s): return "the accounting schema \(s) is not installed: run accounting install"
    case .noInventory(let s): return "the inventory schema \(s) does not exist"
    case .notPaired(let inv, let acc):
      return "the inventory schema \(inv) does not carry the triggers of accounting schema \(acc): not the pair that was installed together"
    }
  }
}
