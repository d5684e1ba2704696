import AccountingKit
import ArgumentParser
import Foundation

struct PriceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "price",
    abstract: "Price lists: import unit prices, assign an enterprise to a list, show what is in force.",
    discussion: """
      Costs are read from HOURLY_COST_VW, DAILY_COST_VW and MONTHLY_COST_VW: usage × the unit \
      price in force at each hour (the enterprise's own list, else the list named 'default'). \
      A change that would change the cost of processed hours already priced otherwise is refused \
      unless --reprice is given (the repricing is logged).
      """,
    subcommands: [Import.self, Assign.self, Show.self])

  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Import a CSV of unit prices (one version per price list and valid_from).",
      discussion: """
        Header: price_list,currency,valid_from,resource_type,discriminator,unit_price. \
        valid_from is a UTC hour; resource_type a type id; discriminator empty (every one) or, \
        for types 7, 13 and 24, a hypervisor type, storage tier or cost code id; unit_price a \
        decimal per readable unit-hour (core·h, GiB·h or h: RESOURCE_TYPE_VW). The whole file is \
        checked before anything is written: the first bad row exits 64, nothing written.
        """)
    @OptionGroup var connection: ConnectionFlags
    @OptionGroup var schemas: SchemaFlags
    @Argument(help: "The CSV file.") var file: String
    @Flag(help: "Allow a version that changes the cost of processed hours (logged).") var reprice = false

    func run() throws {
      let names = try schemas.names()
      let text: String
      do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
        throw ValidationError("cannot read \(file): \(error.localizedDescription)")
      }
      try guarded(connection) {
        let rows = try PriceCSV.parse(text)
        let db = try connection.connect()
        let summary = try Pricing(db: db, names: names).importPrices(rows, reprice: reprice)
        for line in summary.repriced { printError("accounting: warning: \(line)") }
        for v in summary.versions {
          print("price list \(v.list): version \(UTCTime.iso(v.validFrom)) with \(v.prices) price(s)")
        }
      }
    }
  }

  struct Assign: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Price an enterprise by a list of its own from a UTC hour on.")
    @OptionGroup var connection: ConnectionFlags
    @OptionGroup var schemas: SchemaFlags
    @Option(help: "The enterprise's id.") var enterprise: Int64
    @Option(help: "The price list's name.") var priceList: String
    @Option(help: "From this UTC hour on.") var from: String
    @Flag(help: "Allow an assignment that changes the cost of processed hours (logged).") var reprice = false

    func run() throws {
      let names = try schemas.names()
      let start = try parseTime(from)!
      try connection.session { db in
        if let line = try Pricing(db: db, names: names).assign(
          enterprise: enterprise, list: priceList, from: start, reprice: reprice)
        {
          printError("accounting: warning: \(line)")
        }
        print("enterprise \(enterprise): price list \(priceList) from \(UTCTime.iso(start))")
      }
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The unit prices and assignments in force.")
    @OptionGroup var connection: ConnectionFlags
    @OptionGroup var schemas: SchemaFlags
    @Option(help: "At this time (UTC). Default: now.") var at: String?

    func run() throws {
      let names = try schemas.names()
      let when = try parseTime(at)
      try connection.session { db in
        for line in try Pricing(db: db, names: names).show(at: when) { print(line) }
      }
    }
  }
}
