/// `accounting report`: usage per owner and resource type over a period, with the reference
/// quantity (the sum of the hourly `resourceUnits`, "unit-hours") and the exact one
/// (`unitSeconds`, and `unitHours` = unitSeconds / 3600 to six decimals, computed by the server
/// in DECIMAL: no floating point).
public struct ReportOptions: Sendable {
  public enum Grouping: String, Sendable, CaseIterable {
    case enterprise, vdc, vm, type
  }

  public var from: String
  public var to: String
  public var enterprise: Int64?
  public var by: Grouping

  public init(from: String, to: String, enterprise: Int64? = nil, by: Grouping = .enterprise) {
    self.from = from
    self.to = to
    self.enterprise = enterprise
    self.by = by
  }

  /// The report's rows of a view: `time` in [from, to) and, with an enterprise, `enterprise` its
  /// id. The condition to follow WHERE, and its parameters in order.
  func condition(time: String, enterprise column: String) -> (sql: String, parameters: [SQLValue]) {
    var sql = "\(time) >= ? AND \(time) < ?"
    var parameters: [SQLValue] = [.datetime(from), .datetime(to)]
    if let enterprise {
      sql += " AND \(column) = ?"
      parameters.append(.int(enterprise))
    }
    return (sql, parameters)
  }
}

public struct ReportRow: Sendable, Equatable {
  public var idEnterprise: Int64?
  public var enterpriseName: String?
  public var idVirtualDataCenter: Int64?
  public var virtualDataCenter: String?
  public var idVirtualMachine: Int64?
  public var virtualMachine: String?
  public var idResourceType: Int64
  public var resourceType: String
  /// The unit of `resourceUnits` (cores, MB, bytes, count), its readable unit-hour (core·h,
  /// GiB·h, h) and the divisor from one to the other: RESOURCE_TYPE_VW's, the one place that says.
  public var unit: String
  public var readableUnit: String
  public var unitDivisor: Int64
  /// The sum of the hourly `resourceUnits` (the reference's unit-hours), exact integer text.
  public var resourceUnits: String
  /// The exact sum of units × seconds, integer text.
  public var unitSeconds: String
  /// unitSeconds / 3600 to six decimals, as the server computed it.
  public var unitHours: String
  /// When prices exist (HOURLY_COST_VW): the exact cost (12 decimals; nil when none of the usage
  /// is priced), its currency ("mixed" when the period used lists in several), the cost rounded
  /// half up to the currency's minor unit, and the usage no price covers.
  public var cost: String? = nil
  public var currency: String? = nil
  public var costRounded: String? = nil
  public var unpricedUnitSeconds: String? = nil
}

public struct UsageReport: Sendable {
  public let options: ReportOptions
  public internal(set) var rows: [ReportRow]
  /// Where the numbers came from: `daily summaries` (whole UTC days) or `hourly detail`.
  public let source: String
  /// The part of the period whose numbers are not final (not processed yet) or gone (purged),
  /// one line, nil when the whole period is processed and kept.
  public var warning: String? = nil
  /// Whether a price list priced some of the period: the formats then carry cost columns.
  public var priced = false
}

public struct Reporter: SchemaService {
  public let db: Connection
  public let names: SchemaNames

  public init(db: Connection, names: SchemaNames) {
    self.db = db
    self.names = names
  }

