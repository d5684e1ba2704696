import AccountingKit
import ArgumentParser

struct InstallCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "install",
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

  @Flag(help: "Also create the reference inventory tables (schema kinton).")
  var withInventory = false

  @Flag(help: "Print what would be done; change nothing.")
  var dryRun = false

  @Flag(
    help: "Replace existing inventory triggers of our names (their definitions are saved first).")
  var replaceTriggers = false

  @Flag(
    help: """
      Restore the routines and views of ours in the accounting schema whose definition someone \
      changed since they were installed (without it the install refuses, naming them).
      """)
  var reinstall = false

  @Option(help: "The time of the initial snapshot (UTC). Default: the server's clock.")
  var now: String?

  @Option(
    help: ArgumentHelp(
      "Give the read-only reporting role to this account, USER@HOST (e.g. billing@'%').",
      discussion: """
        The role, <accounting schema>_reader, may SELECT the views and EXECUTE the ABQ_* name \
        functions, nothing else. A missing account is created locked, without a password: set one \
        and unlock it with ALTER USER … IDENTIFIED BY … ACCOUNT UNLOCK. An existing account keeps \
        its grants and its own default role: it gets the role granted (and as its default role \
        only when it has none). Every install keeps an existing role's privileges exactly so.
        """))
  var reader: String?

  func run() throws {
    let names = try schemas.names()
    let at = try parseTime(now)
    let account: ReaderAccount?
    do { account = try reader.map { try ReaderAccount(parsing: $0) } } catch {
      throw ValidationError(String(describing: error))
    }
    try connection.session { db in
      let bundle = try SQLBundle.embedded()
      let installer = Installer(db: db, bundle: bundle, logger: connection.logger("accounting.install"))
      let report = try installer.install(
        InstallOptions(
          names: names, withInventory: withInventory, dryRun: dryRun, replaceTriggers: replaceTriggers,
          reinstall: reinstall, now: at))
      for action in report.actions { print((dryRun ? "would " : "") + action.description) }
      if report.changedNothing {
        print("nothing to change: schema \(names.accounting) is at version \(report.schemaVersion)")
      } else if dryRun {
        print("dry run: nothing was changed")
      } else {
        let from = report.previousVersion.map { "version \($0) -> " } ?? ""
        print("installed \(names.accounting): \(from)version \(report.schemaVersion), \(report.actions.count) changes")
      }
      // The reporting role: given to --reader, and kept exact on every install once it exists.
      let role = ReaderRole(db: db, names: names, bundle: bundle)
      var roleLines: [String] = []
      if let account {
        roleLines = try role.grant(to: account, dryRun: dryRun)
      } else if try role.exists() {
        roleLines = try role.sync(dryRun: dryRun)
      }
      for line in roleLines { print((dryRun ? "would " : "") + line) }
    }
  }
}
