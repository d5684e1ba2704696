import Logging

/// Why an install refused to go on. Every case reads as one line.
public enum InstallError: Error, CustomStringConvertible, Equatable {
  case badManifest(String)
  case badSchemaName(String)
  case schemaNewer(installed: Int, tool: Int)
  case locked(String)
  case noInventory(String)
  case foreignTriggers([String])
  case foreignObjects([String])
  case changedObjects(triggers: [String], others: [String])
  case futureSnapshot(String, server: String)
  case catalogMismatch([String])
  case failed(object: String, message: String)

  public var description: String {
    switch self {
    case .badManifest(let s): return "bad install manifest: \(s)"
    case .badSchemaName(let s): return "bad schema name: \(s) (a letter or _, then letters, digits and _, at most 64)"
    case .schemaNewer(let installed, let tool):
      return "the schema is at version \(installed), newer than this tool's version \(tool): upgrade the tool"
    case .locked(let s): return "another install holds the lock \(s); try again when it ends"
    case .noInventory(let s):
      return "the inventory schema \(s) does not exist: install it first, or install the reference inventory with it"
    case .foreignTriggers(let names):
      return
        "the inventory already has triggers of our names that this tool did not create: \(names.joined(separator: ", ")); replacing them (their definitions saved first) is an explicit choice"
    case .foreignObjects(let names):
      return
        "the accounting schema already holds objects of our names that this tool did not create: \(names.joined(separator: ", ")); install into another schema, or remove them"
    case .changedObjects(let triggers, let others):
      let all = triggers.map { "trigger \($0)" } + others
      return
        "objects of ours were changed by someone else since they were installed: \(all.joined(separator: ", ")); replace the triggers (saving theirs) or reinstall the accounting schema's objects to restore ours"
    case .futureSnapshot(let now, let server):
      return InputError.clockAhead(job: .install, given: now, server: server).description
    case .catalogMismatch(let problems): return "catalog check failed: \(problems.joined(separator: "; "))"
    case .failed(let object, let message): return "installing \(object) failed: \(message)"
    }
  }
}

/// What an install did (or, with `dryRun`, would do).
public struct InstallReport: Sendable {
  public enum Action: Sendable, Equatable, CustomStringConvertible {
    case createSchema(String)
    case create(SQLBundle.Kind, String)
    case replace(SQLBundle.Kind, String)
    case drop(SQLBundle.Kind, String)
    case migrate(String)
    case seed(String, rows: UInt64)
    case saveTrigger(String)
    case snapshot(opened: Int)

    public var description: String {
      switch self {
      case .createSchema(let s): return "create schema \(s)"
      case .create(let k, let n): return "create \(k.rawValue) \(n)"
      case .replace(let k, let n): return "replace \(k.rawValue) \(n)"
      case .drop(let k, let n): return "drop \(k.rawValue) \(n)"
      case .migrate(let n): return "apply migration \(n)"
      case .seed(let n, let rows): return "seed \(n) (\(rows) rows)"
      case .saveTrigger(let n): return "save the operator's trigger \(n) in install_saved_trigger"
      case .snapshot(let n): return "initial snapshot: open \(n) intervals"
      }
    }
  }

  public var actions: [Action] = []
  public var schemaVersion: Int = 0
  public var previousVersion: Int?
  public var dryRun = false

  /// True when the install changed nothing (the second run of the same version).
  public var changedNothing: Bool { actions.isEmpty }
}

public struct InstallOptions: Sendable {
  public var names: SchemaNames
  public var withInventory: Bool
  public var dryRun: Bool
  public var replaceTriggers: Bool
  /// Restores every routine and view of ours in the accounting schema whose live definition is
  /// no longer the one installed (`--reinstall`).
  public var reinstall: Bool
  /// The time of the initial snapshot (`--now`), UTC `YYYY-MM-DD HH:MM:SS`; nil: the server's.
  public var now: String?
  public var toolVersion: String
  public var lockTimeoutSeconds: Int

