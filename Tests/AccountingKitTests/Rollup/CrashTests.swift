import AccountingKit
import AccountingSimulator
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The crash test (README "The hourly rollup": killed at any point, a rerun ends exactly as one
/// clean run would). Two scenarios, each comparing full table contents with a clean run of the
/// same deterministic workload (`accounting simulate`):
///
/// 1. The tool, on the shared test server, killed with SIGKILL at 10 random points of a 3-day
///    catch-up (seeded; the points spread over the duration of a clean run measured first), each
///    time started again at once (the run lock's lease, left held by the dead run, must be taken
///    over at once), then run to the end.
/// 2. The server itself (its own throwaway `mariadbd` from `Scripts/mariadb-local`, so killing it
///    harms nobody) killed with SIGKILL while an hour is being written: the hour is held at a
///    known point (its detail and hourly rows written, its daily sums waiting on a row lock another
///    session holds), the server killed there, started again (crash recovery), and the run
///    finished.
///
/// Compared: every base table of both schemas, every stored column, in key order, but the
/// installer's bookkeeping (`install_*`), the run lock's row (the holder) and the log (durations
/// and wall-clock times; checked apart), and the columns that hold the wall clock or a duration
/// (`processedAt`, `replacedAt`, `durationMicros`, `updatedAt`); plus the detail's partitions.
@Suite struct CrashTests {
  /// The end of the catch-ups: `--now` (settle 300 s: the hours ending by 00:05).
  static let partOneNow = "2026-01-08T00:10:00Z"

  @Test func theToolKilledTenTimesEndsAsOneCleanRun() throws {
    let a = try TestSchema("crasha")
    let b = try TestSchema("crashb")
    for t in [a, b] {
      try t.resetPartitions()
      let sim = try Tool.run(
        ["simulate", "--seed", "11", "--size", "small", "--days", "3"] + Self.schemaArgs(t.names))
      try #require(sim.status == 0, "simulate: \(sim.stderr)")
    }
    let before = try Self.compare(
      Self.dumpPair(a.db, a.names), Self.dumpPair(b.db, b.names), "same workload")
    try #require(before, "the two pairs must hold the same workload before any rollup")

    // The clean run, timed.
    let clock = ContinuousClock()
    let started = clock.now
    let clean = try Tool.run(["rollup", "--now", Self.partOneNow] + Self.schemaArgs(a.names))
    let cleanSeconds = Self.seconds(clock.now - started)
    try #require(clean.status == 0, "clean rollup: \(clean.stderr)")
    try #require(
      clean.stdout.hasPrefix("rollup: 72 hours (2026-01-05T00:00:00Z .. 2026-01-07T23:00:00Z): 72 new"),
      "\(clean.stdout)")

    // Ten points of the catch-up (seeded), sorted; run i is killed after the gap from point
    // i - 1 to point i, so the kills spread over the whole catch-up, each run resuming where
    // the one before it died.
    var random = CrashRandom(seed: 0xC0FFEE)
    let points = (0..<10).map { _ in cleanSeconds * (0.03 + 0.85 * random.unit()) }.sorted()
    var kills: [String] = []
    var killedMidRun = 0
    var leftHeld = 0
    var previous = 0.0
    for point in points {
      let delay = max(point - previous, 0.005)
      previous = point
      let process = try Self.startTool(["rollup", "--now", Self.partOneNow] + Self.schemaArgs(b.names))
      usleep(UInt32(delay * 1_000_000))  // the kill point itself (not a wait for a state)
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let signalled = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
      let processed = try b.scalar("SELECT COUNT(*) FROM {acc}.accounting_rollup_ledger") ?? "?"
      let holds = try b.scalar("SELECT holds FROM {acc}.accounting_run_lock WHERE id = 1") ?? "0"
      if signalled && processed != "72" { killedMidRun += 1 }
      if signalled && holds != "0" { leftHeld += 1 }
      let outcome = signalled ? "killed" : "exited \(process.terminationStatus)"
      kills.append("after \(Int(delay * 1000)) ms: \(outcome), \(processed) hours processed, lock holds \(holds)")
    }
    let history = "clean run \(Int(cleanSeconds * 1000)) ms; kills: " + kills.joined(separator: "; ")
    // The kills must have landed inside the catch-up (a run that ended first tests nothing) and
    // left the lease held by a dead run (the takeover path).
    #expect(killedMidRun >= 6, "\(history)")
    #expect(leftHeld >= 1, "\(history)")

    // Then to the end. A killed tool's last statement still runs on the server (its connection,
    // and so its lease, lives until that statement ends): a run started then finds the lock held,
    // rightly. The last run waits for it, as an operator's --wait does.
    let rest = try Tool.run(["rollup", "--now", Self.partOneNow, "--wait", "2m"] + Self.schemaArgs(b.names))
    #expect(rest.status == 0, "\(rest.stderr)")
    #expect(rest.stdout.contains("processed through 2026-01-08T00:00:00Z"), "\(rest.stdout) \(history)")

    #expect(try Self.compare(Self.dumpPair(a.db, a.names), Self.dumpPair(b.db, b.names), history))
    #expect(try a.rows("SELECT level, source FROM {acc}.accounting_log") == [["INFO", "rollup"]])
    for t in [a, b] {
      #expect(try t.scalar("SELECT holds FROM {acc}.accounting_run_lock WHERE id = 1") == "0")
    }
    // No run failed. A restart that came while the killed tool's last statement still ran logged
    // "the run lock is held by connection N ...: nothing done" (WARN) and exited 0: nothing else.
    #expect(
      try b.rows("SELECT level, message FROM {acc}.accounting_log WHERE level NOT IN ('INFO', 'WARN')") == [])
    let held = try b.rows("SELECT message FROM {acc}.accounting_log WHERE level = 'WARN'").map { $0[0] ?? "" }
    #expect(
      held.allSatisfy { $0.hasPrefix("the run lock is held by connection ") && $0.hasSuffix(": nothing done") },
      "\(held)")
  }

  @Test func theServerKilledMidHourEndsAsOneCleanRun() throws {
    let server = CrashLocalServer()
    defer { server.wipe() }
    try server.start()
    let socket = try server.socket()
    let options = ConnectionOptions(socket: socket, user: "root", readDefaultFiles: false)
    let toolEnv: [String: String?] = [
      "MYSQL_UNIX_PORT": socket, "MYSQL_HOST": nil, "MYSQL_TCP_PORT": nil, "MYSQL_PWD": nil, "MYSQL_USER": "root",
    ]
    let clean = try SchemaNames(inventory: "crash_clean_inv", accounting: "crash_clean_acc")
    let crash = try SchemaNames(inventory: "crash_kill_inv", accounting: "crash_kill_acc")
    let now = "2026-01-06T21:10:00Z"
    do {
      let db = try Connection(options)
      defer { db.close() }
      for names in [clean, crash] {
        _ = try Installer(db: db, bundle: SQLBundle.embedded()).install(
          InstallOptions(names: names, withInventory: true, now: "2000-01-01 00:00:00"))
        // 24 hours, from 2026-01-05 21:00: the fourth, 2026-01-06 00:00, opens a new day.
        let sim = try Tool.run(
          ["simulate", "--seed", "5", "--size", "small", "--days", "1", "--start", "2026-01-05 21:00:00"]
            + Self.schemaArgs(names), environment: toolEnv)
        try #require(sim.status == 0, "simulate: \(sim.stderr)")
      }
      let run = try Tool.run(["rollup", "--now", now] + Self.schemaArgs(clean), environment: toolEnv)
      try #require(run.status == 0, "clean rollup: \(run.stderr)")
      try #require(
        run.stdout.hasPrefix("rollup: 24 hours (2026-01-05T21:00:00Z .. 2026-01-06T20:00:00Z)"), "\(run.stdout)")
    }

    let acc = quoteIdent(crash.accounting)
    let hour = "2026-01-06 00:00:00"
    var toolPid: pid_t = 0
    defer { if toolPid > 0 { kill(toolPid, SIGKILL) } }
    do {
      let admin = try Connection(options)
      // A daily-sum row the fourth hour writes (one of its hourly keys), held by another session's
      // uncommitted insert: that hour writes its detail and hourly rows, then waits on it.
      let reference = quoteIdent(clean.accounting)
      let key = try admin.query(
        """
        SELECT idEnterprise, idVirtualDataCenter, idAccountingResourceType FROM \(reference).accounting_summary_hourly
        WHERE starttime = ? ORDER BY idEnterprise, idVirtualDataCenter, idAccountingResourceType LIMIT 1
        """, [.datetime(hour)])
      let k = try #require(key.first?.values)
      let expectedRows = try admin.scalar(
        "SELECT COUNT(*) FROM \(reference).accounting_event_detail WHERE starttime = ?", [.datetime(hour)]
      ).int ?? 0
      try #require(expectedRows > 0)
      let blocker = try Connection(options)
      try blocker.run("START TRANSACTION")
      try blocker.execute(
        """
        INSERT INTO \(acc).accounting_summary_daily (starttime, idEnterprise, idVirtualDataCenter,
          idAccountingResourceType, resourceUnits, unitSeconds, detailRows) VALUES ('2026-01-06', ?, ?, ?, 0, 0, 0)
        """, [k[0], k[1], k[2]])

      let tool = Process()
      tool.executableURL = Tool.executable
      tool.arguments = ["rollup", "--now", now] + Self.schemaArgs(crash)
      tool.environment = Self.toolEnvironment(toolEnv)
      let err = Pipe()
      tool.standardOutput = FileHandle.nullDevice
      tool.standardError = err
      tool.standardInput = FileHandle.nullDevice
      try tool.run()
      toolPid = tool.processIdentifier

      // Wait (poll, with a deadline) until the hour waits on that lock.
      // INNODB_TRX is a cache InnoDB refreshes only when it has not been read for 100 ms: poll
      // it every 200 ms.
      try Self.poll("the rollup to wait inside hour \(hour)", timeout: 40, every: 0.2) {
        guard tool.isRunning else { throw CrashTestError("the rollup ended before it reached hour \(hour)") }
        return try admin.scalar(
          """
          SELECT COUNT(*) FROM information_schema.INNODB_TRX
          WHERE trx_state = 'LOCK WAIT' AND trx_query LIKE '%accounting_summary_daily%'
          """
        ).int == 1
      }
      // Mid-hour: three hours committed; the fourth's detail rows all written, not committed.
      let detailRows = "SELECT COUNT(*) FROM \(acc).accounting_event_detail WHERE starttime = ?"
      let hourlyRows = "SELECT COUNT(*) FROM \(acc).accounting_summary_hourly WHERE starttime = ?"
      #expect(try admin.scalar("SELECT COUNT(*) FROM \(acc).accounting_rollup_ledger").int == 3)
      #expect(try admin.scalar(detailRows, [.datetime(hour)]).int == 0)
      try admin.run("SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED")
      #expect(try admin.scalar(detailRows, [.datetime(hour)]).int == expectedRows)
      #expect(try admin.scalar(hourlyRows, [.datetime(hour)]).int ?? 0 > 0)

      // kill -9 the server there.
      try server.killServer()
      blocker.close()
      admin.close()
      try Self.poll("the rollup to end after the server died", timeout: 30) { !tool.isRunning }
      let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      toolPid = 0
      #expect(tool.terminationReason == .exit && tool.terminationStatus == 1, "\(stderr)")
      #expect(stderr.hasPrefix("accounting: ") && stderr.split(separator: "\n").count == 1, "\(stderr)")
    }

    try server.start()
    let db = try Connection(options)
    defer { db.close() }
    // Crash recovery rolled the hour back whole (and the blocker's row); the lease is still
    // recorded as held by the dead run's connection.
    #expect(try db.scalar("SELECT COUNT(*) FROM \(acc).accounting_rollup_ledger").int == 3)
    for table in ["accounting_event_detail", "accounting_summary_hourly", "accounting_summary_daily"] {
      #expect(
        try db.scalar("SELECT COUNT(*) FROM \(acc).\(table) WHERE starttime >= ?", [.datetime(hour)]).int == 0, "\(table)")
    }
    #expect(try db.scalar("SELECT holds FROM \(acc).accounting_run_lock WHERE id = 1").int ?? 0 > 0)

    let rest = try Tool.run(["rollup", "--now", now] + Self.schemaArgs(crash), environment: toolEnv)
    #expect(rest.status == 0, "\(rest.stderr)")
    #expect(
      rest.stdout.hasPrefix("rollup: 21 hours (2026-01-06T00:00:00Z .. 2026-01-06T20:00:00Z): 21 new"), "\(rest.stdout)")

    #expect(try Self.compare(Self.dumpPair(db, clean), Self.dumpPair(db, crash), "server killed mid-hour"))
    for names in [clean, crash] {
      let a = quoteIdent(names.accounting)
      let log = try db.query("SELECT level, source FROM \(a).accounting_log").map { $0.values.map(\.string) }
      #expect(log == [["INFO", "rollup"]], "\(names.accounting)")
      #expect(try db.scalar("SELECT holds FROM \(a).accounting_run_lock WHERE id = 1").int == 0)
    }
  }
}

