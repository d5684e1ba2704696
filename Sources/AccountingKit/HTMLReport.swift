import Foundation

/// `accounting report --format html`: one self-contained page (inline CSS and SVG, no script, no
/// external resource) made from the views only: the period and when the data was last processed,
/// usage over time per unit family (stacked columns per resource type), the top 10 owners per
/// unit family (horizontal bars), and the table of the table format (exact decimals).
public enum UnitFamily: String, CaseIterable, Sendable {
  case cpu, memory, count

  /// The family (the chart) a readable unit of RESOURCE_TYPE_VW is drawn in. The unit a chart
  /// prints is the view's own string, carried by the chart's model.
  public static func of(readableUnit: String) -> UnitFamily {
    switch readableUnit {
    case "core·h": return .cpu
    case "GiB·h": return .memory
    default: return .count
    }
  }

  public var title: String {
    switch self {
    case .cpu: return "CPU"
    case .memory: return "Memory and storage"
    case .count: return "Counted resources"
    }
  }

  /// Unit-seconds in readable unit-hours (for drawing only; the numbers printed are exact).
  public static func hours(unitSeconds: Double, divisor: Int64) -> Double {
    unitSeconds / 3600 / Double(divisor)
  }
}

/// The step of the usage-over-time charts: per hour up to 3 days, per day up to 3 months (92
/// days), per month beyond.
public enum TimeStep: String, Sendable {
  case hour, day, month

  public static func of(from: String, to: String) -> TimeStep {
    guard let a = UTCClock.date(from), let b = UTCClock.date(to) else { return .day }
    let seconds = b.timeIntervalSince(a)
    if seconds <= 3 * 86400 { return .hour }
    if seconds <= 92 * 86400 { return .day }
    return .month
  }

  /// The start of every period that meets [from, to), as the server's DATETIME text.
  public func periods(from: String, to: String) -> [String] {
    guard let a = UTCClock.date(from), let b = UTCClock.date(to) else { return [] }
    var c = UTCClock.calendar.dateComponents([.year, .month, .day, .hour], from: a)
    switch self {
    case .hour: break
    case .day: c.hour = 0
    case .month:
      c.hour = 0
      c.day = 1
    }
    var t = UTCClock.calendar.date(from: c)!
    var out: [String] = []
    while t < b {
      out.append(UTCClock.text(t))
      switch self {
      case .hour: t = t.addingTimeInterval(3600)
      case .day: t = t.addingTimeInterval(86400)
      case .month: t = UTCClock.calendar.date(byAdding: .month, value: 1, to: t)!
      }
    }
    return out
  }

  /// The SQL DATE_FORMAT of a period start.
  var sqlFormat: String {
    switch self {
    case .hour: return "%Y-%m-%d %H:00:00"
    case .day: return "%Y-%m-%d 00:00:00"
    case .month: return "%Y-%m-01 00:00:00"
    }
  }

  /// A short axis label for a period start `2026-01-05 13:00:00`.
  public func label(_ start: String) -> String {
    switch self {
    case .hour: return String(start.dropFirst(5).prefix(11))  // 01-05 13:00
    case .day: return String(start.prefix(10))
    case .month: return String(start.prefix(7))
    }
  }

  public var per: String { rawValue }
}

enum UTCClock {
  static let calendar: Calendar = {
    var c = Calendar(identifier: .gregorian)
    c.timeZone = TimeZone(identifier: "UTC")!
    return c
  }()

  static func date(_ text: String) -> Date? {
    let p = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).compactMap { Int($0) }
    guard p.count >= 3 else { return nil }
    let c = DateComponents(
      year: p[0], month: p[1], day: p[2], hour: p.count > 3 ? p[3] : 0, minute: p.count > 4 ? p[4] : 0,
      second: p.count > 5 ? p[5] : 0)
    return calendar.date(from: c)
  }

  static func text(_ d: Date) -> String {
    let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: d)
    return "\(UTCTime.pad(c.year!, 4))-\(UTCTime.pad(c.month!))-\(UTCTime.pad(c.day!)) "
      + "\(UTCTime.pad(c.hour!)):\(UTCTime.pad(c.minute!)):\(UTCTime.pad(c.second!))"
  }
}

/// What the HTML page is made of, read from the views.
public struct HTMLReportData: Sendable {
  public struct Point: Sendable {
    public var period: String
    public var idResourceType: Int64
    public var resourceType: String
    public var unitSeconds: String
    public var unitHours: String
    public var readableUnit: String
    public var unitDivisor: Int64
  }

