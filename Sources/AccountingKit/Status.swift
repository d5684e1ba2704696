/// What `accounting status` shows: versions, what is installed, open intervals.
public struct StatusReport: Sendable {
  public var names: SchemaNames
  public var serverVersion: String
  public var schemaVersion: Int
  public var toolSchemaVersion: Int
  public var installedObjects: [String: Int]
  public var openIntervals: [(table: String, count: Int64)]
  public var serverTime: String

  /// Reads the status; throws `StatusError.notInstalled` when the accounting schema is not there.
  public static func gather(db: Connection, names: SchemaNames, bundle: SQLBundle) throws -> StatusReport {
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
    let now = try db.scalar("SELECT DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%dT%H:%i:%sZ')").description
    return StatusReport(
      names: names, serverVersion: db.serverVersion, schemaVersion: Int(version),
      toolSchemaVersion: bundle.schemaVersion, installedObjects: objects, openIntervals: open, serverTime: now)
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
    out.append("server: MariaDB \(serverVersion), clock \(serverTime)")
    let objects = installedObjects.keys.sorted().map { "\($0) \(installedObjects[$0]!)" }.joined(separator: ", ")
    out.append("installed objects: \(objects)")
    let open = openIntervals.map { "\($0.table.replacingOccurrences("accounting_event_", "")) \($0.count)" }
    out.append("open intervals: \(open.joined(separator: ", "))")
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
