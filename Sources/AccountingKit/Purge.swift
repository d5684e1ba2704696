#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `accounting purge`: retention. The rules live in SQL (PURGE_PLAN,
/// PURGE_BATCH, PURGE_RUN); this drives the same batches one at a time so that it can show
/// progress, and adds what only a client can do: the dry run's table and the CSV export.
///
/// A run: takes the rollup lock (a purge and a rollup never overlap), reads the plan at one
/// `now`, exports the rows it lists when asked (and refuses, deleting nothing, when the export
/// does not hold exactly the planned rows), then calls PURGE_BATCH table after table until each
/// says it has no more: the same batches, in the same order, as PURGE_RUN. Killed at any point,
/// every batch is either done or not, the floor already moved; a rerun finishes the job.
public struct PurgeOptions: Sendable {
  /// The clock (`--now`), nil: the server's, read once at the start.
  public var now: String?
  /// Rows per batch (`--batch`), each batch its own transaction.
  public var batchRows: Int
  /// Count only (`--dry-run`): no lock, nothing deleted.
  public var dryRun: Bool
  /// Write what goes as CSV into this directory first (`--export`).
  public var exportDirectory: String?
  /// How long to wait for another run's lock; 0: do not wait (nothing done, exit 0).
  public var waitSeconds: Int

  public init(
    now: String? = nil, batchRows: Int = 10_000, dryRun: Bool = false,
    exportDirectory: String? = nil,
    waitSeconds: Int = 0
  ) {
    self.now = now
    self.batchRows = batchRows
    self.dryRun = dryRun
    self.exportDirectory = exportDirectory
    self.waitSeconds = waitSeconds
  }
}

/// One row of PURGE_PLAN: what goes from one table.
public struct PurgePlanEntry: Sendable, Equatable {
  public let table: String
  public let parameter: String
  public let retentionDays: Int
  /// Rows strictly before it go; nil: nothing goes (no rollup yet).
  public let cutoff: String?
  public let rows: Int64
  /// Whole monthly partitions of accounting_event_detail that go by a drop.
  public let partitions: Int
}

public struct PurgeProgress: Sendable {
  public let table: String
  public let rowsDone: Int64
  public let rowsTotal: Int64
  public let elapsedSeconds: Double
}

public struct PurgeSummary: Sendable {
  public var lockedByAnother = false
  /// Things the operator should know that did not fail the run.
  public var warnings: [JobWarning] = []
  public var dryRun = false
  public var now = ""
  public var plan: [PurgePlanEntry] = []
  /// Rows deleted per table, in purge order (dry run: nothing).
  public var deleted: [(table: String, rows: Int64, partitions: Int)] = []
  public var floorBefore: String?
  public var floorAfter: String?
  public var exportDirectory: String?
  public var exportedFiles: [String] = []
  public var seconds: Double = 0

  public var rowsPlanned: Int64 { plan.reduce(0) { $0 + $1.rows } }
  public var rowsDeleted: Int64 { deleted.reduce(0) { $0 + $1.rows } }
  public var partitionsDropped: Int { deleted.reduce(0) { $0 + $1.partitions } }

  /// "accounting_event_vm 2, accounting_event_detail 40 (1 partition(s) dropped)": tables with rows.
  var deletedList: String {
    deleted.filter { $0.rows > 0 }.map { d in
      "\(d.table) \(d.rows)" + (d.partitions > 0 ? " (\(d.partitions) partition(s) dropped)" : "")
    }.joined(separator: ", ")
  }

  private var floorText: String { floorAfter.map(UTCTime.iso) ?? "none" }

  /// The one line a run prints.
  public var line: String {
    if lockedByAnother { return "purge: another run holds the lock; nothing done" }
    if dryRun {
      let floor =
        floorAfter != floorBefore
        ? "processed floor would move from \(floorBefore.map(UTCTime.iso) ?? "none") to \(floorText)"
        : "processed floor stays at \(floorText)"
      let what =
        rowsPlanned == 0 ? "nothing would be deleted" : "\(rowsPlanned) rows would be deleted"
      return "purge --dry-run at \(UTCTime.iso(now)): \(what); \(floor)"
    }
    let exported =
      exportDirectory.map {
        "; exported to \($0) (\(exportedFiles.count) file\(exportedFiles.count == 1 ? "" : "s"))"
      } ?? ""
    if rowsDeleted == 0 { return "purge: nothing to delete; processed floor \(floorText)" }
    return
      "purge: \(rowsDeleted) rows deleted (\(deletedList)) in \(formatSeconds(seconds)); processed floor \(floorText)\(exported)"
  }

