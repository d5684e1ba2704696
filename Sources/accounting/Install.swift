import AccountingKit
import ArgumentParser

struct Install: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Install or upgrade the accounting schema (and the reference inventory).",
    discussion: """
      Creates the accounting schema from the SQL compiled into this tool, in the order of its \
      manifest: tables once, migrations in order, seed rows, then functions, procedures, the \
      triggers on the inventory and the views. A second run changes nothing and says so; after an \
      upgrade of the tool it applies pending migrations and re-creates what changed. Objects it \
      created that are no longer shipped are dropped; an operator's own objects are never touched. \
      On an inventory that already holds deployed resources it opens their intervals at --now.
      """)

  @OptionGroup var connection: ConnectionFlags
  @OptionGroup var schemas: SchemaFlags

  @Flag(name: .customLong("with-inventory"), help: "Also create the reference inventory tables (schema kinton).")
  var withInventory = false

  @Flag(name: .customLong("dry-run"), help: "Print what would be done; change nothing.")
  var dryRun = false

  @Flag(
    name: .customLong("replace-triggers"),
    help: "Replace existing inventory triggers of our names (their definitions are saved first).")
  var replaceTriggers = false

  @Option(help: "The time of the initial snapshot (UTC). Default: the server's clock.")
  var now: String?

  func run() throws {
    let names = try schemas.names()
    let at = try parseTime(now)
    try guarded(connection) {
      let db = try connection.connect()
      let installer = Installer(db: db, bundle: try SQLBundle.embedded(), logger: connection.logger("accounting.install"))
      let report = try installer.install(
        InstallOptions(
          names: names, withInventory: withInventory, dryRun: dryRun, replaceTriggers: replaceTriggers, now: at))
      for action in report.actions { print((dryRun ? "would " : "") + action.description) }
      if report.changedNothing {
        print("nothing to change: schema \(names.accounting) is at version \(report.schemaVersion)")
      } else if dryRun {
        print("dry run: nothing was changed")
      } else {
        let from = report.previousVersion.map { "version \($0) -> " } ?? ""
        print("installed \(names.accounting): \(from)version \(report.schemaVersion), \(report.actions.count) changes")
      }
    }
  }
}
