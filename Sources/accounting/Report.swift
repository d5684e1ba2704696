import AccountingKit
import ArgumentParser
import Foundation

struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Usage per owner and resource type over a period.",
    discussion: """
      For each owner (enterprise, VDC or VM) and resource type: the usage in readable units \
      (GiB·h, core·h, h; table format), the exact unit-seconds and unit-hours, and the \
      reference quantity (the sum of the hourly resourceUnits). Whole UTC days are read from the \
      daily summaries, anything else from the hourly detail. Names are those valid at the end of \
      the period. csv is RFC 4180 with a header; json is one document; both carry raw integers.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json, html, focus }

  @OptionGroup var connection: ConnectionFlags
  @OptionGroup var schemas: SchemaFlags

  @Option(help: "Start of the period (UTC, inclusive).") var from: String
  @Option(help: "End of the period (UTC, exclusive).") var to: String
  @Option(help: "Only this enterprise (its id).") var enterprise: Int64?
  @Option(help: "Group by enterprise, vdc, vm or type.") var by: String = "enterprise"
  @Option(help: "table, csv, json, html (one self-contained page with charts) or focus (FOCUS 1.0 CSV of the charges).")
  var format: Format = .table
  @Option(help: "Write the report to this file (it must not exist yet) instead of standard output.")
  var output: String?

  func run() throws {
    let names = try schemas.names()
    guard let grouping = ReportOptions.Grouping(rawValue: by) else {
      throw ValidationError("bad --by '\(by)': enterprise, vdc, vm or type")
    }
    let options = ReportOptions(
      from: try parseTime(from)!, to: try parseTime(to)!, enterprise: enterprise, by: grouping)
    if options.from >= options.to { throw ValidationError("--from must be before --to") }
    // Usage is hourly: a period that cuts an hour would silently count the whole hour.
    for (flag, t) in [("--from", options.from), ("--to", options.to)] where !t.hasSuffix(":00:00") {
      throw ValidationError("\(flag) \(UTCTime.iso(t)) is not on the hour: usage is hourly, give whole UTC hours")
    }
    if let output, FileManager.default.fileExists(atPath: output) {
      throw ValidationError("--output \(output) exists: not overwritten (remove it first)")
    }
    try connection.session { db in
      let reporter = Reporter(db: db, names: names)
      if format == .focus {
        try emit(try reporter.focusCSV(options))
        return
      }
      if format == .html {
        let data = try reporter.htmlData(options)
        if let warning = data.report.warning { printError("accounting: warning: \(warning)") }
        try emit(data.html)
        return
      }
      let report = try reporter.run(options)
      if output != nil {
        var text = ""
        switch format {
        case .table: text = report.table.map { $0 + "\n" }.joined()
        case .csv: text = report.csv
        case .json, .html, .focus: text = report.json
        }
        if let warning = report.warning { printError("accounting: warning: \(warning)") }
        try emit(text)
        return
      }
      if let warning = report.warning { printError("accounting: warning: \(warning)") }
      switch format {
      case .table: for line in report.table { print(line) }
      case .csv: print(report.csv, terminator: "")
      case .json, .html, .focus: print(report.json, terminator: "")
      }
    }
  }

  /// To --output (created, never overwritten) or to standard output.
  private func emit(_ text: String) throws {
    guard let output else {
      print(text, terminator: "")
      return
    }
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .withoutOverwriting)
    } catch {
      throw UsageError("cannot write --output \(output): \(error.localizedDescription)")
    }
  }
}
