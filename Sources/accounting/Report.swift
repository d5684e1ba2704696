import AccountingKit
import ArgumentParser

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

  enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

  @OptionGroup var connection: ConnectionFlags
  @OptionGroup var schemas: SchemaFlags

  @Option(help: "Start of the period (UTC, inclusive).") var from: String
  @Option(help: "End of the period (UTC, exclusive).") var to: String
  @Option(help: "Only this enterprise (its id).") var enterprise: Int64?
  @Option(help: "Group by enterprise, vdc, vm or type.") var by: String = "enterprise"
  @Option(help: "table, csv or json.") var format: Format = .table

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
    try guarded(connection) {
      let report = try Reporter(db: try connection.connect(), names: names).run(options)
      if let warning = report.warning { printError("accounting: warning: \(warning)") }
      switch format {
      case .table: for line in report.table { print(line) }
      case .csv: print(report.csv, terminator: "")
      case .json: print(report.json, terminator: "")
      }
    }
  }
}
