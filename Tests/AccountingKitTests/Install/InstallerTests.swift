import AccountingKit
import Foundation
import Testing

/// The installer against a real server: catalog, idempotence, upgrades, ownership.
@Suite(.serialized)
struct InstallerTests {
  let t: TestSchema
  init() throws { t = try TestSchema("inst", fresh: true) }

  private func install(
    _ bundle: SQLBundle, dryRun: Bool = false, replaceTriggers: Bool = false, reinstall: Bool = false
  ) throws -> InstallReport {
    try Installer(db: t.db, bundle: bundle).install(
      InstallOptions(
        names: t.names, withInventory: true, dryRun: dryRun, replaceTriggers: replaceTriggers,
        reinstall: reinstall, now: "2000-01-01 00:00:00"))
  }

  @Test func catalogEqualsManifest() throws {
    let installer = Installer(db: t.db, bundle: t.bundle)
    let live = try installer.currentCatalog(t.names).map(\.description).sorted()
    // Written out from the manifest by hand, not from the code: every object, none more.
    var expected: [String] = []
    for line in try String(contentsOfFile: packageRoot + "/sql/manifest.txt", encoding: .utf8).split(separator: "\n") {
      let parts = line.split(separator: " ")
      guard parts.count == 2, !line.hasPrefix("#") else { continue }
      let kind = String(parts[0])
      if kind == "seed" || kind == "migration" { continue }
      let name = String(parts[1].split(separator: "/").last!.dropLast(4))
      expected.append("\(kind) \(name)")
    }
    #expect(live == expected.sorted())
    #expect(live.contains("table accounting_event_vm"))
    #expect(live.contains("table install_object"))
  }

  @Test func secondInstallChangesNothing() throws {
    let before = try catalogSnapshot(t.db, t.names)
    let report = try install(t.bundle)
    #expect(report.changedNothing, "second install did: \(report.actions)")
    #expect(try catalogSnapshot(t.db, t.names) == before)
    #expect(try t.scalar("SELECT MAX(version) FROM {acc}.install_version") == "4")
  }

  @Test func dryRunChangesNothing() throws {
    let changed = t.bundle.adding(.view, path: "views/zz_dry_vw.sql", text: "CREATE OR REPLACE VIEW kinton_accounting.zz_dry_vw AS SELECT 1 AS one")
    let before = try catalogSnapshot(t.db, t.names)
    let report = try install(changed, dryRun: true)
    #expect(report.actions == [.create(.view, "zz_dry_vw")])
    #expect(try catalogSnapshot(t.db, t.names) == before)
  }