  public func run(_ options: ReportOptions) throws -> UsageReport {
    guard options.from < options.to else { throw InputError.emptyPeriod(from: options.from, to: options.to) }
    // Whole UTC days (and no VM grouping) read the daily summaries; anything else the detail.
    let dayAligned = options.from.hasSuffix(" 00:00:00") && options.to.hasSuffix(" 00:00:00")
    let useDaily = dayAligned && options.by != .vm
    // Through the views, so the read-only role (install --reader) can run reports too.
    let table = useDaily ? "\(acc).DAILY_USAGE_SUM_VW" : "\(acc).ACCOUNT_PERIOD_USAGE_VW"
    // Names as valid at the end of the period (the name history), else as the rows carry them.
    let end = "? - INTERVAL 1 SECOND"
    let ent = "COALESCE(\(acc).ABQ_ENT_ID_TO_NAME_AT(s.idEnterprise, \(end)), MAX(s.enterpriseName))"
    let vdc = "COALESCE(\(acc).ABQ_VDC_ID_TO_NAME_AT(s.idVirtualDataCenter, \(end)), MAX(s.virtualDataCenter))"
    let vm = "COALESCE(\(acc).ABQ_VM_ID_TO_NAME_AT(s.idVirtualMachine, \(end)), MAX(s.virtualmachine))"
    var keys: [String]
    var names: [String]
    switch options.by {
    case .enterprise:
      keys = ["s.idEnterprise"]
      names = [ent, "NULL", "NULL", "NULL", "NULL"]
    case .vdc:
      keys = ["s.idEnterprise", "s.idVirtualDataCenter"]
      names = [ent, "s.idVirtualDataCenter", vdc, "NULL", "NULL"]
    case .vm:
      keys = ["s.idEnterprise", "s.idVirtualDataCenter", "s.idVirtualMachine"]
      names = [ent, "s.idVirtualDataCenter", vdc, "s.idVirtualMachine", vm]
    case .type:
      keys = []
      names = ["NULL", "NULL", "NULL", "NULL", "NULL"]
    }
    let enterpriseColumn = options.by == .type ? "NULL" : "s.idEnterprise"
    let groupBy = (keys + ["s.idAccountingResourceType"]).joined(separator: ", ")
    let nameParameters = names.filter { $0.contains(end) }.count
    let period = options.condition(time: "s.starttime", enterprise: "s.idEnterprise")
    let parameters = Array(repeating: SQLValue.datetime(options.to), count: nameParameters) + period.parameters
    let sql = """
      SELECT \(enterpriseColumn), \(names.joined(separator: ", ")),
             s.idAccountingResourceType, MAX(s.resourceType),
             CAST(SUM(s.resourceUnits) AS DECIMAL(38,0)), CAST(SUM(s.unitSeconds) AS DECIMAL(38,0)),
             CAST(SUM(s.unitSeconds) / 3600 AS DECIMAL(38,6)),
             MAX(t.unit), MAX(t.readableUnit), MAX(t.unitDivisor)
        FROM \(table) s
        JOIN \(acc).RESOURCE_TYPE_VW t ON t.idAccountingResourceType = s.idAccountingResourceType
       WHERE \(period.sql)
       GROUP BY \(groupBy)
       ORDER BY \(groupBy)
      """
    let rows = try db.query(sql, parameters).map { r -> ReportRow in
      ReportRow(
        idEnterprise: r[0].int, enterpriseName: r[1].string,
        idVirtualDataCenter: r[2].int.flatMap { $0 == 0 ? nil : $0 }, virtualDataCenter: r[3].string,
        idVirtualMachine: r[4].int.flatMap { $0 == 0 ? nil : $0 }, virtualMachine: r[5].string,
        idResourceType: r[6].int ?? 0, resourceType: r[7].description,
        unit: r[11].description, readableUnit: r[12].description, unitDivisor: r[13].int ?? 1,
        resourceUnits: r[8].description, unitSeconds: r[9].description, unitHours: r[10].description)
    }
    var report = UsageReport(options: options, rows: rows, source: useDaily ? "daily summaries" : "hourly detail")
    report.warning = try coverageWarning(options)
    try addCosts(&report)
    return report
  }

