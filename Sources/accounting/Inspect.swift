import AccountingKit
import ArgumentParser

struct StatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Show the schema version, what is installed and the open intervals.")

  @OptionGroup var connection: ConnectionFlags
  @OptionGroup var schemas: SchemaFlags

  @Option(help: "The clock for the backlog (UTC). Default: the server's.") var now: String?

  func run() throws {
    let names = try schemas.names()
    let at = try parseTime(now)
    try connection.session { db in
      let report = try StatusReport.gather(db: db, names: names, bundle: try SQLBundle.embedded(), now: at)
      for line in report.lines { print(line) }
    }
  }
}

struct VerifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Check the open intervals against the inventory and prove the recorded numbers.",
    discussion: """
      Lists, one per line: open intervals whose resource is gone, no longer accounted or whose \
      snapshot differs from the inventory, and live resources that should be accounted but have \
      no open interval (LOCKED and UNKNOWN VMs are accepted either way); intervals that end \
      before they start or overlap another of their resource; processed hours missing from the \
      ledger; detail rows over 3,600 s; hourly, daily and monthly summaries that disagree; and \
      resources whose intervals' unit-seconds differ from their detail rows' (conservation). \
      --from/--to bound the history checks (default: the whole processed range). --fix first \
      closes orphan and drifting open intervals and opens missing ones, now (never backdated), \
      one log line each, printed. Exit 0 when clean, 2 when it finds problems, 1 when it cannot \
      check (a schema not installed, or not the installed pair).
      """)

  @OptionGroup var connection: ConnectionFlags
  @OptionGroup var schemas: SchemaFlags

  @Option(help: "Check the history from this time (UTC; rounded down to the hour).")
  var from: String?

  @Option(help: "Check the history up to this time (UTC; rounded up to the hour).")
  var to: String?

  @Flag(help: "Close orphan and drifting open intervals and open missing ones, now, before checking.")
  var fix = false

  func run() throws {
    let names = try schemas.names()
    let options = VerifyOptions(from: try parseTime(from), to: try parseTime(to), fix: fix)
    var clean = true
    try connection.session { db in
      let report = try VerifyReport.run(db: db, names: names, options: options)
      for line in report.fixes { print(line) }
      for p in report.problems { print(p.description) }
      clean = report.isClean
      if clean { print("verify: clean") }
    }
    if !clean { throw ExitCode(2) }
  }
}