  @Test func changedRoutineIsReplacedAndRemovedOneDropped() throws {
    let v1 = t.bundle.adding(
      .function, path: "sql/functions/ZZ_TEST_FN.sql",
      text: "CREATE OR REPLACE FUNCTION kinton_accounting.ZZ_TEST_FN() RETURNS INT DETERMINISTIC RETURN 1")
    #expect(try install(v1).actions == [.create(.function, "ZZ_TEST_FN")])
    #expect(try t.scalar("SELECT {acc}.ZZ_TEST_FN()") == "1")
    let v2 = v1.replacing(
      "sql/functions/ZZ_TEST_FN.sql",
      with: "CREATE OR REPLACE FUNCTION kinton_accounting.ZZ_TEST_FN() RETURNS INT DETERMINISTIC RETURN 2")
    #expect(try install(v2).actions == [.replace(.function, "ZZ_TEST_FN")])
    #expect(try t.scalar("SELECT {acc}.ZZ_TEST_FN()") == "2")
    // An operator's own function in our schema is never touched.
    try t.exec("CREATE FUNCTION {acc}.OPERATOR_FN() RETURNS INT DETERMINISTIC RETURN 7")
    #expect(try install(t.bundle).actions == [.drop(.function, "ZZ_TEST_FN")])
    #expect(
      try t.scalar("SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? AND ROUTINE_NAME = 'ZZ_TEST_FN'", .text(t.accounting)) == "0")
    #expect(try t.scalar("SELECT {acc}.OPERATOR_FN()") == "7")
    try t.exec("DROP FUNCTION {acc}.OPERATOR_FN")
  }

  @Test func typeRuleMigrationBringsAVersion3InstallUpToDate() throws {
    let current = try catalogSnapshot(t.db, t.names)
    // As an installation of version 3 had it: the type table without its rule columns.
    try t.exec(
      "ALTER TABLE {acc}.accounting_resource_type DROP COLUMN unitsFrom, DROP COLUMN discriminatorFrom, DROP COLUMN rowFlag")
    try t.exec("DELETE FROM {acc}.install_version WHERE version = 4")
    let upgrade = try install(t.bundle)
    #expect(upgrade.previousVersion == 3)
    // The migration adds the columns with their defaults; the seed then writes each type's rule
    // (34 rows: the 17 of 22 types whose rule is not the columns' default, each counted twice by
    // ON DUPLICATE KEY UPDATE).
    #expect(upgrade.actions == [.migrate("0004_resource_type_rule"), .seed("accounting_resource_type", rows: 34)])
    #expect(try catalogSnapshot(t.db, t.names) == current)
    // The seed filled the rule: VM disk counts its third units, a hypervisor-type row one per VM
    // told apart by the type, VM cores while off need "not powered on" (16), cost-code rows the
    // cost code (discriminator 2, condition 32).
    #expect(
      try t.rows(
        "SELECT idAccountingResourceType, unitsFrom, discriminatorFrom, rowFlag FROM {acc}.accounting_resource_type WHERE idAccountingResourceType IN (3, 7, 16, 24) ORDER BY 1")
        == [["3", "3", "0", "1"], ["7", "0", "1", "1"], ["16", "1", "0", "16"], ["24", "0", "2", "32"]])
  }

  @Test func migrationUpgradeEqualsFreshInstall() throws {
    // The next version of the schema: a throwaway migration adds a column, and the table's file has it.
    let tablePath = "sql/tables/object_name.sql"
    let newTable = t.bundle.files[tablePath]!.replacingOccurrences(
      of: "  name VARCHAR(255) NOT NULL,\n", with: "  name VARCHAR(255) NOT NULL,\n  note VARCHAR(20) NULL,\n")
    #expect(newTable != t.bundle.files[tablePath]!)
    let v2 = t.bundle.replacing(tablePath, with: newTable).adding(
      .migration, path: "sql/migrations/0005_object_name_note.sql",
      text: "ALTER TABLE kinton_accounting.object_name ADD COLUMN note VARCHAR(20) NULL AFTER name")
    #expect(v2.schemaVersion == 5)

    let upgrade = try install(v2)
    #expect(upgrade.previousVersion == 4)
    #expect(upgrade.actions == [.migrate("0005_object_name_note")])
    #expect(try install(v2).changedNothing)
    #expect(
      try t.rows("SELECT version, baseline FROM {acc}.install_version ORDER BY version")
        == [["1", "1"], ["2", "1"], ["3", "1"], ["4", "1"], ["5", "0"]])
    let upgraded = try catalogSnapshot(t.db, t.names)

    let fresh = try TestSchema("inst_fresh", fresh: true, bundle: v2)
    #expect(try catalogSnapshot(fresh.db, fresh.names) == upgraded)
    #expect(
      try fresh.rows("SELECT version, baseline FROM {acc}.install_version ORDER BY version")
        == [["1", "1"], ["2", "1"], ["3", "1"], ["4", "1"], ["5", "1"]])
    try fresh.drop()

    // A tool older than the schema refuses to touch it.
    #expect(throws: InstallError.schemaNewer(installed: 5, tool: 4)) { try install(t.bundle) }
    try t.exec("DELETE FROM {acc}.install_version WHERE version = 5")
    try t.exec("ALTER TABLE {acc}.object_name DROP COLUMN note")
  }

  @Test func foreignTriggerStopsTheInstallUntilReplaced() throws {
    let name = "zz_enterprise_probe"
    let withTrigger = t.bundle.adding(
      .trigger, path: "sql/triggers/\(name).sql",
      text: "CREATE OR REPLACE TRIGGER kinton.\(name) AFTER UPDATE ON kinton.zz_probe FOR EACH ROW SET @zz_probe = 1")
    try t.exec("CREATE TABLE IF NOT EXISTS {inv}.zz_probe (id INT PRIMARY KEY)")
    // An operator's trigger of one of our names (a platform's own accounting), not created by us.
    try t.exec("CREATE TRIGGER {inv}.\(name) AFTER UPDATE ON {inv}.zz_probe FOR EACH ROW SET @zz_operator = 1")
    #expect(throws: InstallError.foreignTriggers([name])) { try install(withTrigger) }
    let report = try install(withTrigger, replaceTriggers: true)
    #expect(report.actions == [.saveTrigger(name), .replace(.trigger, name)])
    #expect(
      try t.rows("SELECT triggerName, definition LIKE '%@zz_operator%' FROM {acc}.install_saved_trigger")
        == [[name, "1"]])
    #expect(try install(withTrigger).changedNothing)
    // Ours now: leaving the manifest drops it.
    #expect(try install(t.bundle).actions == [.drop(.trigger, name)])
    try t.exec("DROP TABLE {inv}.zz_probe")
  }

  @Test func twoInstallsNeverInterleave() throws {
    let other = try TestSchema.connect()
    #expect(try other.scalar("SELECT GET_LOCK(?, 0)", [.text("\(t.accounting).install")]).int == 1)
    #expect(throws: InstallError.locked("\(t.accounting).install")) {
      try Installer(db: t.db, bundle: t.bundle).install(
        InstallOptions(names: t.names, withInventory: true, lockTimeoutSeconds: 0))
    }
    other.close()
    #expect(try install(t.bundle).changedNothing)
  }

  @Test func anObjectOfOursReplacedBySomeoneElseIsToldByItsDefinition() throws {
    // Our rack_update dropped and a foreign trigger of the same name put in its place: the
    // names still match, the definition does not. The install refuses (nothing changes) and
    // --replace-triggers saves theirs and restores ours.
    try t.exec("DROP TRIGGER {inv}.rack_update")
    try t.exec("CREATE TRIGGER {inv}.rack_update AFTER UPDATE ON {inv}.rack FOR EACH ROW SET @foreign_rack = 1")
    var before = try catalogSnapshot(t.db, t.names)
    #expect(throws: InstallError.changedObjects(triggers: ["rack_update"], others: [])) { try install(t.bundle) }
    #expect(try catalogSnapshot(t.db, t.names) == before)
    let restored = try install(t.bundle, replaceTriggers: true)
    #expect(restored.actions == [.saveTrigger("rack_update"), .replace(.trigger, "rack_update")])
    #expect(
      try t.rows("SELECT triggerName, definition LIKE '%@foreign_rack%' FROM {acc}.install_saved_trigger")
        == [["rack_update", "1"]])
    #expect(try install(t.bundle).changedNothing)
    try t.exec("DELETE FROM {acc}.install_saved_trigger")

    // A foreign ABQ_VM_ID_TO_NAME in our schema: refused, named; --reinstall restores ours.
    try t.exec("DROP FUNCTION {acc}.ABQ_VM_ID_TO_NAME")
    try t.exec("CREATE FUNCTION {acc}.ABQ_VM_ID_TO_NAME(p_id INT) RETURNS VARCHAR(255) DETERMINISTIC RETURN 'not yours'")
    before = try catalogSnapshot(t.db, t.names)
    #expect(
      throws: InstallError.changedObjects(triggers: [], others: ["function \(t.accounting).ABQ_VM_ID_TO_NAME"])
    ) { try install(t.bundle) }
    #expect(try catalogSnapshot(t.db, t.names) == before)
    #expect(try install(t.bundle, reinstall: true).actions == [.replace(.function, "ABQ_VM_ID_TO_NAME")])
    #expect(try t.scalar("SELECT {acc}.ABQ_VM_ID_TO_NAME(1)") == nil)
    #expect(try install(t.bundle).changedNothing)
  }

  @Test func aRefusalChangesNothing() throws {
    // A first install whose inventory has a foreign trigger of one of our names: refused before
    // anything is created (not even the accounting schema).
    let pair = try SchemaNames(inventory: "t_instref_inv", accounting: "t_instref_acc")
    try t.exec("DROP DATABASE IF EXISTS t_instref_acc")
    try t.exec("DROP DATABASE IF EXISTS t_instref_inv")
    try t.exec("CREATE DATABASE t_instref_inv")
    defer { _ = try? t.exec("DROP DATABASE IF EXISTS t_instref_inv") }
    try t.exec("CREATE TABLE t_instref_inv.rack (idRack INT PRIMARY KEY, haEnabled TINYINT)")
    try t.exec("CREATE TRIGGER t_instref_inv.rack_update AFTER UPDATE ON t_instref_inv.rack FOR EACH ROW SET @x = 1")
    #expect(throws: InstallError.foreignTriggers(["rack_update"])) {
      try Installer(db: t.db, bundle: t.bundle).install(InstallOptions(names: pair, withInventory: true))
    }
    #expect(try t.scalar("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 't_instref_acc'") == "0")
    #expect(
      try t.scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 't_instref_inv'") == "1")
    // An accounting schema that already holds a table of one of our names, not ours.
    try t.exec("CREATE DATABASE t_instref_acc")
    defer { _ = try? t.exec("DROP DATABASE IF EXISTS t_instref_acc") }
    try t.exec("CREATE TABLE t_instref_acc.accounting_event_vm (x INT)")
    #expect(throws: InstallError.foreignObjects(["table t_instref_acc.accounting_event_vm"])) {
      try Installer(db: t.db, bundle: t.bundle).install(
        InstallOptions(names: pair, withInventory: true, replaceTriggers: true))
    }
    #expect(try t.scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 't_instref_acc'") == "1")
    // A snapshot time ahead of the server clock.
    let before = try catalogSnapshot(t.db, t.names)
    #expect(throws: InstallError.self) {
      try Installer(db: t.db, bundle: t.bundle).install(
        InstallOptions(names: t.names, withInventory: true, now: "2999-01-01 00:00:00"))
    }
    #expect(try catalogSnapshot(t.db, t.names) == before)
    // Names the server cannot take unquoted in SQL: refused before any connection work.
    for bad in ["123", "1e5", "9abc"] {
      #expect(throws: InstallError.badSchemaName(bad)) { _ = try SchemaNames(inventory: "kinton", accounting: bad) }
    }
  }

  @Test func embeddedSQLMatchesTheTree() throws {
    var onDisk: [String: String] = [:]
    for folder in ["sql", "views"] {
      let base = packageRoot + "/" + folder
      guard let walker = FileManager.default.enumerator(atPath: base) else { continue }
      for case let rel as String in walker where rel.hasSuffix(".sql") || rel.hasSuffix("manifest.txt") {
        onDisk[folder + "/" + rel] = try String(contentsOfFile: base + "/" + rel, encoding: .utf8)
      }
    }
    #expect(Set(onDisk.keys) == Set(SQLBundle.embeddedFiles.keys), "the build embedded other files than the tree holds")
    for (path, text) in onDisk {
      #expect(SQLBundle.embeddedFiles[path] == text, "\(path) differs from its embedded copy")
    }
  }
}

/// The package's root folder, from this file's path.
let packageRoot: String = {
  var url = URL(fileURLWithPath: #filePath)
  while url.path != "/" {
    url.deleteLastPathComponent()
    if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
  }
  return FileManager.default.currentDirectoryPath
}()