  public init(
    names: SchemaNames, withInventory: Bool = false, dryRun: Bool = false, replaceTriggers: Bool = false,
    reinstall: Bool = false, now: String? = nil, toolVersion: String = accountingToolVersion,
    lockTimeoutSeconds: Int = 60
  ) {
    self.names = names
    self.withInventory = withInventory
    self.dryRun = dryRun
    self.replaceTriggers = replaceTriggers
    self.reinstall = reinstall
    self.now = now
    self.toolVersion = toolVersion
    self.lockTimeoutSeconds = lockTimeoutSeconds
  }
}

/// The version of this tool, recorded beside each migration it applies.
public let accountingToolVersion = "0.1.0"

/// Installs and upgrades the schema from an `SQLBundle`: tables once, migrations in order, seeds
/// every time, routines/triggers/views when their files changed; drops objects it created that
/// left the manifest; checks the catalog at the end. Only objects recorded in `install_object`
/// are ever replaced or dropped.
public struct Installer {
  public let db: Connection
  public let bundle: SQLBundle
  public let logger: Logger

  public init(db: Connection, bundle: SQLBundle, logger: Logger = Logger(label: "accounting.install")) {
    self.db = db
    self.bundle = bundle
    self.logger = logger
  }

  private struct Recorded: Hashable {
    let kind: String
    let role: String
    let name: String
  }

