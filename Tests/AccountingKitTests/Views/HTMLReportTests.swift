import AccountingKit
import Foundation
import Testing

/// `accounting report --format html` (the built binary) on the scenario of `viewsScenario()`, with
/// VM 2 renamed to a name holding markup before the rollup.
///
/// What the page draws, and this suite asserts:
/// - per unit family with usage, one `<svg class="chart time">` holding exactly periods × series
///   `<rect class="seg">` (series: the family's resource types in HOURLY_USAGE_SUM_VW for the
///   period; a zero is a zero-height rect);
/// - per unit family with usage, one `<svg class="chart bars">` holding one `<rect class="bar">`
///   per owner shown: min(10, the owners of the csv report with a row of that family).
@Suite(.serialized)
struct HTMLReportTests {
  static let evil = "<script>alert(1)</script> & \"q\""
  let t: TestSchema

  init() throws {
    t = try TestSchema("htmlrep")
    try t.viewsScenario()
    try t.clock("2026-02-01 01:50:00")
    try t.exec("UPDATE {inv}.virtualmachine SET name = ? WHERE idVM = 2", .text(HTMLReportTests.evil))
    try t.exec("SET TIMESTAMP = DEFAULT")
    #expect(try t.rollupAt("2026-02-01 02:00:00").first == "done")
  }

  var common: [String] {
    ["--no-defaults", "--inventory-schema", t.inventory, "--accounting-schema", t.accounting]
  }

  private func count(_ needle: String, in text: some StringProtocol) -> Int {
    text.components(separatedBy: needle).count - 1
  }

  /// The `<svg …>…</svg>` elements whose opening tag holds `marker`.
  private func svgs(_ html: String, _ marker: String) -> [String] {
    html.components(separatedBy: "<svg ").dropFirst().filter { $0.hasPrefix(marker) }
      .map { String($0.prefix(upTo: $0.range(of: "</svg>")!.lowerBound)) }
  }

  /// The chart family of a resource type, by hand: 0 core·h, 1 GiB·h, 2 h.
  private func family(type: Int64) -> Int {
    switch type {
    case 1, 9, 15, 16: return 0
    case 2, 3, 4, 10, 11, 13, 17, 18: return 1
    default: return 2
    }
  }

  @Test func perVMOverFourHours() throws {
    let period = ["--from", "2026-01-31T22:00:00Z", "--to", "2026-02-01T02:00:00Z", "--by", "vm"]
    let run = try Tool.run(["report"] + period + ["--format", "html"] + common)
    #expect(run.status == 0, "\(run.stderr)")
    let html = run.stdout
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    // No script at all, no external resource; the evil name escaped.
    #expect(!html.lowercased().contains("<script"))
    #expect(!html.contains("src=") && !html.contains("href=") && !html.contains("@import") && !html.contains("url(http"))
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;"))
    // Header: the period, UTC, the processed-through time.
    let through = try #require(try t.scalar("SELECT DATE_FORMAT(processedThrough, '%Y-%m-%d %H:%i:%s') FROM {acc}.ROLLUP_STATE_VW"))
    #expect(html.contains("Data processed through</dt><dd class=\"processed\">\(UTCTime.iso(through))"))
    #expect(html.contains("2026-01-31T22:00:00Z to 2026-02-01T02:00:00Z"))
    #expect(html.contains("times in UTC"))
    #expect(!html.contains("class=\"warning\""))  // processed through 02:00: final

    // Time charts: 4 hours × the family's types.
    let types = try t.rows(
      """
      SELECT DISTINCT idAccountingResourceType FROM {acc}.HOURLY_USAGE_SUM_VW
       WHERE starttime >= '2026-01-31 22:00:00' AND starttime < '2026-02-01 02:00:00'
      """
    ).compactMap { $0[0].flatMap { Int64($0) } }
    var seriesPerFamily = [0, 0, 0]
    for type in types { seriesPerFamily[family(type: type)] += 1 }
    let expectedTime = seriesPerFamily.filter { $0 > 0 }
    let timeCharts = svgs(html, "class=\"chart time\"")
    #expect(timeCharts.count == expectedTime.count)
    for (svg, series) in zip(timeCharts, expectedTime) {
      #expect(count("<rect class=\"seg\"", in: svg) == 4 * series)
      #expect(count("<rect class=\"swatch\"", in: svg) == series)  // the legend
      #expect(svg.contains("time (UTC), per hour"))
    }

    // Top-10 charts: one bar per owner shown, owners from the csv of the same report.
    let csv = try Tool.run(["report"] + period + ["--format", "csv"] + common)
    let records = try #require(parseCSV(csv.stdout))
    let header = records[0]
    let typeIndex = try #require(header.firstIndex(of: "idAccountingResourceType"))
    var owners: [Set<String>] = [[], [], []]
    for r in records.dropFirst() {
      owners[family(type: Int64(r[typeIndex])!)].insert("\(r[0])/\(r[2])/\(r[4])")
    }
    let expectedBars = owners.filter { !$0.isEmpty }.map { min(10, $0.count) }
    let barCharts = svgs(html, "class=\"chart bars\"")
    #expect(barCharts.count == expectedBars.count)
    for (svg, bars) in zip(barCharts, expectedBars) {
      #expect(count("<rect class=\"bar\"", in: svg) == bars)
      #expect(count("<text class=\"bar-label\"", in: svg) == bars)
    }
    // Every chart has a title and labelled axes.
    for svg in timeCharts + barCharts {
      #expect(svg.contains("<title id="))
      #expect(count("class=\"axis-label\"", in: svg) >= 1)
    }
    // The table: the table format's cells.
    let table = try Tool.run(["report"] + period + common)
    #expect(count("<tr>", in: html) == table.stdout.split(separator: "\n").count)
    #expect(html.contains("core·h</td>"))
  }

  @Test func notFinalPeriodShowsTheWarning() throws {
    let run = try Tool.run(
      ["report", "--from", "2026-02-01T00:00:00Z", "--to", "2026-02-01T04:00:00Z", "--format", "html"] + common)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("class=\"warning\""))
    #expect(run.stdout.contains("is not processed yet"))
  }

  @Test func emptyPeriodSaysSoWithoutCharts() throws {
    let run = try Tool.run(
      ["report", "--from", "2026-01-20T00:00:00Z", "--to", "2026-01-21T00:00:00Z", "--format", "html"] + common)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("No usage between 2026-01-20T00:00:00Z and 2026-01-21T00:00:00Z"))
    #expect(!run.stdout.contains("<svg"))
    let later = try Tool.run(
      ["report", "--from", "2026-03-01T00:00:00Z", "--to", "2026-03-02T00:00:00Z", "--format", "html"] + common)
    #expect(later.stdout.contains("this period is not processed yet"))
    #expect(!later.stdout.contains("<svg"))
  }

  @Test func outputWritesAFileAndNeverOverwrites() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("htmlrep-\(getpid())")
    try? FileManager.default.removeItem(at: dir)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("r.html").path
    let args = ["report", "--from", "2026-01-30T00:00:00Z", "--to", "2026-02-02T00:00:00Z", "--format", "html", "--output", file]
    let first = try Tool.run(args + common)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.isEmpty)
    let written = try String(contentsOfFile: file, encoding: .utf8)
    #expect(written.contains("<svg"))
    let second = try Tool.run(args + common)
    #expect(second.status != 0)
    #expect(second.stderr.contains("exists"))
    #expect(try String(contentsOfFile: file, encoding: .utf8) == written)
  }
}
