import AccountingKit
import ArgumentParser
import Foundation

struct BudgetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "budget",
    abstract: "Monthly budgets per enterprise, with thresholds that write notices.",
    discussion: """
      The amount is in the currency of the price list that prices the enterprise when the budget \
      is set. After each rollup, every threshold newly crossed writes one notice per enterprise, \
      month and threshold (accounting notices; an INFO line in LOG_VW). BUDGET_STATUS_VW has the \
      cost to date, the share used and a linear end-of-month forecast.
      """,
    subcommands: [Set.self, Show.self])

  struct Set: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Set (or replace) an enterprise's monthly budget.")
    @OptionGroup var connection: ConnectionFlags
    @OptionGroup var schemas: SchemaFlags
    @Option(help: "The enterprise's id.") var enterprise: Int64
    @Option(help: "The monthly amount, in the currency of its price list.") var amount: String
    @Option(help: "Percents of the amount whose crossing writes a notice.") var thresholds: String = "50,80,100"

    func run() throws {
      let names = try schemas.names()
      try guarded(connection) {
        let percents = try Budgets.thresholds(thresholds)
        let db = try connection.connect()
        let currency = try Budgets(db: db, names: names).set(enterprise: enterprise, amount: amount, thresholds: percents)
        print("enterprise \(enterprise): monthly budget \(amount) \(currency), thresholds \(percents.map { "\($0)%" }.joined(separator: ", "))")
      }
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Each budget's month: cost to date, share, threshold crossed, forecast.")
    @OptionGroup var connection: ConnectionFlags
    @OptionGroup var schemas: SchemaFlags

    func run() throws {
      let names = try schemas.names()
      try connection.session { db in
        for line in try Budgets(db: db, names: names).show() { print(line) }
      }
    }
  }
}

struct NoticesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "notices", abstract: "The budget notices (thresholds crossed), oldest first.")
  @OptionGroup var connection: ConnectionFlags
  @OptionGroup var schemas: SchemaFlags
  @Option(help: "Only those written at or after this time (UTC).") var since: String?

  func run() throws {
    let names = try schemas.names()
    let from = try parseTime(since)
    try connection.session { db in
      for line in try Budgets(db: db, names: names).notices(since: from) { print(line) }
    }
  }
}
