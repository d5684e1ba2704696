import AccountingKit
import ArgumentParser

struct Config: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show or change the accounting parameters.",
    subcommands: [Show.self, Set.self])

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print every parameter: name, value, default and meaning (as ACCOUNTING_CONFIG_VW).")

    @OptionGroup var connection: ConnectionFlags
    @OptionGroup var schemas: SchemaFlags

    func run() throws {
      let names = try schemas.names()
      try guarded(connection) {
        let params = try ConfigStore(db: try connection.connect(), names: names).all()
        let rows = params.map { [$0.name, $0.value, $0.defaultValue, $0.meaning] }
        for line in formatTable(header: ["name", "value", "default", "meaning"], rows: rows) { print(line) }
      }
    }
  }

  struct Set: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Change one parameter (validated; a refused value changes nothing and exits 64).",
      discussion: """
        Keys: resource_type.N.enabled (1 or 0), settle_seconds (300, 5m), recheck_hours (24, 1d),
        retention.closed_events_days, retention.detail_days, retention.daily_days,
        retention.monthly_days, retention.ledger_days, retention.log_days (1 to 36500).
        The detail retention must cover the recheck window.
        """)

    @OptionGroup var connection: ConnectionFlags
    @OptionGroup var schemas: SchemaFlags

    @Argument(help: "The parameter's name.") var key: String
    @Argument(help: "Its new value.") var value: String

    func run() throws {
      let names = try schemas.names()
      try guarded(connection) {
        let stored = try ConfigStore(db: try connection.connect(), names: names).set(key, value)
        print("\(key) = \(stored)")
      }
    }
  }
}

/// Left-aligned columns separated by two spaces; the last column is not padded.
func formatTable(header: [String], rows: [[String]], rightAligned: Swift.Set<Int> = []) -> [String] {
  let all = [header] + rows
  var widths = Array(repeating: 0, count: header.count)
  for row in all { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
  return all.map { row in
    row.enumerated().map { i, cell in
      if i == row.count - 1 && !rightAligned.contains(i) { return cell }
      let pad = String(repeating: " ", count: widths[i] - cell.count)
      return rightAligned.contains(i) ? pad + cell : cell + pad
    }.joined(separator: "  ")
  }
}