  public var report: UsageReport
  public var step: TimeStep
  public var periods: [String]
  public var points: [Point]
  /// ROLLUP_STATE_VW: the end of the last processed hour and when the rollup last ran (nil: none).
  public var processedThrough: String?
  public var lastProcessedAt: String?
}

extension Reporter {
  /// The report and the time series (HOURLY_/DAILY_/MONTHLY_USAGE_SUM_VW) for the HTML page.
  public func htmlData(_ options: ReportOptions) throws -> HTMLReportData {
    let report = try run(options)
    let acc = quoteIdent(names.accounting)
    let step = TimeStep.of(from: options.from, to: options.to)
    let dayAligned = options.from.hasSuffix(" 00:00:00") && options.to.hasSuffix(" 00:00:00")
    let monthAligned = dayAligned && options.from.dropFirst(8).hasPrefix("01 ") && options.to.dropFirst(8).hasPrefix("01 ")
    // The coarsest view whose rows lie wholly inside the period.
    let view: String
    switch step {
    case .hour: view = "HOURLY_USAGE_SUM_VW"
    case .day: view = dayAligned ? "DAILY_USAGE_SUM_VW" : "HOURLY_USAGE_SUM_VW"
    case .month: view = monthAligned ? "MONTHLY_USAGE_SUM_VW" : dayAligned ? "DAILY_USAGE_SUM_VW" : "HOURLY_USAGE_SUM_VW"
    }
    let period = options.condition(time: "s.starttime", enterprise: "s.idEnterprise")
    let points = try db.query(
      """
      SELECT DATE_FORMAT(s.starttime, '\(step.sqlFormat)') AS period, s.idAccountingResourceType, MAX(s.resourceType),
             CAST(SUM(s.unitSeconds) AS DECIMAL(38,0)), CAST(SUM(s.unitSeconds) / 3600 AS DECIMAL(38,6)),
             MAX(t.readableUnit), MAX(t.unitDivisor)
        FROM \(acc).\(view) s
        JOIN \(acc).RESOURCE_TYPE_VW t ON t.idAccountingResourceType = s.idAccountingResourceType
       WHERE \(period.sql)
       GROUP BY period, s.idAccountingResourceType
       ORDER BY period, s.idAccountingResourceType
      """, period.parameters
    ).map { r in
      HTMLReportData.Point(
        period: r[0].description, idResourceType: r[1].int ?? 0, resourceType: r[2].description,
        unitSeconds: r[3].description, unitHours: r[4].description,
        readableUnit: r[5].description, unitDivisor: r[6].int ?? 1)
    }
    let state = try db.query(
      """
      SELECT DATE_FORMAT(processedThrough, '%Y-%m-%d %H:%i:%s'), DATE_FORMAT(lastProcessedAt, '%Y-%m-%d %H:%i:%s')
        FROM \(acc).ROLLUP_STATE_VW
      """
    ).first
    return HTMLReportData(
      report: report, step: step, periods: step.periods(from: options.from, to: options.to), points: points,
      processedThrough: state?[0].string, lastProcessedAt: state?[1].string)
  }
}

/// One time chart: its family, the periods, one series per resource type.
public struct TimeChartModel {
  public var family: UnitFamily
  /// The readable unit, as RESOURCE_TYPE_VW names it.
  public var unit: String
  public var chart: StackedColumns
}

/// One top-10 chart: its family and the owners shown (largest first).
public struct TopChartModel {
  public var family: UnitFamily
  /// The readable unit, as RESOURCE_TYPE_VW names it.
  public var unit: String
  public var types: [String]
  public var bars: HorizontalBars
}

extension HTMLReportData {
  /// The usage-over-time charts: one per unit family with usage, each with one series per
  /// resource type of that family (ordered by type id) and one value per period (0 when none).
  public var timeCharts: [TimeChartModel] {
    var out: [TimeChartModel] = []
    let index = Dictionary(uniqueKeysWithValues: periods.enumerated().map { ($1, $0) })
    for family in UnitFamily.allCases {
      let types = Set(points.filter { UnitFamily.of(readableUnit: $0.readableUnit) == family }.map(\.idResourceType))
        .sorted()
      guard !types.isEmpty else { continue }
      var series: [StackedColumns.Series] = []
      for type in types {
        let mine = points.filter { $0.idResourceType == type }
        let divisor = mine.first?.unitDivisor ?? 1
        let label = mine.first?.readableUnit ?? ""
        var values = Array(repeating: 0.0, count: periods.count)
        var texts = Array(repeating: readable("0", divisor: divisor, label: label), count: periods.count)
        var name = ""
        for p in mine {
          name = p.resourceType
          guard let i = index[p.period] else { continue }
          values[i] = UnitFamily.hours(unitSeconds: Double(p.unitSeconds) ?? 0, divisor: divisor)
          texts[i] = readable(p.unitHours, divisor: divisor, label: label)
        }
        series.append(StackedColumns.Series(name: name, values: values, texts: texts))
      }
      let unit = points.first { UnitFamily.of(readableUnit: $0.readableUnit) == family }?.readableUnit ?? ""
      out.append(
        TimeChartModel(family: family, unit: unit, chart: StackedColumns(periods: periods.map(step.label), series: series)))
    }
    return out
  }

