/// What `accounting status` shows: versions, what is installed, open intervals.
public struct StatusReport: Sendable {
  public var names: SchemaNames
  public var serverVersion: String
  public var schemaVersion: Int
  public var toolSchemaVersion: Int
  public var installedObjects: [String: Int]
  public var openIntervals: [(table: String, count: Int64)]
  public var serverTime: String
  /// The newest processed hour's end, nil before the first run.
  public var processedThrough: String?
  /// Hours already due (end ≤ now − settle) and not processed yet: what the next run will do.
  public var backlogHours: Int64
  /// Who holds the run lock, nil when it is free: the holder, whether it is alive, and whether
  /// it has held it past `run_lock.alarm_seconds`.
  public var runLock: (holder: String, alive: Bool, stuck: Bool)?

  /// Reads the status; throws `StatusError.notInstalled` when the accounting schema is not there.
  public static func gather(db: Connection, names: SchemaNames, bundle: SQLBundle, now: String? = nil) throws
    -> StatusReport
  {
    let clock: SQLValue = now.map { .datetime($0) } ?? .null
    let acc = quoteIdent(names.accounting)
    let present = try db.scalar(
      "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'install_version'",
      [.text(names.accounting)])
    guard present.int == 1 else { throw StatusError.notInstalled(names.accounting) }
    let version = try db.scalar("SELECT COALESCE(MAX(version), 0) FROM \(acc).install_version").int ?? 0
    var objects: [String: Int] = [:]
    for row in try db.query("SELECT kind, COUNT(*) FROM \(acc).install_object GROUP BY kind") {
      objects[row[0].description] = Int(row[1].int ?? 0)
    }
    var open: [(String, Int64)] = []
    for table in eventTables {
      let n = try db.scalar("SELECT COUNT(*) FROM \(acc).\(table) WHERE stopTime IS NULL").int ?? 0
      open.append((table, n))
    }
    let nowText = try db.scalar("SELECT DATE_FORMAT(COALESCE(?, UTC_TIMESTAMP()), '%Y-%m-%dT%H:%i:%sZ')", [clock]).description
    let through = try db.scalar("SELECT MAX(starttime) + INTERVAL 1 HOUR FROM \(acc).accounting_rollup_ledger").string
    // Due hours run from the start (set by the first run, else the earliest event's hour) to the
    // last hour that ended at least the settle delay ago; the backlog is those not in the ledger.
    let earliest = eventTables.map { "SELECT MIN(startTime) AS t FROM \(acc).\($0)" }.joined(separator: " UNION ALL ")
    let backlog = try db.scalar(
      """
      SELECT GREATEST(0, TIMESTAMPDIFF(HOUR, b.startHour, b.dueEnd)
             - (SELECT COUNT(*) FROM \(acc).accounting_rollup_ledger l
                 WHERE l.starttime >= b.startHour AND l.starttime < b.dueEnd))
        FROM (SELECT GREATEST(
                       COALESCE(s.startHour, (SELECT DATE_FORMAT(MIN(e.t), '%Y-%m-%d %H:00:00') FROM (\(earliest)) e)),
                       COALESCE(s.processedFloor, '1970-01-01')) AS startHour,
                     DATE_FORMAT(COALESCE(?, UTC_TIMESTAMP()) - INTERVAL
                       COALESCE((SELECT CAST(value AS UNSIGNED) FROM \(acc).accounting_parameter
                                  WHERE name = 'settle_seconds'), 300) SECOND, '%Y-%m-%d %H:00:00') AS dueEnd
                FROM \(acc).accounting_rollup_state s WHERE s.id = 1) b
      """, [clock]
    ).int ?? 0
    // The lease as RUN_LOCK_TAKE judges it (RUN_LOCK_ALIVE, read through the run_lock_state view:
    // status needs no EXECUTE privilege).
    var lock: (String, Bool, Bool)?
    if let row = try db.query("SELECT holder, alive, heldPastAlarm FROM \(acc).run_lock_state").first {
      let alive = row[1].int == 1
      lock = (row[0].description, alive, alive && row[2].int == 1)
    }
    return StatusReport(
      names: names, serverVersion: db.serverVersion, schemaVersion: Int(version),
      toolSchemaVersion: bundle.schemaVersion, installedObjects: objects, openIntervals: open, serverTime: nowText,
      processedThrough: through, backlogHours: backlog, runLock: lock)
  }

  /// The lines `accounting status` prints.
  public var lines: [String] {
    var out: [String] = []
    let state =
      schemaVersion == toolSchemaVersion
      ? "up to date"
      : (schemaVersion < toolSchemaVersion ? "upgrade available: run accounting install" : "newer than this tool")
    out.append("schema version \(schemaVersion) (this tool installs version \(toolSchemaVersion): \(state))")
    out.append("accounting schema: \(names.accounting)   inventory schema: \(names.inventory)")
    out.append("server: MariaDB \(serverVersion); now \(serverTime)")
    let objects = installedObjects.keys.sorted().map { "\($0) \(installedObjects[$0]!)" }.joined(separator: ", ")
    out.append("installed objects: \(objects)")
    let open = openIntervals.map { "\($0.table.replacingOccurrences("accounting_event_", "")) \($0.count)" }
    out.append("open intervals: \(open.joined(separator: ", "))")
    let through = processedThrough.map { "processed through \(UTCTime.iso($0))" } ?? "no hour processed yet"
    out.append("rollup: \(through); backlog \(backlogHours) hours due")
    if let lock = runLock {
      let state =
        !lock.alive
        ? " (the holder is gone: the next run takes it over)"
        : (lock.stuck ? " (STUCK: held past run_lock.alarm_seconds; rollups and purges fail until it is released)" : "")
      out.append("run lock: held by \(lock.holder)\(state)")
    } else {
      out.append("run lock: free")
    }
    return out
  }
}

public enum StatusError: Error, CustomStringConvertible {
  case notInstalled(String)
  public var description: String {
    switch self {
    case .notInstalled(let s): return "the accounting schema \(s) is not installed: run accounting install"
    }
  }
}

/// The six event tables, in the order reports list them.
public let eventTables = [
  "accounting_event_vm", "accounting_event_pm", "accounting_event_repository", "accounting_event_storage",
  "accounting_event_ips", "accounting_event_vlan",
]

extension String {
  func replacingOccurrences(_ target: String, _ replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var out = ""
    var rest = Substring(self)
    while let r = rest.range(of: target) {
      out += rest[..<r.lowerBound]
      out += replacement
      rest = rest[r.upperBound...]
    }
    return out + rest
  }
}

extension Substring {
  fileprivate func range(of target: String) -> Range<Substring.Index>? {
    var i = startIndex
    while i < endIndex {
      if self[i...].hasPrefix(target) { return i..<index(i, offsetBy: target.count) }
      i = index(after: i)
    }
    return nil
  }
}
