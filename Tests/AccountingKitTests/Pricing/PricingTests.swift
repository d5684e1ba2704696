import AccountingKit
import Foundation
import Testing

/// Price lists and the cost views, on the one-VM scenario (deployed ON at 10:15 with 2 cpu and
/// 2048 MB, resized to 4 cpu at 11:30, OFF at 12:45, 2026-01-05; hours 10, 11 and 12 rolled up).
/// Usage by hand: vCPU (type 1) 5,400 / 10,800 / 14,400 core-seconds in hours 10 / 11 / 12;
/// vRAM (type 2) 2700 × 2048 = 5,529,600, then 7,372,800 and 7,372,800 MB-seconds.
@Suite(.serialized)
struct PricingTests {
  let t: TestSchema
  init() throws { t = try TestSchema("pricing") }

  var common: [String] { ["--no-defaults", "--inventory-schema", t.inventory, "--accounting-schema", t.accounting] }

  private func oneVMRolledUp() throws {
    try t.oneVMThroughTheTriggers()
    try t.clock("2026-01-05 14:00:00")
    #expect(try t.rows("CALL {acc}.ROLLUP_RUN(NULL, NULL, NULL, NULL)").first?[0...1] == ["done", "3"])
  }

  /// Writes `text` to a file of its own and imports it through the tool.
  private func importPrices(_ text: String, _ extra: [String] = []) throws -> Tool.Result {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("prices-\(getpid())-\(UUID().uuidString).csv").path
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: file) }
    return try Tool.run(["price", "import", file] + extra + common)
  }

  /// EUR default list: 0.05 per core·h and 0.01 per GiB·h of vRAM from January, then from
  /// 12:00 on the 5th 0.06 per core·h and no vRAM price.
  let defaultList = """
    price_list,currency,valid_from,resource_type,discriminator,unit_price
    default,EUR,2026-01-01T00:00:00Z,1,,0.05
    default,EUR,2026-01-01T00:00:00Z,2,,0.01
    default,EUR,2026-01-05T12:00:00Z,1,,0.06

    """

  @Test func hourlyAndDailyCostFollowTheVersionInForce() throws {
    try oneVMRolledUp()
    let r = try importPrices(defaultList)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(
      r.stdout == """
        price list default: version 2026-01-01T00:00:00Z with 2 price(s)
        price list default: version 2026-01-05T12:00:00Z with 1 price(s)

        """)
    // Hour 10: 5,400 × 0.05 / 3600 = 0.075; hour 11: 10,800 × 0.05 / 3600 = 0.15; hour 12 (the
    // new version): 14,400 × 0.06 / 3600 = 0.24. vRAM: 1.5 GiB·h × 0.01 = 0.015, 2 GiB·h × 0.01 =
    // 0.02, then unpriced (NULL cost, all 7,372,800 MB-seconds unpriced).
    #expect(
      try t.rows(
        """
        SELECT DATE_FORMAT(starttime, '%H'), idAccountingResourceType, priceList, currency,
               DATE_FORMAT(priceVersion, '%d %H'), unitSeconds, cost, unpricedUnitSeconds, minorUnits
          FROM {acc}.HOURLY_COST_VW WHERE idAccountingResourceType IN (1, 2) ORDER BY 2, 1
        """) == [
          ["10", "1", "default", "EUR", "01 00", "5400", "0.075000000000", "0", "2"],
          ["11", "1", "default", "EUR", "01 00", "10800", "0.150000000000", "0", "2"],
          ["12", "1", "default", "EUR", "05 12", "14400", "0.240000000000", "0", "2"],
          ["10", "2", "default", "EUR", "01 00", "5529600", "0.015000000000", "0", "2"],
          ["11", "2", "default", "EUR", "01 00", "7372800", "0.020000000000", "0", "2"],
          ["12", "2", "default", "EUR", "05 12", "7372800", nil, "7372800", "2"],
        ])
    // The day: one row per version in force during it.
    #expect(
      try t.rows(
        """
        SELECT starttime, idAccountingResourceType, DATE_FORMAT(priceVersion, '%d %H'), unitSeconds, cost, unpricedUnitSeconds
          FROM {acc}.DAILY_COST_VW WHERE idAccountingResourceType IN (1, 2) ORDER BY 2, 3
        """) == [
          ["2026-01-05 00:00:00", "1", "01 00", "16200", "0.225000000000", "0"],
          ["2026-01-05 00:00:00", "1", "05 12", "14400", "0.240000000000", "0"],
          ["2026-01-05 00:00:00", "2", "01 00", "12902400", "0.035000000000", "0"],
          ["2026-01-05 00:00:00", "2", "05 12", "7372800", nil, "7372800"],
        ])
    #expect(
      try t.rows(
        "SELECT starttime, SUM(cost) FROM {acc}.MONTHLY_COST_VW WHERE idAccountingResourceType IN (1, 2) GROUP BY starttime")
        == [["2026-01-01 00:00:00", "0.500000000000"]])
  }

  /// The report carries the cost once prices exist: exact in csv and json, rounded half up to the
  /// currency's minor unit in the table (0.465 → 0.47), "unpriced" where no price covers a type.
  @Test func theReportGainsCostColumns() throws {
    try oneVMRolledUp()
    let period = ["--from", "2026-01-05T10:00:00Z", "--to", "2026-01-05T13:00:00Z", "--by", "type"]
    let before = try Tool.run(["report"] + period + ["--format", "csv"] + common)
    #expect(before.status == 0, "\(before.stderr)")
    #expect(!before.stdout.contains("cost"))
    #expect(try importPrices(defaultList).status == 0)
    let csv = try Tool.run(["report"] + period + ["--format", "csv"] + common)
    #expect(csv.status == 0, "\(csv.stderr)")
    let lines = csv.stdout.components(separatedBy: "\r\n")
    #expect(lines[0] == "idAccountingResourceType,resourceType,unit,resourceUnits,unitSeconds,unitHours,currency,cost,unpricedUnitSeconds")
    // vCPU: 0.075 + 0.15 + 0.24; vRAM: 0.015 + 0.02, hour 12 unpriced; vHD: no price at all
    // (1 GiB for 10:15 .. 13:00, 9,900 s: 1,073,741,824 × 9,900 byte-seconds unpriced).
    #expect(lines[1] == "1,VirtualMachine-vcpu,cores,10,30600,8.500000,EUR,0.465000000000,0")
    #expect(lines[2] == "2,VirtualMachine-vram,MB,6144,20275200,5632.000000,EUR,0.035000000000,7372800")
    #expect(lines[3].hasPrefix("3,VirtualMachine-vhd,bytes,") && lines[3].hasSuffix(",EUR,,10630044057600"), "\(lines[3])")
    let table = try Tool.run(["report"] + period + common)
    #expect(table.stdout.split(separator: "\n").first?.hasSuffix("cost") == true, "\(table.stdout)")
    #expect(table.stdout.contains("8.50 core·h") && table.stdout.contains("0.47 EUR"), "\(table.stdout)")
    #expect(table.stdout.contains("unpriced"))
    let json = try Tool.run(["report"] + period + ["--format", "json"] + common)
    #expect(json.stdout.contains("\"currency\":\"EUR\",\"cost\":0.465000000000,\"unpricedUnitSeconds\":0"), "\(json.stdout)")
  }

  /// The FOCUS export: the 1.0 Column IDs (with the four the old validator misnames), one row per
  /// priced charge, ids that are strings across kinds, and a BilledCost total equal to the cost
  /// views' for the same period.
  @Test func theFOCUSExport() throws {
    try oneVMRolledUp()
    #expect(try importPrices(defaultList).status == 0)
    let r = try Tool.run(
      ["report", "--from", "2026-01-05T10:00:00Z", "--to", "2026-01-05T13:00:00Z", "--format", "focus"] + common)
    #expect(r.status == 0, "\(r.stderr)")
    let lines = r.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    let header = lines[0].split(separator: ",").map(String.init)
    #expect(header.count == 43)
    for column in ["InvoiceIssuerName", "ProviderName", "PublisherName", "ResourceId", "SkuPriceId", "BilledCost", "Tags"] {
      #expect(header.contains(column), "\(column)")
    }
    // Priced charges only: vCPU in hours 10, 11, 12 and vRAM in hours 10, 11 (hour 12 has no vRAM price).
    #expect(lines.count == 1 + 5, "\(r.stdout)")
    let i = { (name: String) in header.firstIndex(of: name)! }
    let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    #expect(Set(rows.map { $0[i("ResourceId")] }) == ["vm/1"])
    #expect(Set(rows.map { $0[i("BillingAccountId")] }) == ["enterprise/1"])
    #expect(Set(rows.map { $0[i("SubAccountId")] }) == ["vdc/1"])
    #expect(Set(rows.map { $0[i("ChargeFrequency")] }) == ["Usage-Based"])
    #expect(Set(rows.map { $0[i("BillingPeriodStart")] }) == ["2026-01-01T00:00:00Z"])
    // vCPU hour 12: 4 cores for the whole hour at 0.06.
    let noon = try #require(rows.first { $0[i("ChargePeriodStart")] == "2026-01-05T12:00:00Z" })
    #expect(noon[i("BilledCost")] == "0.240000000000")
    #expect(noon[i("ConsumedQuantity")] == "4.000000000000" && noon[i("ConsumedUnit")] == "Core-Hours")
    #expect(noon[i("ListUnitPrice")] == "0.060000000000")
    #expect(noon[i("SkuPriceId")] == "default/2026-01-05T12:00:00Z/type/1")
    #expect(noon[i("InvoiceIssuerName")] == "Cloud operator")
    // Totals: 0.465 + 0.035 = 0.5, as the cost views say.
    let total = rows.map { Decimal(string: $0[i("BilledCost")])! }.reduce(0, +)
    #expect(total == Decimal(string: "0.5"))
    #expect(try t.scalar("SELECT SUM(cost) FROM {acc}.HOURLY_COST_VW") == "0.500000000000")
  }

  /// A price change at midnight: a 2-cpu VM ON from 23:00 on the 5th to 01:00 on the 6th, 0.05
  /// per core·h until the 6th, 0.07 from it: 2 × 0.05 = 0.10 on the 5th, 2 × 0.07 = 0.14 on the 6th.
  @Test func aPriceChangeAtADayBoundary() throws {
    try t.clock("2026-01-05 22:00:00")
    try t.exec(
      """
      INSERT INTO {inv}.datacenter (idDataCenter, name, region) VALUES (1, 'dc1', 'eu-west');
      INSERT INTO {inv}.enterprise (idEnterprise, name) VALUES (1, 'Acme');
      INSERT INTO {inv}.virtualdatacenter (idVirtualDataCenter, idEnterprise, idDataCenter, name, hypervisorType)
        VALUES (1, 1, 1, 'vdc-1', 'KVM');
      INSERT INTO {inv}.virtualapp (idVirtualApp, idVirtualDataCenter, idEnterprise, name) VALUES (1, 1, 1, 'app-1');
      """)
    try t.clock("2026-01-05 23:00:00")
    try t.exec("INSERT INTO {inv}.virtualmachine (name, idEnterprise, idVirtualApp, cpu, ram, hd, state) VALUES ('night', 1, 1, 2, 1024, 0, 'ON')")
    try t.clock("2026-01-06 01:00:00")
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'NOT_ALLOCATED' WHERE idVM = 1")
    try t.clock("2026-01-06 02:00:00")
    #expect(try t.rows("CALL {acc}.ROLLUP_RUN(NULL, NULL, NULL, NULL)").first?[0...1] == ["done", "2"])
    #expect(
      try importPrices(
        """
        price_list,currency,valid_from,resource_type,discriminator,unit_price
        default,EUR,2026-01-01T00:00:00Z,1,,0.05
        default,EUR,2026-01-06T00:00:00Z,1,,0.07

        """
      ).status == 0)
    #expect(
      try t.rows(
        "SELECT starttime, DATE_FORMAT(priceVersion, '%m-%d'), unitSeconds, cost FROM {acc}.DAILY_COST_VW WHERE idAccountingResourceType = 1 ORDER BY 1")
        == [
          ["2026-01-05 00:00:00", "01-01", "7200", "0.100000000000"],
          ["2026-01-06 00:00:00", "01-06", "7200", "0.140000000000"],
        ])
    #expect(
      try t.rows("SELECT starttime, SUM(cost) FROM {acc}.MONTHLY_COST_VW WHERE idAccountingResourceType = 1 GROUP BY starttime")
        == [["2026-01-01 00:00:00", "0.240000000000"]])
  }

  @Test func anEnterprisesOwnListAndTheMoreSpecificPrice() throws {
    try oneVMRolledUp()
    #expect(try importPrices(defaultList).status == 0)
    // gold (USD) from 11:00: 0.10 per core·h; the VM's hypervisor type KVM is discriminator d of
    // type 7 (1 per hour deployed): 0.50 per h for KVM, 0.20 for any other.
    let kvm = try #require(try t.scalar("SELECT DISTINCT idDiscriminator FROM {acc}.accounting_event_detail WHERE idAccountingResourceType = 7"))
    let gold = """
      price_list,currency,valid_from,resource_type,discriminator,unit_price
      gold,USD,2026-01-01T00:00:00Z,1,,0.10
      gold,USD,2026-01-01T00:00:00Z,7,,0.20
      gold,USD,2026-01-01T00:00:00Z,7,\(kvm),0.50

      """
    #expect(try importPrices(gold).status == 0)
    // Hours 11 and 12 are processed and priced by the default list: the assignment reprices them.
    let refused = try Tool.run(["price", "assign", "--enterprise", "1", "--price-list", "gold", "--from", "2026-01-05T11:00:00Z"] + common)
    #expect(refused.status == 64)
    #expect(
      refused.stderr
        == "accounting: assigning enterprise 1 to price list gold from 2026-01-05T11:00:00Z would change the cost of processed hours 2026-01-05T11:00:00Z .. 2026-01-05T13:00:00Z already priced otherwise; repricing them is an explicit choice (pass --reprice)\n")
    let a = try Tool.run(
      ["price", "assign", "--enterprise", "1", "--price-list", "gold", "--from", "2026-01-05T11:00:00Z", "--reprice"] + common)
    #expect(a.status == 0, "\(a.stderr)")
    #expect(a.stdout == "enterprise 1: price list gold from 2026-01-05T11:00:00Z\n")
    #expect(a.stderr == "accounting: warning: assigning enterprise 1 to price list gold from 2026-01-05T11:00:00Z reprices processed hours 2026-01-05T11:00:00Z .. 2026-01-05T13:00:00Z\n")
    // Hour 10 by default (0.075 EUR); hours 11 and 12 by gold: 10,800 × 0.10 / 3600 = 0.30 and
    // 14,400 × 0.10 / 3600 = 0.40 USD. Type 7, KVM at 0.50 per h: hour 11 a whole hour = 0.50,
    // hour 12 a whole hour (deployed to the end) = 0.50.
    #expect(
      try t.rows(
        """
        SELECT DATE_FORMAT(starttime, '%H'), idAccountingResourceType, priceList, currency, cost
          FROM {acc}.HOURLY_COST_VW WHERE idAccountingResourceType IN (1, 7) ORDER BY 2, 1
        """) == [
          ["10", "1", "default", "EUR", "0.075000000000"],
          ["11", "1", "gold", "USD", "0.300000000000"],
          ["12", "1", "gold", "USD", "0.400000000000"],
          ["10", "7", "default", "EUR", nil],
          ["11", "7", "gold", "USD", "0.500000000000"],
          ["12", "7", "gold", "USD", "0.500000000000"],
        ])
    // A second assignment over processed hours, even at the same start, reprices them: refused.
    let again = try Tool.run(["price", "assign", "--enterprise", "1", "--price-list", "default", "--from", "2026-01-05T11:00:00Z"] + common)
    #expect(again.status == 64)
    #expect(again.stderr.hasPrefix("accounting: assigning enterprise 1 to price list default from 2026-01-05T11:00:00Z would change the cost of processed hours"), "\(again.stderr)")
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.price_assignment a JOIN {acc}.price_list l USING (idPriceList) WHERE l.name = 'gold'") == "1")
    let show = try Tool.run(["price", "show", "--at", "2026-01-05T12:00:00Z"] + common)
    #expect(show.status == 0, "\(show.stderr)")
    #expect(show.stdout.contains("default (EUR, version 2026-01-05T12:00:00Z): type 1 VirtualMachine-vcpu discriminator *: 0.060000000000 per core·h\n"), "\(show.stdout)")
    #expect(show.stdout.hasSuffix("enterprise 1: price list gold since 2026-01-05T11:00:00Z\n"), "\(show.stdout)")
  }

  @Test func repricingProcessedHoursIsAnExplicitChoice() throws {
    try oneVMRolledUp()
    #expect(try importPrices(defaultList).status == 0)
    // A version from 11:00: hours 11 and 12 are processed and priced by earlier versions.
    let late = """
      price_list,currency,valid_from,resource_type,discriminator,unit_price
      default,EUR,2026-01-05T11:00:00Z,1,,0.07

      """
    let refused = try importPrices(late)
    #expect(refused.status == 64)
    #expect(
      refused.stderr
        == "accounting: version 2026-01-05T11:00:00Z of price list default would change the cost of processed hours 2026-01-05T11:00:00Z .. 2026-01-05T12:00:00Z already priced otherwise; repricing them is an explicit choice (pass --reprice)\n")
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.price_list_version") == "2")
    let forced = try importPrices(late, ["--reprice"])
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(try t.scalar("SELECT cost FROM {acc}.HOURLY_COST_VW WHERE idAccountingResourceType = 1 AND starttime = '2026-01-05 11:00:00'") == "0.210000000000")
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.LOG_VW WHERE level = 'WARN' AND source = 'price' AND message LIKE '%reprices processed hours%'") == "1")
  }

  @Test func aBadFileIsOneLineExit64AndWritesNothing() throws {
    let h = "price_list,currency,valid_from,resource_type,discriminator,unit_price\n"
    let cases: [(String, String)] = [
      ("list,price\n", "accounting: price file: the first line must be the header \(h.dropLast())\n"),
      (h + "default,eur,2026-01-01T00:00:00Z,1,,0.05\n", "accounting: price file line 2: currency 'eur' is not an ISO 4217 code (three capital letters)\n"),
      (h + "default,EUR,2026-01-01T00:30:00Z,1,,0.05\n", "accounting: price file line 2: valid_from 2026-01-01T00:30:00Z is not on the hour\n"),
      (h + "default,EUR,2026-01-01T00:00:00Z,1,3,0.05\n", "accounting: price file line 2: resource type 1 has no discriminator (only 7, 13 and 24 do)\n"),
      (h + "default,EUR,2026-01-01T00:00:00Z,1,,-1\n", "accounting: price file line 2: unit_price '-1' is not a decimal of at most 26 digits before the point and 12 after\n"),
      (h + "default,EUR,2026-01-01T00:00:00Z,1,,0.05\ndefault,USD,2026-02-01T00:00:00Z,1,,0.05\n", "accounting: price file line 3: price list default is in EUR, not USD\n"),
      (h + "default,EUR,2026-01-01T00:00:00Z,1,,0.05\ndefault,EUR,2026-01-01T00:00:00Z,1,,0.06\n", "accounting: price file line 3: a second price for the same list, valid_from, type and discriminator\n"),
      (h + "default,EUR,2026-01-01T00:00:00Z,1,,0.05\ndefault,EUR,2026-01-01T00:00:00Z,99,,0.05\n", "accounting: price file line 3: no resource type 99\n"),
    ]
    // CRLF line ends and a trailing blank line are read as LF ones (the bad price is still found).
    let crlf = try importPrices(h.replacingOccurrences(of: "\n", with: "\r\n") + "default,EUR,2026-01-01T00:00:00Z,1,,y\r\n  \r\n")
    #expect(crlf.stderr == "accounting: price file line 2: unit_price 'y' is not a decimal of at most 26 digits before the point and 12 after\n")
    // A spreadsheet's byte order mark before the header is not an error (the row is checked as usual).
    let bom = try importPrices("\u{FEFF}" + h + "default,EUR,2026-01-01T00:00:00Z,1,,x\n")
    #expect(bom.stderr == "accounting: price file line 2: unit_price 'x' is not a decimal of at most 26 digits before the point and 12 after\n")
    for (text, line) in cases {
      let r = try importPrices(text)
      #expect(r.status == 64, "\(text)")
      #expect(r.stderr == line)
    }
    #expect(try t.scalar("SELECT (SELECT COUNT(*) FROM {acc}.price_list) + (SELECT COUNT(*) FROM {acc}.price)") == "0")
  }

  /// Budget 0.425 EUR with thresholds 50, 80, 100 and only vCPU priced (0.05 per core·h): the
  /// hours cost 0.075, 0.15 and 0.2 (to date 0.075, 0.225, 0.425: 17.6 %, 52.9 %, exactly 100 %).
  @Test func budgetThresholdsWriteOneNoticeEach() throws {
    try t.oneVMThroughTheTriggers()
    #expect(
      try importPrices(
        "price_list,currency,valid_from,resource_type,discriminator,unit_price\ndefault,EUR,2026-01-01T00:00:00Z,1,,0.05\n"
      ).status == 0)
    let set = try Tool.run(["budget", "set", "--enterprise", "1", "--amount", "0.425"] + common)
    #expect(set.status == 0, "\(set.stderr)")
    #expect(set.stdout == "enterprise 1: monthly budget 0.425 EUR, thresholds 50%, 80%, 100%\n")
    let notices = { try t.rows("SELECT percent, cost FROM {acc}.accounting_notice ORDER BY percent") }

    try t.clock("2026-01-05 11:10:00")
    _ = try t.rows("CALL {acc}.ROLLUP_RUN(NULL, NULL, NULL, NULL)")  // hour 10: 0.075
    #expect(try notices().isEmpty)
    try t.clock("2026-01-05 12:10:00")
    _ = try t.rows("CALL {acc}.ROLLUP_RUN(NULL, NULL, NULL, NULL)")  // hour 11: 0.225
    #expect(try notices() == [["50", "0.225000000000"]])
    // The tool's run (ROLLUP_HOUR per hour, then ROLLUP_CONSOLIDATE) writes them too.
    let r = try Tool.run(["rollup", "--now", "2026-01-05T13:10:00Z"] + common)  // hour 12: 0.425
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try notices() == [["50", "0.225000000000"], ["80", "0.425000000000"], ["100", "0.425000000000"]])
    // Again: nothing new crossed, nothing written twice.
    try t.clock("2026-01-05 14:00:00")
    _ = try t.rows("CALL {acc}.ROLLUP_RUN(NULL, NULL, NULL, NULL)")
    #expect(try notices().count == 3)
    #expect(
      try t.rows("SELECT message FROM {acc}.accounting_log WHERE source = 'budget' ORDER BY idLog").map { $0[0] ?? "" } == [
        "enterprise 1 (Acme) crossed 50% of its budget for 2026-01: 0.23 of 0.43 EUR",
        "enterprise 1 (Acme) crossed 80% of its budget for 2026-01: 0.43 of 0.43 EUR",
        "enterprise 1 (Acme) crossed 100% of its budget for 2026-01: 0.43 of 0.43 EUR",
      ])
    // 0.425 × 744 hours / 3 processed = 105.4.
    #expect(
      try t.rows("SELECT month, costToDate, budget, sharePercent, thresholdCrossed, hoursProcessed, forecast FROM {acc}.BUDGET_STATUS_VW")
        == [["2026-01-01 00:00:00", "0.425000000000", "0.425000000000", "100.0000", "100", "3", "105.400000000000"]])
    // Notices since 12:30: the two the tool's run wrote (stamped with the server's real clock).
    let list = try Tool.run(["notices", "--since", "2026-01-05T12:30:00Z"] + common)
    #expect(list.status == 0, "\(list.stderr)")
    let lines = list.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 2, "\(list.stdout)")
    #expect(lines.first?.hasSuffix(" enterprise 1 crossed 80% of its budget for 2026-01: 0.43 of 0.43 EUR") == true)
    #expect(lines.last?.hasSuffix(" enterprise 1 crossed 100% of its budget for 2026-01: 0.43 of 0.43 EUR") == true)
    // Processing has moved on to March: a lower budget set now does not notice January again,
    // though BUDGET_STATUS_VW judges January by it (0.425 of 0.1: 425 %).
    try t.exec(
      "INSERT INTO {acc}.accounting_rollup_ledger (starttime, processedAt, detailRows, resourceUnits, unitSeconds, durationMicros, fpCount, fpSeconds, fpHash) VALUES ('2026-03-01 00:00:00', '2026-03-01 01:00:00', 0, 0, 0, 0, 0, 0, 0)")
    #expect(try Tool.run(["budget", "set", "--enterprise", "1", "--amount", "0.1", "--thresholds", "200"] + common).status == 0)
    _ = try t.rows("CALL {acc}.BUDGET_NOTICES()")
    #expect(try notices().count == 3)
    #expect(try t.scalar("SELECT CONCAT(sharePercent, ' ', thresholdCrossed) FROM {acc}.BUDGET_STATUS_VW WHERE month = '2026-01-01'") == "425.0000 200")
    #expect(try Tool.run(["budget", "set", "--enterprise", "1", "--amount", "0"] + common).status == 64)
    #expect(try Tool.run(["budget", "set", "--enterprise", "1", "--amount", "5", "--thresholds", "50,50"] + common).status == 64)
  }
}