  /// The cost of each row, from HOURLY_COST_VW (a view: the reporting role may read it), grouped
  /// as the report is; not for `--by vm` (the cost views are per enterprise, VDC and type).
  func addCosts(_ report: inout UsageReport) throws {
    guard report.options.by != .vm, !report.rows.isEmpty else { return }
    let o = report.options
    // The grouping's owner keys: the cost view's column, and the same value in a report row.
    let enterprise: (String, (ReportRow) -> Int64) = ("c.idEnterprise", { $0.idEnterprise ?? 0 })
    let keys: [(column: String, value: (ReportRow) -> Int64)]
    switch o.by {
    case .enterprise: keys = [enterprise]
    case .vdc: keys = [enterprise, ("COALESCE(c.idVirtualDataCenter, 0)", { $0.idVirtualDataCenter ?? 0 })]
    case .vm, .type: keys = []
    }
    let period = o.condition(time: "c.starttime", enterprise: "c.idEnterprise")
    let group = (keys.map(\.column) + ["c.idAccountingResourceType"]).joined(separator: ", ")
    let costs = try db.query(
      """
      SELECT CONCAT_WS('/', \(group)), CAST(SUM(c.cost) AS DECIMAL(38,12)), COUNT(DISTINCT c.currency), MAX(c.currency),
             ROUND(SUM(c.cost), MAX(c.minorUnits)), CAST(SUM(c.unpricedUnitSeconds) AS DECIMAL(38,0)),
             MAX(c.priceList IS NOT NULL), MAX(c.minorUnits)
        FROM \(acc).HOURLY_COST_VW c
       WHERE \(period.sql)
       GROUP BY \(group)
      """, period.parameters)
    var byKey: [String: Row] = [:]
    for c in costs { byKey[c[0].description] = c }
    report.priced = costs.contains { $0[6].int == 1 }
    guard report.priced else { return }
    for i in report.rows.indices {
      let r = report.rows[i]
      let key = keys.map { String($0.value(r)) } + [String(r.idResourceType)]
      guard let c = byKey[key.joined(separator: "/")] else { continue }
      let mixed = (c[2].int ?? 0) > 1
      report.rows[i].currency = mixed ? "mixed" : c[3].string
      report.rows[i].cost = mixed ? nil : c[1].string
      // ROUND keeps the column's 12 decimals: the digits past the minor unit are zeros, dropped.
      report.rows[i].costRounded = mixed ? nil : c[4].string.map { Self.decimals($0, Int(c[7].int ?? 2)) }
      report.rows[i].unpricedUnitSeconds = c[5].description
    }
  }

  /// A decimal text cut to `n` decimals (none: the integer part).
  static func decimals(_ text: String, _ n: Int) -> String {
    guard let dot = text.firstIndex(of: ".") else { return text }
    let frac = text[text.index(after: dot)...]
    return n == 0 ? String(text[..<dot]) : String(text[..<dot]) + "." + String((frac + String(repeating: "0", count: n)).prefix(n))
  }

  /// Which part of the period is not processed yet or was purged, from ROLLUP_STATE_VW (a view,
  /// so the reporting role can read it).
  func coverageWarning(_ options: ReportOptions) throws -> String? {
    guard
      let state = try db.query(
        """
        SELECT DATE_FORMAT(processedFloor, '%Y-%m-%d %H:%i:%s'), DATE_FORMAT(processedThrough, '%Y-%m-%d %H:%i:%s')
          FROM \(acc).ROLLUP_STATE_VW
        """
      ).first
    else { return nil }
    let floor = state[0].string
    let through = state[1].string
    var parts: [String] = []
    if let floor, options.from < floor {
      parts.append(
        "\(UTCTime.iso(options.from)) .. \(UTCTime.iso(min(options.to, floor))) was purged (the processed floor is \(UTCTime.iso(floor)))")
    }
    if let through {
      if options.to > through {
        parts.append(
          "\(UTCTime.iso(max(options.from, through))) .. \(UTCTime.iso(options.to)) is not processed yet (processed through \(UTCTime.iso(through)))")
      }
    } else {
      parts.append("\(UTCTime.iso(options.from)) .. \(UTCTime.iso(options.to)) is not processed yet (no hour is processed)")
    }
    return parts.isEmpty ? nil : "the numbers are not whole: " + parts.joined(separator: "; ")
  }
}

// MARK: Formats

extension UsageReport {
  private var columns: [String] {
    switch options.by {
    case .enterprise: return ["idEnterprise", "enterprise"]
    case .vdc: return ["idEnterprise", "enterprise", "idVirtualDataCenter", "virtualDataCenter"]
    case .vm:
      return ["idEnterprise", "enterprise", "idVirtualDataCenter", "virtualDataCenter", "idVirtualMachine", "virtualMachine"]
    case .type: return []
    }
  }

