import AccountingKit
import Foundation
import Synchronization

/// A schema pair of one test suite on the local server, installed by the real installer.
///
/// Use it like this (Swift Testing creates a suite instance per test, so `init` runs per test:
/// the first one in the process drops and installs the pair, the later ones only empty it):
///
///     @Suite(.serialized) struct VMCaptureTests {
///       let t: TestSchema
///       init() throws { t = try TestSchema("vmcap") }   // schemas t_vmcap_inv / t_vmcap_acc
///
///       @Test func deploy() throws {
///         try t.clock("2026-01-05 13:00:00")            // SET TIMESTAMP for this session (UTC)
///         try t.exec("INSERT INTO {inv}.enterprise (name) VALUES (?)", .text("Acme"))
///         #expect(try t.rows("SELECT idVM, startTime, stopTime FROM {acc}.accounting_event_vm")
///                 == [["1", "2026-01-05 13:00:00", nil]])
///       }
///     }
///
/// - `{inv}` and `{acc}` in SQL text are replaced by the pair's schema names.
/// - `exec` runs a prepared statement when given parameters, else a text query (several
///   statements allowed); `rows` returns every value as text, NULL as nil (DATETIME as
///   `2026-01-05 13:00:00`, DECIMAL exactly as the server writes it).
/// - Every test starts from empty tables (AUTO_INCREMENT back to 1), the seed rows re-inserted,
///   the clock reset and the trigger mute switch off. The connection's session is UTC.
/// - No server: the suite fails (it does not skip). `Scripts/test` starts one and exports
///   `MYSQL_UNIX_PORT`.
final class TestSchema {
  let names: SchemaNames
  let db: Connection
  let bundle: SQLBundle
  var inventory: String { names.inventory }
  var accounting: String { names.accounting }

  /// - Parameters:
  ///   - suite: a short name unique to the suite (letters, digits, _).
  ///   - withInventory: install the reference inventory too (default).
  ///   - fresh: drop and install again even when this process installed the pair already.
  init(_ suite: String, withInventory: Bool = true, fresh: Bool = false, bundle: SQLBundle? = nil) throws {
    names = try SchemaNames(inventory: "t_\(suite)_inv", accounting: "t_\(suite)_acc")
    self.bundle = try bundle ?? SQLBundle.embedded()
    db = try TestSchema.connect()
    let firstUse = installedSuites.withLock { $0.insert(suite).inserted }
    if firstUse || fresh {
      try drop()
      _ = try Installer(db: db, bundle: self.bundle).install(
        InstallOptions(names: names, withInventory: withInventory, now: "2000-01-01 00:00:00"))
    }
    try reset()
  }

  /// A new connection to the test server (its own session: its own clock).
  static func connect() throws -> Connection {
    try Connection(connectionOptions())
  }

  static func connectionOptions() throws -> ConnectionOptions {
    let env = ProcessInfo.processInfo.environment
    guard env["MYSQL_UNIX_PORT"] != nil || env["MYSQL_HOST"] != nil else {
      throw UsageError("no test server: run Scripts/test, or export MYSQL_UNIX_PORT (Scripts/mariadb-local env)")
    }
    return ConnectionOptions(user: env["MYSQL_USER"] ?? "root", readDefaultFiles: false, multiStatements: true)
      .withEnvironment(env)
  }

  /// Drops both schemas of the pair.
  func drop() throws {
    try db.run("DROP DATABASE IF EXISTS \(quoteIdent(accounting))")
    try db.run("DROP DATABASE IF EXISTS \(quoteIdent(inventory))")
  }

  /// Empties every table of both schemas but the installer's bookkeeping, re-runs the seeds,
  /// resets the session clock and the mute switch.
  func reset() throws {
    let tables = try db.query(
      """
      SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES
      WHERE TABLE_SCHEMA IN (?, ?) AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME NOT LIKE 'install\\_%'
      """, [.text(accounting), .text(inventory)])
    try db.run("SET FOREIGN_KEY_CHECKS = 0")
    for row in tables {
      try db.run("TRUNCATE TABLE \(quoteIdent(row[0].description)).\(quoteIdent(row[1].description))")
    }
    try db.run("SET FOREIGN_KEY_CHECKS = 1")
    for seed in bundle.entries(.seed) {
      try db.run(bundle.text(seed, names: names))
    }
    try db.run("SET TIMESTAMP = DEFAULT, @accounting_mute = NULL")
  }

  /// Replaces `{inv}` and `{acc}` by the pair's schema names.
  func sql(_ text: String) -> String {
    text.replacingOccurrences(of: "{inv}", with: inventory).replacingOccurrences(of: "{acc}", with: accounting)
  }

  /// Sets this session's clock (`SET TIMESTAMP`): UTC_TIMESTAMP() and the triggers follow it.
  func clock(_ utc: String) throws {
    try db.execute("SET TIMESTAMP = UNIX_TIMESTAMP(?)", [.datetime(utc)])
  }

  @discardableResult
  func exec(_ text: String, _ parameters: SQLValue...) throws -> Outcome {
    parameters.isEmpty ? try db.run(sql(text)) : try db.execute(sql(text), parameters)
  }

  /// The rows of the first result set, every value as text (NULL as nil).
  func rows(_ text: String, _ parameters: SQLValue...) throws -> [[String?]] {
    let outcome = parameters.isEmpty ? try db.run(sql(text)) : try db.execute(sql(text), parameters)
    return outcome.rows.map { $0.values.map(\.string) }
  }

  /// The first value of the first row as text (nil for NULL or no row).
  func scalar(_ text: String, _ parameters: SQLValue...) throws -> String? {
    let outcome = parameters.isEmpty ? try db.run(sql(text)) : try db.execute(sql(text), parameters)
    return outcome.rows.first?.values.first?.string
  }
}

private let installedSuites = Mutex<Set<String>>([])

/// Runs the built `accounting` binary.
enum Tool {
  struct Result {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  /// The `accounting` executable beside the test bundle in the build folder.
  static var executable: URL {
    let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var dir = exe.deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = dir.appendingPathComponent("accounting")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      dir = dir.deletingLastPathComponent()
    }
    return exe.deletingLastPathComponent().appendingPathComponent("accounting")
  }

  /// Runs the tool with `arguments`; the environment is this process's MYSQL_* variables plus
  /// `environment` (a nil value removes a variable). Standard input is empty.
  static func run(_ arguments: [String], environment: [String: String?] = [:], cwd: String? = nil) throws -> Result {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    var env: [String: String] = [:]
    for (k, v) in ProcessInfo.processInfo.environment where k.hasPrefix("MYSQL_") || k == "PATH" || k == "HOME" {
      env[k] = v
    }
    for (k, v) in environment { env[k] = v }
    process.environment = env
    if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}