  /// The line written to the log (LOG_VW), as PURGE_RUN writes it.
  var logLine: String {
    let what =
      rowsDeleted == 0 ? "nothing to delete" : "\(rowsDeleted) row(s) deleted (\(deletedList))"
    let millis = Int((seconds * 1000).rounded())
    let secs = "\(millis / 1000).\(UTCTime.pad(millis % 1000, 3))"
    return "accounting purge at \(now): \(what); processed floor \(floorAfter ?? "none"); \(secs) s"
      + (exportDirectory.map { "; exported to \($0) (\(exportedFiles.count) files)" } ?? "")
  }

  /// The dry run's table: one line per table.
  public var planLines: [String] {
    let rows = plan.map { e in
      [
        e.table, "\(e.parameter) = \(e.retentionDays)", e.cutoff.map(UTCTime.iso) ?? "-",
        String(e.rows),
        e.partitions > 0 ? String(e.partitions) : "",
      ]
    }
    return alignedTable(
      header: ["table", "retention", "cut-off", "rows", "partitions"], rows: rows,
      rightAligned: [3, 4])
  }
}

/// Why a purge stopped (exit 1).
public enum PurgeError: Error, CustomStringConvertible, Sendable {
  case exportExists(String)
  case exportFailed(String)
  case exportMismatch(table: String, exported: Int64, planned: Int64)
  case deletedDiffers(table: String, deleted: Int64, exported: Int64)

  public var description: String {
    switch self {
    case .exportExists(let path):
      return "export: \(path) exists (an export never overwrites a file); nothing deleted"
    case .exportFailed(let why): return "export: \(why); nothing deleted"
    case .exportMismatch(let table, let exported, let planned):
      return
        "export: \(exported) rows of \(table) written but \(planned) to delete; files removed, nothing deleted"
    case .deletedDiffers(let table, let deleted, let exported):
      return
        "purge: \(deleted) rows of \(table) deleted but \(exported) exported: check the export against the table"
    }
  }
}

public struct Purge: SchemaService {
  public let db: Connection
  public let names: SchemaNames

  public init(db: Connection, names: SchemaNames) {
    self.db = db
    self.names = names
  }

  /// PURGE_PLAN at `now`, and the floor before and after.
  public func plan(now: String) throws -> (
    entries: [PurgePlanEntry], floorBefore: String?, floorAfter: String?
  ) {
    let rows = try db.query("CALL \(acc).PURGE_PLAN(?)", [.datetime(now)])
    let entries = rows.map { r in
      PurgePlanEntry(
        table: r["tableName"].description, parameter: r["parameter"].description,
        retentionDays: Int(r["retentionDays"].int ?? 0), cutoff: r["cutoff"].string,
        rows: r["rowsToDelete"].int ?? 0,
        partitions: Int(r["partitionsToDrop"].int ?? 0))
    }
    return (entries, rows.first?["processedFloor"].string, rows.first?["newProcessedFloor"].string)
  }

  public func run(_ options: PurgeOptions, progress: (PurgeProgress) -> Void = { _ in }) throws
    -> PurgeSummary
  {
    // The batch size is checked where the rule lives (a dry run too: it shows what the real run does).
    _ = try db.query("CALL \(acc).PURGE_CHECK_BATCH(?)", [.int(Int64(options.batchRows))])
    var summary = PurgeSummary()
    summary.dryRun = options.dryRun
    let clock = ContinuousClock()
    let started = clock.now
    summary.now = try options.now ?? db.scalar("SELECT UTC_TIMESTAMP()").description
    // A clock ahead of the server's would delete rows still inside their retention.
    if !options.dryRun, let given = options.now, try db.serverClock(whenAhead: given, graceSeconds: 3600) != nil {
      throw InputError.clockAhead(job: .purge, given: given, server: nil)
    }

    if options.dryRun {
      (summary.plan, summary.floorBefore, summary.floorAfter) = try plan(now: summary.now)
      return summary
    }

    let lock = RunLock(db: db, names: names)
    let done = try lock.holding(waitSeconds: options.waitSeconds, source: "purge") { () throws -> PurgeSummary in
      try locked(options, summary, clock: clock, started: started, progress: progress)
    }
    guard let done else {
      summary.lockedByAnother = true
      return summary
    }
    return done
  }