  private func ownerCells(_ r: ReportRow) -> [String] {
    func s(_ v: Int64?) -> String { v.map(String.init) ?? "" }
    switch options.by {
    case .enterprise: return [s(r.idEnterprise), r.enterpriseName ?? ""]
    case .vdc: return [s(r.idEnterprise), r.enterpriseName ?? "", s(r.idVirtualDataCenter), r.virtualDataCenter ?? ""]
    case .vm:
      return [
        s(r.idEnterprise), r.enterpriseName ?? "", s(r.idVirtualDataCenter), r.virtualDataCenter ?? "",
        s(r.idVirtualMachine), r.virtualMachine ?? "",
      ]
    case .type: return []
    }
  }

  /// RFC 4180: a header line, CRLF line ends, fields quoted when they hold a comma, a quote or a
  /// line break (quotes doubled). Quantities are raw integers (unitHours: six decimals).
  public var csv: String {
    var header = columns + ["idAccountingResourceType", "resourceType", "unit", "resourceUnits", "unitSeconds", "unitHours"]
    if priced { header += ["currency", "cost", "unpricedUnitSeconds"] }
    var lines = [header.map(csvField).joined(separator: ",")]
    for r in rows {
      var cells =
        ownerCells(r) + [String(r.idResourceType), r.resourceType, r.unit, r.resourceUnits, r.unitSeconds, r.unitHours]
      if priced { cells += [r.currency ?? "", r.cost ?? "", r.unpricedUnitSeconds ?? ""] }
      lines.append(cells.map(csvField).joined(separator: ","))
    }
    return lines.map { $0 + "\r\n" }.joined()
  }

  /// One JSON document: the period, the grouping and the rows; quantities as JSON numbers.
  public var json: String {
    var out = "{\"from\":\(jsonString(UTCTime.iso(options.from))),\"to\":\(jsonString(UTCTime.iso(options.to)))"
    out += ",\"by\":\(jsonString(options.by.rawValue)),\"source\":\(jsonString(source)),\"rows\":["
    out += rows.map { r in
      var fields: [String] = []
      let owners = ownerCells(r)
      for (name, value) in zip(columns, owners) {
        if name.hasPrefix("id") {
          fields.append("\(jsonString(name)):\(value.isEmpty ? "null" : value)")
        } else {
          fields.append("\(jsonString(name)):\(value.isEmpty ? "null" : jsonString(value))")
        }
      }
      fields.append("\"idAccountingResourceType\":\(r.idResourceType)")
      fields.append("\"resourceType\":\(jsonString(r.resourceType))")
      fields.append("\"unit\":\(jsonString(r.unit))")
      fields.append("\"resourceUnits\":\(r.resourceUnits)")
      fields.append("\"unitSeconds\":\(r.unitSeconds)")
      fields.append("\"unitHours\":\(r.unitHours)")
      if priced {
        fields.append("\"currency\":\(r.currency.map(jsonString) ?? "null")")
        fields.append("\"cost\":\(r.cost ?? "null")")
        fields.append("\"unpricedUnitSeconds\":\(r.unpricedUnitSeconds ?? "null")")
      }
      return "{" + fields.joined(separator: ",") + "}"
    }.joined(separator: ",")
    return out + "]}\n"
  }

  /// Aligned columns for a terminal, units in readable form (GiB·h, core·h, …).
  public var table: [String] {
    let cells = tableCells
    if cells.rows.isEmpty { return ["no usage between \(UTCTime.iso(options.from)) and \(UTCTime.iso(options.to))"] }
    return alignedTable(header: cells.header, rows: cells.rows, rightAligned: cells.rightAligned)
  }
}

extension UsageReport {
  /// The cells of the table format (header, rows, right-aligned columns), shared by the terminal
  /// table and the HTML report: the owner columns, the resource type, the usage (unit-seconds /
  /// 3600 in the readable unit) and the reference quantity (the sum of each hour's largest units,
  /// the original platform's measure) in the same readable unit.
  public var tableCells: (header: [String], rows: [[String]], rightAligned: Set<Int>) {
    var header = columns.filter { !$0.hasPrefix("id") } + ["resource type", "usage", "reference (peak units × h)"]
    if priced { header.append("cost") }
    let body = rows.map { r in
      var cells =
        zip(columns, ownerCells(r)).filter { !$0.0.hasPrefix("id") }.map(\.1)
        + [
          r.resourceType, readable(r.unitHours, divisor: r.unitDivisor, label: r.readableUnit),
          readable(r.resourceUnits, divisor: r.unitDivisor, label: r.readableUnit),
        ]
      if priced {
        cells.append(
          r.currency == "mixed" ? "several currencies" : r.costRounded.map { "\($0) \(r.currency ?? "")" } ?? "unpriced")
      }
      return cells
    }
    let right: Set<Int> = priced ? [header.count - 3, header.count - 2, header.count - 1] : [header.count - 2, header.count - 1]
    return (header, body, right)
  }
}

