/// UTC times and durations as the tool reads them on its command line.
public enum UTCTime {
  /// Parses `2026-01-05T13:00:00Z`, `2026-01-05 13:00:00`, `2026-01-05T13:00` or `2026-01-05`
  /// into the server's DATETIME text `2026-01-05 13:00:00`. Anything else is a `UsageError`.
  public static func parse(_ text: String) throws -> String {
    var s = Substring(text)
    if s.hasSuffix("Z") { s = s.dropLast() }
    let bad = UsageError(
      "bad time '\(text)': write UTC as 2026-01-05T13:00:00Z or '2026-01-05 13:00:00'")
    let parts = s.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "T" || $0 == " " })
    guard parts.count == 1 || parts.count == 2 else { throw bad }
    let date = parts[0].split(separator: "-", omittingEmptySubsequences: false)
    guard date.count == 3, date[0].count == 4, date[1].count == 2, date[2].count == 2,
      date.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      let y = Int(date[0]), let mo = Int(date[1]), let d = Int(date[2]),
      (1970...9999).contains(y), (1...12).contains(mo), d >= 1, d <= daysIn(year: y, month: mo)
    else { throw bad }
    var h = 0
    var mi = 0
    var se = 0
    if parts.count == 2 {
      let time = parts[1].split(separator: ":", omittingEmptySubsequences: false)
      guard time.count == 2 || time.count == 3,
        time.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
        let hh = Int(time[0]), let mm = Int(time[1]), let ss = time.count == 3 ? Int(time[2]) : 0
      else { throw bad }
      h = hh
      mi = mm
      se = ss
      guard h < 24, mi < 60, se < 60 else { throw bad }
    }
    return "\(pad(y, 4))-\(pad(mo))-\(pad(d)) \(pad(h)):\(pad(mi)):\(pad(se))"
  }

  /// ISO 8601 text, `2026-01-05T13:00:00Z`, from the server's `2026-01-05 13:00:00`.
  public static func iso(_ datetime: String) -> String {
    let parts = datetime.split(separator: " ")
    guard parts.count == 2 else { return datetime }
    return "\(parts[0])T\(parts[1].prefix(8))Z"
  }

  static func daysIn(year: Int, month: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// A whole number zero-padded to `width` digits.
  public static func pad<N: BinaryInteger>(_ v: N, _ width: Int = 2) -> String {
    let s = String(v)
    return String(repeating: "0", count: max(0, width - s.count)) + s
  }
}

/// Durations written `300` (seconds), `5m`, `24h` or `1d`.
public enum DurationText {
  public static func seconds(_ text: String) throws -> Int {
    let bad = UsageError("bad duration '\(text)': write 300 (seconds), 5m, 24h or 1d")
    guard let last = text.last else { throw bad }
    let unit: Int
    var digits = Substring(text)
    switch last {
    case "s": unit = 1; digits = digits.dropLast()
    case "m": unit = 60; digits = digits.dropLast()
    case "h": unit = 3600; digits = digits.dropLast()
    case "d": unit = 86400; digits = digits.dropLast()
    default: unit = 1
    }
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits), n <= 100 * 365 * 86400 / unit
    else { throw bad }
    return n * unit
  }
}

extension Connection {
  /// The server's UTC clock when `given` (a `--now`) is ahead of it by more than `graceSeconds`,
  /// nil when it is not: the one check behind every job that refuses a clock in the future.
  func serverClock(whenAhead given: String, graceSeconds: Int = 0) throws -> String? {
    try scalar(
      "SELECT IF(? > UTC_TIMESTAMP() + INTERVAL ? SECOND, UTC_TIMESTAMP(), NULL)",
      [.datetime(given), .int(Int64(graceSeconds))]
    ).string
  }
}