  /// The owner of a report row as the --by grouping names it, and its key.
  func owner(_ r: ReportRow) -> (key: String, label: String) {
    switch report.options.by {
    case .enterprise: return ("\(r.idEnterprise ?? 0)", r.enterpriseName ?? "#\(r.idEnterprise ?? 0)")
    case .vdc:
      return (
        "\(r.idEnterprise ?? 0)/\(r.idVirtualDataCenter ?? 0)",
        "\(r.virtualDataCenter ?? "#\(r.idVirtualDataCenter ?? 0)") (\(r.enterpriseName ?? ""))"
      )
    case .vm:
      return (
        "\(r.idEnterprise ?? 0)/\(r.idVirtualDataCenter ?? 0)/\(r.idVirtualMachine ?? 0)",
        "\(r.virtualMachine ?? "#\(r.idVirtualMachine ?? 0)") (\(r.enterpriseName ?? ""))"
      )
    case .type: return ("\(r.idResourceType)", r.resourceType)
    }
  }

  /// The top 10 owners per unit family with usage: each owner's value is the sum over the
  /// family's resource types of its rows (in the family's unit), largest first, ties by name.
  public var topCharts: [TopChartModel] {
    var out: [TopChartModel] = []
    for family in UnitFamily.allCases {
      let rows = report.rows.filter { UnitFamily.of(readableUnit: $0.readableUnit) == family }
      guard !rows.isEmpty else { continue }
      var totals: [String: (label: String, value: Double)] = [:]
      var order: [String] = []
      for r in rows {
        let o = owner(r)
        let v = UnitFamily.hours(unitSeconds: Double(r.unitSeconds) ?? 0, divisor: r.unitDivisor)
        if totals[o.key] == nil { order.append(o.key) }
        totals[o.key, default: (o.label, 0)].value += v
      }
      let ranked = order.map { totals[$0]! }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.label < $1.label }
      let types = Array(Set(rows.map(\.resourceType))).sorted()
      let items = ranked.prefix(10).map { HorizontalBars.Item(label: $0.label, value: $0.value) }
      out.append(
        TopChartModel(family: family, unit: rows[0].readableUnit, types: types, bars: HorizontalBars(items: Array(items))))
    }
    return out
  }

  public var ownerNoun: String {
    switch report.options.by {
    case .enterprise: return "enterprises"
    case .vdc: return "VDCs"
    case .vm: return "VMs"
    case .type: return "resource types"
    }
  }

  /// The page.
  public var html: String {
    let o = report.options
    let period = "\(UTCTime.iso(o.from)) – \(UTCTime.iso(o.to))"
    var b = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    b += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    b += "<title>Usage report \(htmlEscape(period))</title><style>\(HTMLReportData.css)</style></head><body>\n"
    b += "<header><h1>Usage report</h1><dl>"
    b += "<dt>Period</dt><dd class=\"period\">\(htmlEscape(UTCTime.iso(o.from))) to \(htmlEscape(UTCTime.iso(o.to))) (end exclusive; times in UTC)</dd>"
    b += "<dt>Grouped by</dt><dd>\(htmlEscape(o.by.rawValue))\(o.enterprise.map { ", enterprise \($0) only" } ?? "")</dd>"
    if let through = processedThrough {
      b += "<dt>Data processed through</dt><dd class=\"processed\">\(htmlEscape(UTCTime.iso(through)))"
      if let at = lastProcessedAt { b += " (last processed at \(htmlEscape(UTCTime.iso(at))))" }
      b += "</dd>"
    } else {
      b += "<dt>Data processed through</dt><dd class=\"processed\">no hour is processed yet</dd>"
    }
    b += "<dt>Source of the table</dt><dd>\(htmlEscape(report.source))</dd></dl>"
    if let w = report.warning {
      b += "<p class=\"warning\" role=\"note\"><strong>Not final:</strong> \(htmlEscape(w)).</p>"
    }
    b += "</header>\n<main>"
    if report.rows.isEmpty {
      b += "<p class=\"empty\">No usage between \(htmlEscape(UTCTime.iso(o.from))) and \(htmlEscape(UTCTime.iso(o.to)))"
      b += processedThrough == nil || o.from >= (processedThrough ?? "") ? ": this period is not processed yet.</p>" : ".</p>"
      return b + "</main></body></html>\n"
    }
    b += "<section><h2>Usage over time (per \(step.per))</h2>"
    b += "<p class=\"note\">Columns stack the resource types of a unit family; some types overlap (vm_usage_on is the part of VirtualMachine-vcpu while on), so a column is the sum of the types shown, not a total to bill.</p>"
    for (i, m) in timeCharts.enumerated() {
      let title = "\(m.family.title): \(m.unit) per \(step.per)"
      let chart = m.chart.svg(
        id: "time\(i)", title: title, xLabel: "time (UTC), per \(step.per)",
        yLabel: "\(m.unit) per \(step.per)")
      b += figure(title, chart)
    }
    b += "</section><section><h2>Top 10 \(ownerNoun)</h2>"
    for (i, m) in topCharts.enumerated() {
      let title = "\(m.family.title): top \(m.bars.items.count) \(ownerNoun) by \(m.unit)"
      let chart = m.bars.svg(
        id: "top\(i)", title: title, valueLabel: "\(m.unit) in the period",
        legendText: "\(m.unit), sum of: \(m.types.joined(separator: ", "))")
      b += figure(title, chart)
    }
    let cells = report.tableCells
    b += "</section><section class=\"table\"><h2>Usage table</h2><table><thead><tr>"
    for (i, h) in cells.header.enumerated() {
      b += "<th\(cells.rightAligned.contains(i) ? " class=\"num\"" : "")>\(htmlEscape(h))</th>"
    }
    b += "</tr></thead><tbody>"
    for row in cells.rows {
      b += "<tr>"
      for (i, c) in row.enumerated() {
        b += "<td\(cells.rightAligned.contains(i) ? " class=\"num\"" : "")>\(htmlEscape(c))</td>"
      }
      b += "</tr>"
    }
    b += "</tbody></table></section></main>\n"
    b += "<footer>Made by accounting report from the views; usage in GiB·h (memory and storage), core·h (CPU), h (counts).</footer>"
    return b + "</body></html>\n"
  }

  /// One chart as a figure captioned with its title, escaped.
  private func figure(_ title: String, _ chart: String) -> String {
    "<figure><figcaption>\(htmlEscape(title))</figcaption>" + chart + "</figure>"
  }

  static let css = """
    :root{color-scheme:light}
    body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#111;background:#fff;margin:24px auto;max-width:1000px;padding:0 16px;line-height:1.4}
    h1{font-size:1.6rem;margin:0 0 .5rem}h2{font-size:1.25rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #ccc}
    dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}dt{font-weight:600}dd{margin:0}
    .warning{border:2px solid #D55E00;background:#fff4ec;padding:.5rem .75rem;margin:.75rem 0}
    .empty{font-size:1.2rem;padding:1rem;border:1px dashed #888}
    .note{color:#444;font-size:.9rem}
    figure{margin:1rem 0;break-inside:avoid;page-break-inside:avoid}figcaption{font-weight:600;margin-bottom:.25rem}
    svg.chart{width:100%;height:auto;display:block;font-size:12px}
    svg .grid{stroke:#ddd;stroke-width:1}svg .axis{stroke:#333;stroke-width:1.2}
    svg .tick{fill:#333}svg .axis-label{fill:#111;font-weight:600;font-size:13px}
    svg .seg,svg .swatch{stroke:#fff;stroke-width:.5}svg .bar-label,svg .legend-text,svg .bar-value{fill:#111}
    table{border-collapse:collapse;width:100%;font-size:.85rem}th,td{border-bottom:1px solid #ddd;padding:.2rem .4rem;text-align:left}
    th.num,td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}thead th{border-bottom:2px solid #333}
    footer{margin-top:2rem;color:#555;font-size:.8rem}
    @media print{@page{size:auto;margin:12mm}body{margin:0;max-width:none;font-size:10pt}
    section{break-inside:auto}figure,tr{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}
    .warning{-webkit-print-color-adjust:exact;print-color-adjust:exact}svg.chart{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
    """
}