  public func install(_ options: InstallOptions) throws -> InstallReport {
    let names = options.names
    var report = InstallReport()
    report.dryRun = options.dryRun
    report.schemaVersion = bundle.schemaVersion
    let acc = quoteIdent(names.accounting)
    let inv = quoteIdent(names.inventory)

    let accountingExists = try schemaExists(names.accounting)
    let inventoryExists = try schemaExists(names.inventory)
    if !inventoryExists && !options.withInventory {
      throw InstallError.noInventory(names.inventory)
    }
    // The initial snapshot opens intervals at --now: never at a time that has not happened.
    if let given = options.now, let server = try db.serverClock(whenAhead: given) {
      throw InstallError.futureSnapshot(given, server: server)
    }

    // The lock is named after the accounting schema: two installs of one schema never interleave.
    let lockName = "\(names.accounting).install"
    let got = try db.scalar("SELECT GET_LOCK(?, ?)", [.text(lockName), .int(Int64(options.lockTimeoutSeconds))])
    guard got.int == 1 else { throw InstallError.locked(lockName) }
    defer { _ = try? db.execute("SELECT RELEASE_LOCK(?)", [.text(lockName)]) }

    // Everything that can refuse the install is decided here, before the first write.
    let existingTables = accountingExists ? try tables(in: names.accounting) : []
    let existingInventoryTables = inventoryExists ? try tables(in: names.inventory) : []
    let hasBookkeeping = existingTables.contains("install_object") || existingTables.contains("install_version")
    var recorded: [Recorded: String] = [:]
    var recordedLive: [Recorded: String] = [:]
    var appliedMigrations = Set<Int>()
    if existingTables.contains("install_object") {
      for row in try db.query("SELECT kind, schemaRole, name, checksum FROM \(acc).install_object") {
        recorded[Recorded(kind: row[0].description, role: row[1].description, name: row[2].description)] =
          row[3].description
      }
    }
    if existingTables.contains("install_object_live") {
      for row in try db.query("SELECT kind, schemaRole, name, liveChecksum FROM \(acc).install_object_live") {
        recordedLive[Recorded(kind: row[0].description, role: row[1].description, name: row[2].description)] =
          row[3].description
      }
    }
    if existingTables.contains("install_version") {
      for row in try db.query("SELECT version FROM \(acc).install_version") {
        if let v = row[0].int { appliedMigrations.insert(Int(v)) }
      }
      let installed = appliedMigrations.max() ?? 0
      report.previousVersion = installed
      if installed > bundle.schemaVersion {
        throw InstallError.schemaNewer(installed: installed, tool: bundle.schemaVersion)
      }
    }
    let freshInstall = appliedMigrations.isEmpty

    func role(_ kind: SQLBundle.Kind) -> String { kind.inInventorySchema ? "inventory" : "accounting" }
    let catalog = try currentCatalog(names)
    // Triggers of our names that this tool did not create (a platform's own accounting).
    var foreign: [String] = []
    // Objects of ours whose live definition is no longer the one installed.
    var changedTriggers: [String] = []
    var changedOthers: [String] = []
    // A first install into an accounting schema that already holds objects of our names.
    var foreignObjects: [String] = []
    for entry in bundle.entries where entry.kind != .seed && entry.kind != .migration && entry.kind != .inventory {
      let key = Recorded(kind: entry.kind.rawValue, role: role(entry.kind), name: entry.name)
      guard catalog.contains(CatalogObject(kind: entry.kind, name: entry.name)) else { continue }
      if recorded[key] == nil {
        if entry.kind == .trigger {
          foreign.append(entry.name)
        } else if !hasBookkeeping {
          foreignObjects.append("\(entry.kind.rawValue) \(names.accounting).\(entry.name)")
        }
      } else if entry.kind.isReplaceable, let live = recordedLive[key],
        try liveChecksum(entry.kind, entry.name, names) != live
      {
        if entry.kind == .trigger {
          changedTriggers.append(entry.name)
        } else {
          changedOthers.append("\(entry.kind.rawValue) \(names.accounting).\(entry.name)")
        }
      }
    }
    if !foreignObjects.isEmpty { throw InstallError.foreignObjects(foreignObjects.sorted()) }
    if !foreign.isEmpty && !options.replaceTriggers {
      throw InstallError.foreignTriggers(foreign.sorted())
    }
    if (!changedTriggers.isEmpty && !options.replaceTriggers) || (!changedOthers.isEmpty && !options.reinstall) {
      throw InstallError.changedObjects(
        triggers: options.replaceTriggers ? [] : changedTriggers.sorted(),
        others: options.reinstall ? [] : changedOthers.sorted())
    }
    // Saved, dropped and created again below.
    foreign += changedTriggers
    let restore = Set(changedOthers.map { String($0.split(separator: ".").last ?? "") })

    func perform(_ action: InstallReport.Action, _ object: String, _ sql: () throws -> UInt64) throws {
      var rows: UInt64 = 0
      if !options.dryRun {
        do { rows = try sql() } catch let e as DatabaseError {
          throw InstallError.failed(object: object, message: e.description)
        }
      }
      if case .seed(let n, _) = action {
        if !options.dryRun && rows > 0 { report.actions.append(.seed(n, rows: rows)) }
      } else {
        report.actions.append(action)
      }
    }

    if !accountingExists {
      try perform(.createSchema(names.accounting), names.accounting) {
        try db.run("CREATE DATABASE \(acc) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci").affectedRows
      }
    }
    if !inventoryExists {
      try perform(.createSchema(names.inventory), names.inventory) {
        try db.run("CREATE DATABASE \(inv) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci").affectedRows
      }
    }


    var toRecord: [(SQLBundle.Entry, String)] = []

    // 1. Tables (bookkeeping first: they are the first entries of the manifest).
    for entry in bundle.entries where entry.kind == .table || (entry.kind == .inventory && options.withInventory) {
      let text = bundle.text(entry, names: names)
      let sum = checksum(text)
      let exists =
        entry.kind == .table ? existingTables.contains(entry.name) : existingInventoryTables.contains(entry.name)
      let key = Recorded(kind: entry.kind.rawValue, role: role(entry.kind), name: entry.name)
      if !exists {
        try perform(.create(entry.kind, entry.name), entry.name) { try db.run(text).affectedRows }
        toRecord.append((entry, sum))
      } else if recorded[key] == nil, entry.kind == .table {
        // A table of ours from before the bookkeeping existed (or the bookkeeping itself): record it.
        toRecord.append((entry, sum))
      } else if recorded[key] != nil && recorded[key] != sum {
        // Changed table files reach existing tables through migrations; record the new checksum.
        // (An operator's existing inventory table is never recorded: it is not ours to drop.)
        toRecord.append((entry, sum))
      }
    }

    // 2. Migrations: a fresh install's tables already hold them all (recorded as baseline).
    for entry in bundle.entries(.migration) {
      guard let number = entry.migrationNumber else {
        throw InstallError.badManifest("migration \(entry.path) has no NNNN_ number")
      }
      if appliedMigrations.contains(number) { continue }
      let text = bundle.text(entry, names: names)
      if freshInstall {
        if !options.dryRun {
          try recordMigration(acc, number, entry.name, options, baseline: true)
        }
        continue
      }
      try perform(.migrate(entry.name), entry.name) {
        let n = try db.run(text).affectedRows
        try recordMigration(acc, number, entry.name, options, baseline: false)
        return n
      }
    }

    // 3. Seeds, every time (they insert what is missing and leave an operator's values alone).
    for entry in bundle.entries(.seed) {
      let text = bundle.text(entry, names: names)
      try perform(.seed(entry.name, rows: 0), entry.name) { try db.run(text).affectedRows }
    }

    // 4. Routines, triggers and views: created when missing, replaced when their file changed or
    //    their live definition is no longer ours (restored); foreign triggers saved first.
    for name in foreign.sorted() {
      try perform(.saveTrigger(name), name) {
        let rows = try db.query(
          "SELECT ACTION_STATEMENT, ACTION_TIMING, EVENT_MANIPULATION, EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? AND TRIGGER_NAME = ?",
          [.text(names.inventory), .text(name)])
        guard let r = rows.first else { return 0 }
        let definition =
          "CREATE TRIGGER \(quoteIdent(name)) \(r[1]) \(r[2]) ON \(quoteIdent(r[3].description)) FOR EACH ROW \(r[0])"
        return try db.execute(
          "INSERT INTO \(acc).install_saved_trigger (schemaName, triggerName, savedAt, definition) VALUES (?, ?, UTC_TIMESTAMP(), ?)",
          [.text(names.inventory), .text(name), .text(definition)]
        ).affectedRows
      }
    }
    for entry in bundle.entries where entry.kind.isReplaceable {
      let text = bundle.text(entry, names: names)
      let sum = checksum(text)
      let key = Recorded(kind: entry.kind.rawValue, role: role(entry.kind), name: entry.name)
      let present = catalog.contains(CatalogObject(kind: entry.kind, name: entry.name))
      if present && recorded[key] == sum && !foreign.contains(entry.name) && !restore.contains(entry.name) {
        continue
      }
      let action: InstallReport.Action = present ? .replace(entry.kind, entry.name) : .create(entry.kind, entry.name)
      try perform(action, entry.name) {
        if entry.kind == .trigger && foreign.contains(entry.name) {
          // A foreign trigger of our name may sit on another table or timing: drop it (saved
          // above). Our own are replaced in place by CREATE OR REPLACE, never left missing.
          try db.run("DROP TRIGGER IF EXISTS \(inv).\(quoteIdent(entry.name))")
        }
        return try db.run(text).affectedRows
      }
      toRecord.append((entry, sum))
    }

    // 5. Objects we created that left the manifest: dropped (never an operator's own).
    let wanted = Set(bundle.entries.map { Recorded(kind: $0.kind.rawValue, role: role($0.kind), name: $0.name) })
    for key in recorded.keys.sorted(by: { ($0.kind, $0.name) < ($1.kind, $1.name) }) where !wanted.contains(key) {
      guard let kind = SQLBundle.Kind(rawValue: key.kind), !kind.sqlWord.isEmpty else { continue }
      let target = key.role == "inventory" ? inv : acc
      try perform(.drop(kind, key.name), key.name) {
        let n = try db.run("DROP \(kind.sqlWord) IF EXISTS \(target).\(quoteIdent(key.name))").affectedRows
        try db.execute(
          "DELETE FROM \(acc).install_object WHERE kind = ? AND schemaRole = ? AND name = ?",
          [.text(key.kind), .text(key.role), .text(key.name)])
        return n
      }
    }

    if !options.dryRun {
      // The live definition of every routine, trigger and view of ours, as the server shows it now.
      for entry in bundle.entries where entry.kind.isReplaceable {
        let key = Recorded(kind: entry.kind.rawValue, role: role(entry.kind), name: entry.name)
        guard let live = try liveChecksum(entry.kind, entry.name, names), recordedLive[key] != live else { continue }
        try db.execute(
          """
          INSERT INTO \(acc).install_object_live (kind, schemaRole, name, liveChecksum, recordedAt)
          VALUES (?, ?, ?, ?, UTC_TIMESTAMP())
          ON DUPLICATE KEY UPDATE liveChecksum = VALUES(liveChecksum), recordedAt = VALUES(recordedAt)
          """,
          [.text(key.kind), .text(key.role), .text(key.name), .text(live)])
      }
      for (entry, sum) in toRecord {
        try db.execute(
          """
          INSERT INTO \(acc).install_object (kind, schemaRole, name, path, checksum, installedAt)
          VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP())
          ON DUPLICATE KEY UPDATE path = VALUES(path), checksum = VALUES(checksum), installedAt = VALUES(installedAt)
          """,
          [.text(entry.kind.rawValue), .text(role(entry.kind)), .text(entry.name), .text(entry.path), .text(sum)])
      }
    }

    // 6. The initial snapshot: open intervals for what is deployed and not yet accounted.
    if bundle.entries(.procedure).contains(where: { $0.name == "INITIAL_SNAPSHOT" }) && !options.dryRun {
      let before = try openIntervals(acc)
      let now: SQLValue = options.now.map { .datetime($0) } ?? .null
      do {
        try db.execute("CALL \(acc).INITIAL_SNAPSHOT(COALESCE(?, UTC_TIMESTAMP()))", [now])
      } catch let e as DatabaseError {
        throw InstallError.failed(object: "INITIAL_SNAPSHOT", message: e.description)
      }
      let opened = try openIntervals(acc) - before
      if opened > 0 { report.actions.append(.snapshot(opened: opened)) }
    }

    // 7. The catalog must hold every object of the manifest, and every per-table statement of the
    // rollup and the purge (built from accounting_managed_table) must prepare.
    if !options.dryRun {
      if bundle.entries(.procedure).contains(where: { $0.name == "MANAGED_TABLE_CHECK" }) {
        do {
          _ = try db.query("CALL \(acc).MANAGED_TABLE_CHECK()")
        } catch let e as DatabaseError {
          throw InstallError.failed(object: "MANAGED_TABLE_CHECK", message: e.description)
        }
      }
      let oursInventory = options.withInventory || recorded.keys.contains { $0.kind == SQLBundle.Kind.inventory.rawValue }
      let problems = try checkCatalog(names, withInventory: oursInventory)
      if !problems.isEmpty { throw InstallError.catalogMismatch(problems) }
    }
    logger.debug("install done", metadata: ["actions": "\(report.actions.count)"])
    return report
  }