/// Unit-hours (a decimal text) in their readable unit: divided by RESOURCE_TYPE_VW's `unitDivisor`
/// to two decimals, exactly, followed by its `readableUnit` (core·h, GiB·h, h).
func readable(_ unitHours: String, divisor: Int64, label: String) -> String {
  decimalDivide(unitHours, by: Int(divisor)) + " " + label
}

/// A decimal text divided by an integer, to two decimals, rounded half up; exact (no Double).
func decimalDivide(_ text: String, by divisor: Int) -> String {
  // Scale to hundredths: value = intPart.frac6 → work in millionths as a decimal string.
  let parts = text.split(separator: ".", omittingEmptySubsequences: false)
  let whole = String(parts[0])
  var frac = parts.count > 1 ? String(parts[1]) : ""
  frac = String((frac + "000000").prefix(6))
  let digits = (whole + frac).drop(while: { $0 == "0" })
  // Long division of the millionths by divisor × 10_000 (to reach hundredths), rounding half up.
  let d = UInt64(divisor) * 10_000
  var quotient: [Character] = []
  var remainder: UInt64 = 0
  for c in digits.isEmpty ? "0" : String(digits) {
    remainder = remainder * 10 + UInt64(c.wholeNumberValue ?? 0)
    let q = remainder / d
    remainder %= d
    if !(quotient.isEmpty && q == 0) { quotient.append(Character(String(q))) }
  }
  var hundredths = quotient.isEmpty ? [Character("0")] : quotient
  if remainder * 2 >= d {
    // Add one, carrying.
    var i = hundredths.count - 1
    while i >= 0 {
      let v = (hundredths[i].wholeNumberValue ?? 0) + 1
      if v < 10 {
        hundredths[i] = Character(String(v))
        break
      }
      hundredths[i] = "0"
      i -= 1
    }
    if i < 0 { hundredths.insert("1", at: 0) }
  }
  while hundredths.count < 3 { hundredths.insert("0", at: 0) }
  let intDigits = String(hundredths.dropLast(2))
  let fracDigits = String(hundredths.suffix(2))
  return groupThousands(intDigits) + "." + fracDigits
}

func groupThousands(_ digits: String) -> String {
  var out: [Character] = []
  for (i, c) in digits.reversed().enumerated() {
    if i > 0 && i % 3 == 0 { out.append(",") }
    out.append(c)
  }
  return String(out.reversed())
}

func csvField(_ s: String) -> String {
  if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
    return "\"" + s.replacingOccurrences("\"", "\"\"") + "\""
  }
  return s
}

func jsonString(_ s: String) -> String {
  let body = escaped(s) { u in
    switch u {
    case "\"": "\\\""
    case "\\": "\\\\"
    case "\n": "\\n"
    case "\r": "\\r"
    case "\t": "\\t"
    // Other control characters: four hex digits.
    case _ where u.value < 0x20: "\\u" + String(u.value + 0x1_0000, radix: 16).dropFirst()
    default: nil
    }
  }
  return "\"" + body + "\""
}

/// Columns separated by two spaces; `rightAligned` columns padded on the left.
public func alignedTable(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> [String] {
  let all = [header] + rows
  var widths = Array(repeating: 0, count: header.count)
  for row in all { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
  return all.map { row in
    var cells: [String] = []
    for (i, cell) in row.enumerated() {
      let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
      if rightAligned.contains(i) {
        cells.append(pad + cell)
      } else {
        cells.append(i == row.count - 1 ? cell : cell + pad)
      }
    }
    return cells.joined(separator: "  ")
  }
}