// MARK: - Helpers

extension CrashTests {
  static func schemaArgs(_ names: SchemaNames) -> [String] {
    ["--no-defaults", "--inventory-schema", names.inventory, "--accounting-schema", names.accounting]
  }

  static func seconds(_ d: Swift.Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
  }

  /// The tool's environment as `Tool.run` builds it: this process's MYSQL_*, PATH and HOME, then
  /// `overrides` (nil removes).
  static func toolEnvironment(_ overrides: [String: String?] = [:]) -> [String: String] {
    var env: [String: String] = [:]
    for (k, v) in ProcessInfo.processInfo.environment where k.hasPrefix("MYSQL_") || k == "PATH" || k == "HOME" {
      env[k] = v
    }
    for (k, v) in overrides { env[k] = v }
    return env
  }

  /// The tool started in the background (output discarded).
  static func startTool(_ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = Tool.executable
    process.arguments = arguments
    process.environment = toolEnvironment()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Polls `condition` every `every` seconds until it holds; fails after `timeout` seconds.
  static func poll(_ what: String, timeout: Double, every: Double = 0.005, _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while try !condition() {
      if Date() > deadline { throw CrashTestError("timed out after \(Int(timeout)) s waiting for \(what)") }
      usleep(UInt32(every * 1_000_000))
    }
  }

  /// Columns that hold the wall clock or a duration.
  static let wallClockColumns: Set<String> = ["processedAt", "replacedAt", "durationMicros", "updatedAt"]

  /// Every base table of both schemas of a pair (keys `acc.<table>`, `inv.<table>`), every stored
  /// column but the wall-clock ones, in primary key order (all columns when there is none); the
  /// detail's partitions. Left out: `install_*`, `accounting_run_lock`, `accounting_log`.
  static func dumpPair(_ db: Connection, _ names: SchemaNames) throws -> [String: [[String?]]] {
    var out: [String: [[String?]]] = [:]
    for (prefix, schema) in [("acc", names.accounting), ("inv", names.inventory)] {
      let tables = try db.query(
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'",
        [.text(schema)]
      ).map { $0[0].description }
      for table in tables
      where !table.hasPrefix("install_") && table != "accounting_run_lock" && table != "accounting_log" {
        let columns = try db.query(
          """
          SELECT COLUMN_NAME FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND IS_GENERATED = 'NEVER' ORDER BY ORDINAL_POSITION
          """, [.text(schema), .text(table)]
        ).map { $0[0].description }.filter { !wallClockColumns.contains($0) }
        let key = try db.query(
          """
          SELECT COLUMN_NAME FROM information_schema.STATISTICS
          WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX
          """, [.text(schema), .text(table)]
        ).map { $0[0].description }
        let list = columns.map(quoteIdent).joined(separator: ", ")
        let order = (key.isEmpty ? columns : key).map(quoteIdent).joined(separator: ", ")
        out["\(prefix).\(table)"] = try db.query(
          "SELECT \(list) FROM \(quoteIdent(schema)).\(quoteIdent(table)) ORDER BY \(order)"
        ).map { $0.values.map(\.string) }
      }
    }
    out["acc.partitions"] = try db.query(
      """
      SELECT PARTITION_NAME, PARTITION_DESCRIPTION FROM information_schema.PARTITIONS
      WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'accounting_event_detail' ORDER BY PARTITION_ORDINAL_POSITION
      """, [.text(names.accounting)]
    ).map { $0.values.map(\.string) }
    return out
  }

  /// Records one issue per table whose contents differ (row counts and the first differing row,
  /// not the whole table); true when all are equal.
  static func compare(_ a: [String: [[String?]]], _ b: [String: [[String?]]], _ context: String) -> Bool {
    var same = true
    if a.keys.sorted() != b.keys.sorted() {
      Issue.record("tables differ: \(a.keys.sorted()) vs \(b.keys.sorted()) (\(context))")
      return false
    }
    for table in a.keys.sorted() where a[table]! != b[table]! {
      same = false
      let x = a[table]!
      let y = b[table]!
      let i = (0..<min(x.count, y.count)).first { x[$0] != y[$0] } ?? min(x.count, y.count)
      let rx = i < x.count ? "\(x[i])" : "none"
      let ry = i < y.count ? "\(y[i])" : "none"
      Issue.record("\(table): \(x.count) vs \(y.count) rows; first difference at row \(i): \(rx) vs \(ry) (\(context))")
    }
    return same
  }
}

struct CrashTestError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// SplitMix64: the test's own seeded generator (the kill points are the same on every run).
struct CrashRandom {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  /// Uniform in [0, 1).
  mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }
}

