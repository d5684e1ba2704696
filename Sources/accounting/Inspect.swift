import AccountingKit
import ArgumentParser

struct Status: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show the schema version, what is installed and the open intervals.")

  @OptionGroup var connection: ConnectionFlags
  @OptionGroup var schemas: SchemaFlags

  @Option(help: "The clock for the backlog (UTC). Default: the server's.") var now: String?

  func run() throws {
    let names = try schemas.names()
    let at = try parseTime(now)
    try guarded(connection) {
      let db = try connection.connect()
      let report = try StatusReport.gather(db: db, names: names, bundle: try SQLBundle.embedded(), now: at)
      for line in report.lines { print(line) }
    }
  }
}

struct Verify: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check the open intervals against the inventory.",
    discussion: """
      Lists, one per line, open intervals whose resource is gone or no longer accounted, and live \
      resources that should be accounted but have no open interval (a managed VM in ON, OFF or \
      PAUSED, a reserved machine, a stored image, a volume, an allocated public IP, a private \
      VLAN). LOCKED and UNKNOWN VMs are accepted either way. Exit 0 when clean, 2 when it finds \
      problems, 1 when it cannot check.
      """)

  @OptionGroup var connection: ConnectionFlags
  @OptionGroup var schemas: SchemaFlags

  func run() throws {
    let names = try schemas.names()
    var clean = true
    try guarded(connection) {
      let db = try connection.connect()
      let report = try VerifyReport.run(db: db, names: names)
      for p in report.problems { print(p.description) }
      clean = report.isClean
      if clean { print("verify: clean") }
    }
    if !clean { throw ExitCode(2) }
  }
}