  private func recordMigration(_ acc: String, _ number: Int, _ name: String, _ options: InstallOptions, baseline: Bool)
    throws
  {
    try db.execute(
      "INSERT INTO \(acc).install_version (version, migration, toolVersion, appliedAt, baseline) VALUES (?, ?, ?, UTC_TIMESTAMP(), ?)",
      [.int(Int64(number)), .text(name), .text(options.toolVersion), .int(baseline ? 1 : 0)])
  }

  /// The hash of a routine's, trigger's or view's definition as the server shows it
  /// (`SHOW CREATE …`), nil when it is not there.
  private func liveChecksum(_ kind: SQLBundle.Kind, _ name: String, _ names: SchemaNames) throws -> String? {
    let (schema, column): (String, Int)
    switch kind {
    case .trigger: (schema, column) = (names.inventory, 2)
    case .procedure, .function: (schema, column) = (names.accounting, 2)
    case .view: (schema, column) = (names.accounting, 1)
    default: return nil
    }
    let rows: [Row]
    do {
      rows = try db.run("SHOW CREATE \(kind.sqlWord) \(quoteIdent(schema)).\(quoteIdent(name))").rows
    } catch is DatabaseError {
      return nil
    }
    guard let row = rows.first, row.values.count > column else { return nil }
    return checksum(row.values[column].description)
  }