/// A throwaway second server run by `Scripts/mariadb-local` in a temporary directory (its data
/// dir, pid file and, keyed to it, its socket), small buffers; `wipe` stops it and deletes it all.
final class CrashLocalServer {
  let dir: String
  let script: String

  init() {
    dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("accounting-crash-\(UUID().uuidString.prefix(8))").path
    // Tests/AccountingKitTests/Rollup/CrashTests.swift -> the checkout
    let top = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    script = top.appendingPathComponent("Scripts/mariadb-local").path
  }

  /// Runs `Scripts/mariadb-local <command>` with this server's environment. File descriptors
  /// above 2 are closed first, so the server it starts holds none of this process's pipes or
  /// connections.
  @discardableResult
  func run(_ command: String) throws -> Tool.Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [
      "-c",
      #"for f in /proc/$$/fd/*; do n=${f##*/}; if [ "$n" -gt 2 ]; then eval "exec $n>&-" 2>/dev/null; fi; done; exec "$0" "$1""#,
      script, command,
    ]
    var env: [String: String] = [:]
    for (k, v) in ProcessInfo.processInfo.environment where k == "PATH" || k == "HOME" || k == "USER" { env[k] = v }
    env["ACCOUNTING_LOCAL_DIR"] = dir
    // Its own temporary directory: a starting mariadbd deletes every `#sql*` file in its tmpdir,
    // and with the default (/tmp) those are the live temporary tables of the shared test server.
    env["TMPDIR"] = dir + "/tmp"
    env["ACCOUNTING_BUFFER_POOL"] = "64M"
    env["ACCOUNTING_REDO_LOG"] = "48M"
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let result = Tool.Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
    guard result.status == 0 else {
      throw CrashTestError("Scripts/mariadb-local \(command) failed (\(result.status)): \(result.stderr)")
    }
    return result
  }

  func start() throws {
    try FileManager.default.createDirectory(atPath: dir + "/tmp", withIntermediateDirectories: true)
    try run("start")
  }

  func socket() throws -> String {
    try run("socket").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// kill -9 of this server's mariadbd (its pid file), then waits until it is gone.
  func killServer() throws {
    let text = try String(contentsOfFile: dir + "/mariadbd.pid", encoding: .utf8)
    guard let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1 else {
      throw CrashTestError("no pid in \(dir)/mariadbd.pid: '\(text)'")
    }
    guard (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.hasPrefix("mariadbd") == true else {
      throw CrashTestError("pid \(pid) of \(dir)/mariadbd.pid is not a mariadbd")
    }
    guard kill(pid, SIGKILL) == 0 else { throw CrashTestError("kill -9 \(pid): errno \(errno)") }
    try CrashTests.poll("mariadbd \(pid) to die", timeout: 30) {
      // gone, or a zombie (state Z) waiting for its parent
      guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
      return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
    }
  }

  /// Stops the server and deletes its directory; failures are recorded, not thrown (a defer).
  func wipe() {
    do { try run("wipe") } catch { Issue.record("wiping the second server: \(error)") }
  }
}
