import AccountingKit
import ArgumentParser
import Foundation

@main
struct Accounting: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "accounting",
    abstract: "Usage accounting for cloud platforms, inside MariaDB.",
    discussion: """
      Triggers on the inventory (schema kinton) record every change as an interval in the \
      accounting schema (kinton_accounting); this tool installs the schema, rolls the intervals \
      up into hourly usage and reports on it.

      Connecting follows the mariadb client: --host, --port, --socket, --user, --defaults-file, \
      the option files' [client] and [accounting] groups, and the variables MYSQL_HOST, \
      MYSQL_TCP_PORT, MYSQL_UNIX_PORT and MYSQL_PWD. There is no password option: put it in an \
      option file or MYSQL_PWD. Times are UTC: 2026-01-05T13:00:00Z or '2026-01-05 13:00:00'.

      Exit status: 0 success, 64 bad usage, 1 failure (one line on stderr).
      """,
    version: accountingToolVersion,
    subcommands: [
      InstallCommand.self, StatusCommand.self, RollupCommand.self, ReportCommand.self, VerifyCommand.self, ConfigCommand.self,
      SimulateCommand.self, PurgeCommand.self, ScheduleCommand.self, PriceCommand.self, BudgetCommand.self,
      NoticesCommand.self,
    ]
  )

  /// Like ParsableCommand's main, but a usage error is one line (`accounting: …`, exit 64).
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        exit(withError: error)  // --help, --version
      }
      if !(error is ExitCode) {
        let message = Self.message(for: error).split(separator: "\n").first.map(String.init) ?? "failed"
        printError("accounting: \(message)")
      }
      Foundation.exit(code.rawValue)
    }
  }
}
