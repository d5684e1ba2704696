import AccountingKit
import ArgumentParser

struct ConfigCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "config",
    abstract: "Show or change the accounting parameters.",
    subcommands: [Show.self, Set.self])

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print every parameter: name, value, default and meaning (as ACCOUNTING_CONFIG_VW).")

    @OptionGroup var connection: ConnectionFlags
    @OptionGroup var schemas: SchemaFlags

    func run() throws {
      let names = try schemas.names()
      try connection.session { db in
        let params = try ConfigStore(db: db, names: names).all()
        let rows = params.map { [$0.name, $0.value, $0.defaultValue, $0.meaning] }
        for line in alignedTable(header: ["name", "value", "default", "meaning"], rows: rows) { print(line) }
      }
    }
  }

  struct Set: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Change one parameter (validated; a refused value changes nothing and exits 64).",
      discussion: """
        Keys: resource_type.N.enabled (1 or 0), settle_seconds (300, 5m), recheck_hours (24, 1d), \
        retention.closed_events_days, retention.detail_days, retention.daily_days, \
        retention.monthly_days, retention.ledger_days, retention.log_days (1 to 36500). \
        The retentions of closed events, detail and the ledger must each cover the recheck \
        window; daily sums are kept at least as long as the detail, monthly sums at least as long \
        as daily ones. A retention's cut-off is rounded down to the start of a UTC month.
        """)

    @OptionGroup var connection: ConnectionFlags
    @OptionGroup var schemas: SchemaFlags

    @Argument(help: "The parameter's name.") var key: String
    @Argument(help: "Its new value.") var value: String

    func run() throws {
      let names = try schemas.names()
      try connection.session { db in
        let stored = try ConfigStore(db: db, names: names).set(key, value)
        print("\(key) = \(stored)")
      }
    }
  }
}