  /// The purge itself, under the lock.
  private func locked(
    _ options: PurgeOptions, _ start: PurgeSummary, clock: ContinuousClock, started: ContinuousClock.Instant,
    progress: (PurgeProgress) -> Void
  ) throws -> PurgeSummary {
    var summary = start
    (summary.plan, summary.floorBefore, summary.floorAfter) = try plan(now: summary.now)
    var exported: [String: Int64] = [:]
    if let dir = options.exportDirectory {
      summary.exportDirectory = dir
      let exporter = PurgeExporter(db: db, names: names, directory: dir)
      do {
        exported = try exporter.export(summary.plan)
      } catch {
        exporter.removeWritten()
        throw error
      }
      summary.exportedFiles = exporter.written
      for entry in summary.plan where (exported[entry.table] ?? 0) != entry.rows {
        exporter.removeWritten()
        throw PurgeError.exportMismatch(
          table: entry.table, exported: exported[entry.table] ?? 0, planned: entry.rows)
      }
    }

    let total = summary.rowsPlanned
    var done: Int64 = 0
    let batch = try db.prepare("CALL \(acc).PURGE_BATCH(?, ?, ?)")
    defer { batch.close() }
    for entry in summary.plan {
      var rows: Int64 = 0
      var partitions = 0
      while true {
        let r = try batch.execute([
          .datetime(summary.now), .text(entry.table), .int(Int64(options.batchRows)),
        ]).rows.first
        let n = r?["rowsDeleted"].int ?? 0
        rows += n
        done += n
        if !(r?["partitionDropped"].isNull ?? true) { partitions += 1 }
        if n > 0 {
          progress(
            PurgeProgress(
              table: entry.table, rowsDone: done, rowsTotal: total,
              elapsedSeconds: seconds(clock.now - started)))
        }
        if r?["more"].int != 1 { break }
      }
      summary.deleted.append((entry.table, rows, partitions))
    }
    summary.floorAfter = try db.scalar(
      "SELECT processedFloor FROM \(acc).accounting_rollup_state WHERE id = 1"
    ).string
    summary.seconds = seconds(clock.now - started)
    // The deletes are committed: a log line that cannot be written is a warning, not a failure.
    do {
      try db.execute("CALL \(acc).LOG_WRITE('INFO', 'purge', ?)", [.text(summary.logLine)])
    } catch {
      summary.warnings.append(.logNotWritten(String(describing: error)))
    }
    if options.exportDirectory != nil {
      for d in summary.deleted where d.rows != (exported[d.table] ?? 0) {
        throw PurgeError.deletedDiffers(
          table: d.table, deleted: d.rows, exported: exported[d.table] ?? 0)
      }
    }
    return summary
  }
}

/// Writes the rows a purge is about to delete as CSV: one file per table and UTC month of the
/// row's time column (startTime for events, starttime for detail, summaries and ledger, logTime for
/// the log), named `<table>-YYYY-MM.csv`. RFC 4180: a header line of column names, CRLF line ends,
/// fields quoted when they hold a comma, a quote or a line break (quotes doubled). NULL is an empty
/// field, an empty string a quoted empty field (`""`). Values exactly as the server writes them
/// (DATETIME `2026-01-05 13:00:00`, DECIMAL in full). Each file is created new (never an existing
/// one) and synced to disk before any row is deleted.
final class PurgeExporter: SchemaService {
  let db: Connection
  let names: SchemaNames
  let directory: String
  private(set) var written: [String] = []

  init(db: Connection, names: SchemaNames, directory: String) {
    self.db = db
    self.names = names
    self.directory = directory
  }

  /// What selects a table's doomed rows, in the order they are written (by month first): the
  /// table's row in `accounting_managed_table`, the one the purge's own statements are built from.
  /// The view's condition names the cut-off `@accounting_purge_cut`; here each mention is a `?`
  /// marker bound to the cut-off (`cutoffs` of them), so the query holds no session state.
  struct Selection {
    let timeColumn: String
    let condition: String
    let order: String
    let cutoffs: Int
  }

  func selection(_ table: String) throws -> Selection? {
    try db.query(
      "SELECT timeColumn, purgeCondition, purgeOrderBy FROM \(quoteIdent(names.accounting)).accounting_managed_table WHERE tableName = ?",
      [.text(table)]
    ).first.map { row in
      let parts = row[1].description.components(separatedBy: "@accounting_purge_cut")
      return Selection(
        timeColumn: row[0].description, condition: parts.joined(separator: "?"), order: row[2].description,
        cutoffs: parts.count - 1)
    }
  }

  func path(_ table: String, _ month: String) -> String { "\(directory)/\(table)-\(month).csv" }

