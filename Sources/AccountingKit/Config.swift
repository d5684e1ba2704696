/// The parameters of SPEC section 7 (`accounting_parameter`, shown by ACCOUNTING_CONFIG_VW):
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
      // The hourly detail must outlive the recheck window, or a recheck would rebuild hours
      // from history that the purge already took.
      if let detail = values["retention.detail_days"].flatMap(Int.init),
        let recheck = values["recheck_hours"].flatMap(Int.init), detail * 24 < recheck
      {
        throw UsageError(
          "retention.detail_days (\(detail) days) must cover recheck_hours (\(recheck) hours)")
      }
      try db.execute("UPDATE \(table) SET value = ? WHERE name = ?", [.text(value), .text(name)])
      return value
    }
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
    default:
      if name.hasPrefix("retention.") && name.hasSuffix("_days") {
        return try integer(1...36_500, unit: "days")
      }
      // Unknown names are refused by `set` against the table; here only the form is checked.
      return text
    }
  }
}