  private func openIntervals(_ acc: String) throws -> Int {
    var total: Int64 = 0
    for table in eventTables {
      total += try db.scalar("SELECT COUNT(*) FROM \(acc).\(table) WHERE stopTime IS NULL").int ?? 0
    }
    return Int(total)
  }

  private func schemaExists(_ name: String) throws -> Bool {
    try db.scalar("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", [.text(name)]).int == 1
  }

  private func tables(in schema: String) throws -> Set<String> {
    Set(
      try db.query(
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'",
        [.text(schema)]
      ).map { $0[0].description })
  }

  /// One object of the live catalog.
  public struct CatalogObject: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let kind: SQLBundle.Kind
    public let name: String
    public static func < (a: Self, b: Self) -> Bool { (a.kind.rawValue, a.name) < (b.kind.rawValue, b.name) }
    public var description: String { "\(kind.rawValue) \(name)" }
  }

  /// The objects of both schemas as the server lists them: the accounting schema's tables,
  /// routines and views, and the inventory schema's tables and triggers.
  public func currentCatalog(_ names: SchemaNames) throws -> Set<CatalogObject> {
    var set = Set<CatalogObject>()
    for row in try db.query(
      "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (?, ?)",
      [.text(names.accounting), .text(names.inventory)])
    {
      let isInventory = row[0].description == names.inventory
      let isView = row[2].description == "VIEW"
      if isInventory && isView { continue }
      set.insert(CatalogObject(kind: isView ? .view : (isInventory ? .inventory : .table), name: row[1].description))
    }
    for row in try db.query(
      "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?",
      [.text(names.accounting)])
    {
      set.insert(CatalogObject(kind: row[0].description == "FUNCTION" ? .function : .procedure, name: row[1].description))
    }
    for row in try db.query(
      "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?", [.text(names.inventory)])
    {
      set.insert(CatalogObject(kind: .trigger, name: row[0].description))
    }
    return set
  }

  /// The objects the manifest promises (inventory tables only when the reference inventory is ours).
  public func manifestCatalog(withInventory: Bool) -> Set<CatalogObject> {
    Set(
      bundle.entries.filter { $0.kind != .seed && $0.kind != .migration && ($0.kind != .inventory || withInventory) }
        .map { CatalogObject(kind: $0.kind, name: $0.name) })
  }

  /// Problems between the manifest and the live catalog: objects missing, one per line.
  /// The inventory's tables are checked when the reference inventory is ours (`withInventory`).
  public func checkCatalog(_ names: SchemaNames, withInventory: Bool) throws -> [String] {
    let live = try currentCatalog(names)
    let wanted = manifestCatalog(withInventory: withInventory)
    return wanted.subtracting(live).sorted().map { "\($0) is missing" }
  }
}

/// Backquotes an identifier (schema or object name) for text SQL.
public func quoteIdent(_ name: String) -> String {
  "`" + name.replacingOccurrences("`", "``") + "`"
}