  /// Writes every planned table's rows; returns the rows written per table.
  func export(_ plan: [PurgePlanEntry]) throws -> [String: Int64] {
    try makeDirectory(directory)
    // Every file it would write must be new: checked for all tables before writing any.
    var months: [String: [String]] = [:]
    for entry in plan where entry.rows > 0 {
      guard let cutoff = entry.cutoff, let sel = try selection(entry.table) else { continue }
      let list = try db.query(
        "SELECT DISTINCT DATE_FORMAT(\(sel.timeColumn), '%Y-%m') FROM \(acc).\(quoteIdent(entry.table)) WHERE \(sel.condition) ORDER BY 1",
        Array(repeating: .datetime(cutoff), count: sel.cutoffs)
      ).map { $0[0].description }
      for m in list where access(path(entry.table, m), F_OK) == 0 {
        throw PurgeError.exportExists(path(entry.table, m))
      }
      months[entry.table] = list
    }
    var counts: [String: Int64] = [:]
    for entry in plan {
      counts[entry.table] = 0
      guard entry.rows > 0, let cutoff = entry.cutoff, let sel = try selection(entry.table) else {
        continue
      }
      let columns = try db.query(
        """
        SELECT COLUMN_NAME FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND IS_GENERATED = 'NEVER' ORDER BY ORDINAL_POSITION
        """, [.text(names.accounting), .text(entry.table)]
      ).map { $0[0].description }
      guard let timeIndex = columns.firstIndex(of: sel.timeColumn) else {
        throw PurgeError.exportFailed("\(entry.table) has no column \(sel.timeColumn)")
      }
      let header = csvLine(columns.map { .text($0) })
      var file: CSVFile?
      var month = ""
      var n: Int64 = 0
      try db.forEachRow(
        "SELECT \(columns.map(quoteIdent).joined(separator: ", ")) FROM \(acc).\(quoteIdent(entry.table)) WHERE \(sel.condition) ORDER BY \(sel.order)",
        Array(repeating: .datetime(cutoff), count: sel.cutoffs)
      ) { row in
        let m = String(row[timeIndex].description.prefix(7))
        if file == nil || m != month {
          try file?.finish()
          month = m
          let p = path(entry.table, m)
          file = try CSVFile(creating: p)
          written.append(p)
          try file!.write(header)
        }
        try file!.write(csvLine(row.values))
        n += 1
      }
      try file?.finish()
      counts[entry.table] = n
    }
    syncDirectory(directory)
    return counts
  }

  /// Removes the files this export wrote (a refused purge leaves the directory as it was).
  func removeWritten() {
    for p in written { unlink(p) }
    written = []
  }

  func csvLine(_ values: [SQLValue]) -> String {
    // NULL is an empty field, an empty string a quoted one, so the two read back apart.
    values.map { v -> String in
      guard let s = v.string else { return "" }
      return s.isEmpty ? "\"\"" : csvField(s)
    }.joined(separator: ",") + "\r\n"
  }

  private func makeDirectory(_ dir: String) throws {
    var st = stat()
    if stat(dir, &st) == 0 {
      guard (st.st_mode & S_IFMT) == S_IFDIR else {
        throw PurgeError.exportFailed("\(dir) is not a directory")
      }
      return
    }
    var prefix = dir.hasPrefix("/") ? "" : "."
    for part in dir.split(separator: "/") {
      prefix += "/" + part
      if stat(prefix, &st) != 0 && mkdir(prefix, 0o755) != 0 {
        throw PurgeError.exportFailed(
          "cannot create \(prefix): \(String(cString: strerror(errno)))")
      }
    }
  }

  private func syncDirectory(_ dir: String) {
    let fd = open(dir, O_RDONLY)
    if fd >= 0 {
      fsync(fd)
      close(fd)
    }
  }
}

/// A file created new (O_EXCL), written through a buffer, synced and closed by `finish()`.
final class CSVFile {
  private var fd: Int32
  private var buffer: [UInt8] = []
  let path: String

  init(creating path: String) throws {
    self.path = path
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    if fd < 0 {
      if errno == EEXIST { throw PurgeError.exportExists(path) }
      throw PurgeError.exportFailed("cannot create \(path): \(String(cString: strerror(errno)))")
    }
    buffer.reserveCapacity(1 << 20)
  }

  deinit { if fd >= 0 { close(fd) } }

  func write(_ text: String) throws {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= 1 << 20 { try flush() }
  }

  private func flush() throws {
    var offset = 0
    while offset < buffer.count {
      let n = buffer.withUnsafeBytes {
        Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset)
      }
      if n < 0 {
        if errno == EINTR { continue }
        throw PurgeError.exportFailed("cannot write \(path): \(String(cString: strerror(errno)))")
      }
      offset += n
    }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Writes what is buffered, syncs the file to disk and closes it.
  func finish() throws {
    try flush()
    if fsync(fd) != 0 {
      throw PurgeError.exportFailed("cannot sync \(path): \(String(cString: strerror(errno)))")
    }
    close(fd)
    fd = -1
  }
}
