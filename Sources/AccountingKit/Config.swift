/// The parameters of the contract (`accounting_parameter`, shown by ACCOUNTING_CONFIG_VW):
/// read them, and change one with validation. A refused change writes nothing.
public struct Parameter: Sendable, Equatable {
  public let name: String
  public let value: String
  public let defaultValue: String
  public let meaning: String
}

public struct ConfigStore {
  public let db: Connection
  public let names: SchemaNames

  public init(db: Connection, names: SchemaNames) {
    self.db = db
    self.names = names
  }

  private var table: String { "\(quoteIdent(names.accounting)).accounting_parameter" }

  public func all() throws -> [Parameter] {
    try db.query("SELECT name, value, defaultValue, meaning FROM \(table) ORDER BY name").map {
      Parameter(
        name: $0[0].description, value: $0[1].description, defaultValue: $0[2].description,
        meaning: $0[3].description)
    }
  }

  /// The value in force of one parameter, nil when there is no such parameter.
  public func value(_ name: String) throws -> String? {
    try db.scalar("SELECT value FROM \(table) WHERE name = ?", [.text(name)]).string
  }

  /// Validates and stores a value; returns the value as stored (normalised: `5m` → `300`).
  /// Throws `UsageError` (exit 64) for an unknown key or a bad value, and changes nothing then.
  @discardableResult
  public func set(_ name: String, _ raw: String) throws -> String {
    let value = try Self.normalise(name, raw)
    return try db.transaction {
      let current = try db.query("SELECT name, value FROM \(table) FOR UPDATE")
      var values: [String: String] = [:]
      for row in current { values[row[0].description] = row[1].description }
      guard values[name] != nil else {
        let known = values.keys.sorted().joined(separator: ", ")
        throw UsageError("unknown parameter '\(name)'; known: \(known)")
      }
      values[name] = value
      if let problem = Self.inconsistency(values) { throw UsageError(problem) }
      try db.execute("UPDATE \(table) SET value = ? WHERE name = ?", [.text(value), .text(name)])
      return value
    }
  }

  /// What is wrong with a whole set of values taken together, nil when they agree. The purge
  /// moves the processed floor to the latest cut-off of closed events, hourly detail and the
  /// ledger: each must outlive the recheck window, or the floor would climb into it and late data
  /// there would never be rechecked (nor a purged hour rebuilt from what is left). Summaries are
  /// kept at least as long as what they sum (detail ≤ daily ≤ monthly): a day or month whose
  /// summary went while its hours stay would show in the hourly view and not in the daily one.
  /// Values that are not numbers (set by hand in the table) are left to the procedures to refuse.
  static func inconsistency(_ values: [String: String]) -> String? {
    func number(_ key: String) -> Int? { values[key].flatMap { Int($0.trimmingCharacters(in: " \t")) } }
    if let recheck = number("recheck_hours") {
      for key in ["retention.closed_events_days", "retention.detail_days", "retention.ledger_days"] {
        if let days = number(key), days * 24 < recheck {
          return "\(key) (\(days) days) must cover recheck_hours (\(recheck) hours)"
        }
      }
    }
    if let detail = number("retention.detail_days"), let daily = number("retention.daily_days"), daily < detail {
      return "retention.daily_days (\(daily)) must be at least retention.detail_days (\(detail)): daily sums outlive the hours they sum"
    }
    if let daily = number("retention.daily_days"), let monthly = number("retention.monthly_days"), monthly < daily {
      return "retention.monthly_days (\(monthly)) must be at least retention.daily_days (\(daily)): monthly sums outlive the days they sum"
    }
    return nil
  }

  /// The rule of each kind of parameter, by its name.
  static func normalise(_ name: String, _ raw: String) throws -> String {
    let text = raw.trimmingCharacters(in: " \t")
    func integer(_ range: ClosedRange<Int>, unit: String) throws -> String {
      guard let n = Int(text), range.contains(n) else {
        throw UsageError(
          "bad value '\(raw)' for \(name): a whole number of \(unit) from \(range.lowerBound) to \(range.upperBound)")
      }
      return String(n)
    }
    if name.hasPrefix("resource_type.") && name.hasSuffix(".enabled") {
      switch text.lowercased() {
      case "1", "on", "true", "yes": return "1"
      case "0", "off", "false", "no": return "0"
      default: throw UsageError("bad value '\(raw)' for \(name): 1 (enabled) or 0 (disabled)")
      }
    }
    switch name {
    case "settle_seconds":
      let s: Int
      do { s = try DurationText.seconds(text) } catch { throw UsageError("bad value '\(raw)' for settle_seconds: \(error)") }
      guard s <= 86_400 else { throw UsageError("bad value '\(raw)' for settle_seconds: at most a day (86400)") }
      return String(s)
    case "recheck_hours":
      if let last = text.last, !last.isNumber {
        let s: Int
        do { s = try DurationText.seconds(text) } catch { throw UsageError("bad value '\(raw)' for recheck_hours: \(error)") }
        guard s % 3600 == 0, s <= 8760 * 3600 else {
          throw UsageError("bad value '\(raw)' for recheck_hours: whole hours, at most 8760")
        }
        return String(s / 3600)
      }
      return try integer(0...8760, unit: "hours")
    case "run_lock.alarm_seconds", "run_lock.lease_seconds":
      let s: Int
      do { s = try DurationText.seconds(text) } catch { throw UsageError("bad value '\(raw)' for \(name): \(error)") }
      let range = name == "run_lock.alarm_seconds" ? 60...604_800 : 60...86_400
      guard range.contains(s) else {
        throw UsageError("bad value '\(raw)' for \(name): from \(range.lowerBound) to \(range.upperBound) seconds")
      }
      return String(s)
    default:
      if name.hasPrefix("retention.") && name.hasSuffix("_days") {
        return try integer(1...36_500, unit: "days")
      }
      // Unknown names are refused by `set` against the table; here only the form is checked.
      return text
    }
  }
}
