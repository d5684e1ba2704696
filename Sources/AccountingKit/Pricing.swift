/// Price lists: the import of a CSV of unit prices (one version per list and valid_from, checked
/// whole before anything is written), the assignment of an enterprise to a list, and what is in
/// force at a time. The cost itself is SQL (`cost_detail`, `HOURLY_/DAILY_/MONTHLY_COST_VW`).

/// One row of a price CSV: `price_list,currency,valid_from,resource_type,discriminator,unit_price`.
public struct PriceRow: Sendable, Equatable {
  public var line: Int
  public var priceList: String
  public var currency: String
  /// The server's DATETIME text, on the hour.
  public var validFrom: String
  public var resourceType: Int
  /// nil: every discriminator of the type.
  public var discriminator: Int64?
  /// The unit price as written (a decimal, at most 12 decimals), per readable unit-hour.
  public var unitPrice: String
}

/// What an import wrote.
public struct PriceImportSummary: Sendable, Equatable {
  public var versions: [(list: String, validFrom: String, prices: Int)] = []
  public var repriced: [String] = []

  public static func == (a: Self, b: Self) -> Bool {
    a.repriced == b.repriced
      && a.versions.map { "\($0.list)|\($0.validFrom)|\($0.prices)" } == b.versions.map { "\($0.list)|\($0.validFrom)|\($0.prices)" }
  }
}

public enum PriceCSV {
  public static let header = "price_list,currency,valid_from,resource_type,discriminator,unit_price"

  /// ISO 4217 currencies whose minor unit is not 2 digits.
  static let minorUnitExceptions: [String: Int] = [
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0, "RWF": 0,
    "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3, "CLF": 4, "UYW": 4,
  ]

  /// The minor unit digits of an ISO 4217 code (2 unless listed otherwise).
  public static func minorUnits(_ currency: String) -> Int { minorUnitExceptions[currency] ?? 2 }

  /// Parses and checks every row; the first bad one is an `InputError` naming its line.
  public static func parse(_ text: String) throws -> [PriceRow] {
    // A byte order mark (spreadsheets write one) is not part of the header.
    let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    // Line ends LF or CRLF ("\r\n" is one Character, a newline).
    var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline }).map(String.init)
    while let last = lines.last, last.trimmingCharacters(in: " \t").isEmpty { lines.removeLast() }
    guard let first = lines.first, first == header else {
      throw InputError("price file: the first line must be the header \(header)")
    }
    var rows: [PriceRow] = []
    var seen = Set<String>()
    var currencyOf: [String: String] = [:]
    for (i, line) in lines.enumerated().dropFirst() {
      let n = i + 1
      func bad(_ why: String) -> InputError { InputError("price file line \(n): \(why)") }
      let f = line.split(separator: ",", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: " \t")
      }
      guard f.count == 6 else { throw bad("6 fields expected, found \(f.count)") }
      let list = f[0]
      guard !list.isEmpty, list.count <= 64, !list.contains("\"") else { throw bad("a price list name of 1 to 64 characters") }
      let currency = f[1]
      guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
        throw bad("currency '\(currency)' is not an ISO 4217 code (three capital letters)")
      }
      if let c = currencyOf[list], c != currency { throw bad("price list \(list) is in \(c), not \(currency)") }
      currencyOf[list] = currency
      let from: String
      do { from = try UTCTime.parse(f[2]) } catch { throw bad("\(error)") }
      guard from.hasSuffix(":00:00") else { throw bad("valid_from \(f[2]) is not on the hour") }
      guard let type = Int(f[3]), (1...255).contains(type) else { throw bad("resource_type '\(f[3])' is not a type id") }
      var disc: Int64?
      if !f[4].isEmpty {
        guard [7, 13, 24].contains(type) else {
          throw bad("resource type \(type) has no discriminator (only 7, 13 and 24 do)")
        }
        guard let d = Int64(f[4]), d >= 0, d <= Int64(UInt32.max) else { throw bad("discriminator '\(f[4])' is not an id") }
        disc = d
      }
      let price = f[5]
      guard isDecimal(price) else {
        throw bad("unit_price '\(price)' is not a decimal of at most 26 digits before the point and 12 after")
      }
      let key = "\(list)|\(from)|\(type)|\(disc.map(String.init) ?? "*")"
      guard seen.insert(key).inserted else { throw bad("a second price for the same list, valid_from, type and discriminator") }
      rows.append(
        PriceRow(line: n, priceList: list, currency: currency, validFrom: from, resourceType: type, discriminator: disc, unitPrice: price))
    }
    guard !rows.isEmpty else { throw InputError("price file: no prices after the header") }
    return rows
  }

  static func isDecimal(_ s: String) -> Bool {
    let parts = s.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.count <= 26,
      whole.allSatisfy({ $0.isASCII && $0.isNumber })
    else { return false }
    if parts.count == 2 {
      return !parts[1].isEmpty && parts[1].count <= 12 && parts[1].allSatisfy { $0.isASCII && $0.isNumber }
    }
    return true
  }
}

/// A change to pricing that would change the cost of processed hours already priced otherwise.
public enum PricingError: Error, CustomStringConvertible, Sendable, Equatable {
  case versionExists(list: String, validFrom: String)
  case unknownType(line: Int, type: Int)
  case currencyDiffers(list: String, existing: String, given: String)
  case wouldReprice(what: String, from: String, through: String)
  case unknownList(String)

  public var description: String {
    switch self {
    case .versionExists(let l, let v): return "price list \(l) already has a version valid from \(UTCTime.iso(v)); versions are never changed"
    case .unknownType(let line, let t): return "price file line \(line): no resource type \(t)"
    case .currencyDiffers(let l, let e, let g): return "price list \(l) is in \(e), not \(g)"
    case .wouldReprice(let what, let from, let through):
      return "\(what) would change the cost of processed hours \(UTCTime.iso(from)) .. \(UTCTime.iso(through)) already priced otherwise; repricing them is an explicit choice"
    case .unknownList(let l): return "no price list \(l)"
    }
  }
}

public struct Pricing: SchemaService {
  public let db: Connection
  public let names: SchemaNames

  public init(db: Connection, names: SchemaNames) {
    self.db = db
    self.names = names
  }

  /// The end of the newest processed hour, nil before the first.
  private func processedThrough() throws -> String? {
    try db.scalar("SELECT DATE_FORMAT(processedThrough, '%Y-%m-%d %H:%i:%s') FROM \(acc).ROLLUP_STATE_VW").string
  }

  /// A pricing change from `from` up to `next()` (the start of what follows it; nil: none) would
  /// change processed hours when some of them (before `through`) have a cost now among the
  /// HOURLY_COST_VW rows (alias c) that `costFilter` selects: the end of those hours, else nil.
  private func repricedUntil(
    from: String, through: String?, next: () throws -> String?, costFilter: String, _ parameters: [SQLValue]
  ) throws -> String? {
    guard let through, from < through else { return nil }
    let end = min(try next() ?? through, through)
    let priced = try db.scalar(
      """
      SELECT COUNT(*) FROM \(acc).HOURLY_COST_VW c
       WHERE c.starttime >= ? AND c.starttime < ? AND c.cost IS NOT NULL AND \(costFilter)
      """, [.datetime(from), .datetime(end)] + parameters
    ).int ?? 0
    return priced > 0 ? end : nil
  }

  /// Writes the versions of `rows` in one transaction, after checking all of them: the types
  /// exist, a version is new, a list keeps its currency, and no version reprices processed hours
  /// that an earlier version of its list priced, unless `reprice` (each repricing is logged).
  public func importPrices(_ rows: [PriceRow], reprice: Bool, now: String? = nil) throws -> PriceImportSummary {
    let types = Set(try db.query("SELECT idAccountingResourceType FROM \(acc).accounting_resource_type").compactMap { $0[0].int })
    for r in rows where !types.contains(Int64(r.resourceType)) {
      throw PricingError.unknownType(line: r.line, type: r.resourceType)
    }
    let through = try processedThrough()
    var summary = PriceImportSummary()
    var versions: [(String, String, String)] = []  // list, validFrom, currency, in file order
    for r in rows where !versions.contains(where: { $0.0 == r.priceList && $0.1 == r.validFrom }) {
      versions.append((r.priceList, r.validFrom, r.currency))
    }
    for (list, from, currency) in versions {
      if let existing = try db.query("SELECT currency FROM \(acc).price_list WHERE name = ?", [.text(list)]).first?[0].string,
        existing != currency
      {
        throw PricingError.currencyDiffers(list: list, existing: existing, given: currency)
      }
      let exists = try db.scalar(
        """
        SELECT COUNT(*) FROM \(acc).price_list_version v JOIN \(acc).price_list l USING (idPriceList)
         WHERE l.name = ? AND v.validFrom = ?
        """, [.text(list), .datetime(from)]
      ).int ?? 0
      if exists > 0 { throw PricingError.versionExists(list: list, validFrom: from) }
      // The processed hours this version would price (up to the list's next version) that the
      // list prices now: their cost would change.
      let next = {
        try db.scalar(
          """
          SELECT DATE_FORMAT(MIN(v.validFrom), '%Y-%m-%d %H:%i:%s')
            FROM \(acc).price_list_version v JOIN \(acc).price_list l USING (idPriceList)
           WHERE l.name = ? AND v.validFrom > ?
          """, [.text(list), .datetime(from)]
        ).string
      }
      if let end = try repricedUntil(from: from, through: through, next: next, costFilter: "c.priceList = ?", [.text(list)]) {
        if !reprice {
          throw PricingError.wouldReprice(what: "version \(UTCTime.iso(from)) of price list \(list)", from: from, through: end)
        }
        summary.repriced.append(
          "price list \(list): version \(UTCTime.iso(from)) reprices processed hours \(UTCTime.iso(from)) .. \(UTCTime.iso(end))")
      }
    }
    let clock: SQLValue = now.map { .datetime($0) } ?? .null
    try db.transaction {
      for (list, from, currency) in versions {
        try db.execute(
          """
          INSERT INTO \(acc).price_list (name, currency, minorUnits, createdAt)
          VALUES (?, ?, ?, COALESCE(?, UTC_TIMESTAMP()))
          ON DUPLICATE KEY UPDATE idPriceList = idPriceList
          """, [.text(list), .text(currency), .int(Int64(PriceCSV.minorUnits(currency))), clock])
        try db.execute(
          """
          INSERT INTO \(acc).price_list_version (idPriceList, validFrom, importedAt)
          SELECT idPriceList, ?, COALESCE(?, UTC_TIMESTAMP()) FROM \(acc).price_list WHERE name = ?
          """, [.datetime(from), clock, .text(list)])
        let mine = rows.filter { $0.priceList == list && $0.validFrom == from }
        for r in mine {
          try db.execute(
            """
            INSERT INTO \(acc).price (idPriceList, validFrom, idAccountingResourceType, anyDiscriminator, idDiscriminator, unitPrice)
            SELECT idPriceList, ?, ?, ?, ?, CAST(? AS DECIMAL(38,12)) FROM \(acc).price_list WHERE name = ?
            """,
            [
              .datetime(from), .int(Int64(r.resourceType)), .int(r.discriminator == nil ? 1 : 0), .int(r.discriminator ?? 0),
              .text(r.unitPrice), .text(list),
            ])
        }
        summary.versions.append((list, from, mine.count))
      }
      for line in summary.repriced {
        try db.execute("CALL \(acc).LOG_WRITE('WARN', 'price', ?)", [.text(line)])
      }
    }
    return summary
  }

  /// Prices enterprise `enterprise` by `list` from `from` (an hour) on, until its next
  /// assignment. An assignment over processed hours that another list priced (the default list,
  /// an earlier assignment, the one at the same start it replaces) would change their cost: it
  /// needs `reprice` (logged). Over hours nothing priced (first setup) it may start at any time.
  public func assign(enterprise: Int64, list: String, from: String, reprice: Bool) throws -> String? {
    guard from.hasSuffix(":00:00") else { throw InputError("the assignment's start \(UTCTime.iso(from)) is not on the hour") }
    guard try db.scalar("SELECT COUNT(*) FROM \(acc).price_list WHERE name = ?", [.text(list)]).int == 1 else {
      throw PricingError.unknownList(list)
    }
    var logged: String?
    // The processed hours it would price (up to the enterprise's next assignment) that another
    // list prices now.
    let next = {
      try db.scalar(
        "SELECT DATE_FORMAT(MIN(validFrom), '%Y-%m-%d %H:%i:%s') FROM \(acc).price_assignment WHERE idEnterprise = ? AND validFrom > ?",
        [.int(enterprise), .datetime(from)]
      ).string
    }
    if let end = try repricedUntil(
      from: from, through: try processedThrough(), next: next,
      costFilter: "c.idEnterprise = ? AND NOT (c.priceList <=> ?)", [.int(enterprise), .text(list)])
    {
      let what = "assigning enterprise \(enterprise) to price list \(list) from \(UTCTime.iso(from))"
      guard reprice else { throw PricingError.wouldReprice(what: what, from: from, through: end) }
      logged = "\(what) reprices processed hours \(UTCTime.iso(from)) .. \(UTCTime.iso(end))"
    }
    try db.transaction {
      try db.execute(
        """
        INSERT INTO \(acc).price_assignment (idEnterprise, validFrom, idPriceList, assignedAt)
        SELECT ?, ?, idPriceList, UTC_TIMESTAMP() FROM \(acc).price_list WHERE name = ?
        ON DUPLICATE KEY UPDATE idPriceList = VALUES(idPriceList), assignedAt = VALUES(assignedAt)
        """, [.int(enterprise), .datetime(from), .text(list)])
      if let logged { try db.execute("CALL \(acc).LOG_WRITE('WARN', 'price', ?)", [.text(logged)]) }
    }
    return logged
  }

  /// The prices in force at `at` (nil: now), one line each, and the enterprises' assignments.
  public func show(at: String?) throws -> [String] {
    let t: SQLValue = at.map { .datetime($0) } ?? .null
    let prices = try db.query(
      """
      SELECT l.name, l.currency, DATE_FORMAT(v.validFrom, '%Y-%m-%dT%H:%i:%sZ'), p.idAccountingResourceType, r.resourceType,
             IF(p.anyDiscriminator = 1, '*', p.idDiscriminator), p.unitPrice, r.readableUnit
        FROM \(acc).price_list l
        JOIN \(acc).price_list_version v ON v.idPriceList = l.idPriceList
         AND v.validFrom = (SELECT MAX(w.validFrom) FROM \(acc).price_list_version w
                             WHERE w.idPriceList = l.idPriceList AND w.validFrom <= COALESCE(?, UTC_TIMESTAMP()))
        JOIN \(acc).price p ON p.idPriceList = v.idPriceList AND p.validFrom = v.validFrom
        JOIN \(acc).RESOURCE_TYPE_VW r ON r.idAccountingResourceType = p.idAccountingResourceType
       ORDER BY l.name, p.idAccountingResourceType, p.anyDiscriminator, p.idDiscriminator
      """, [t])
    var out = prices.map { r in
      "\(r[0].description) (\(r[1].description), version \(r[2].description)): type \(r[3].description) \(r[4].description) discriminator \(r[5].description): \(r[6].description) per \(r[7].description)"
    }
    let assigned = try db.query(
      """
      SELECT a.idEnterprise, l.name, DATE_FORMAT(a.validFrom, '%Y-%m-%dT%H:%i:%sZ')
        FROM \(acc).price_assignment a JOIN \(acc).price_list l ON l.idPriceList = a.idPriceList
       WHERE a.validFrom = (SELECT MAX(b.validFrom) FROM \(acc).price_assignment b
                             WHERE b.idEnterprise = a.idEnterprise AND b.validFrom <= COALESCE(?, UTC_TIMESTAMP()))
       ORDER BY a.idEnterprise
      """, [t])
    out += assigned.map { "enterprise \($0[0].description): price list \($0[1].description) since \($0[2].description)" }
    if out.isEmpty { out = ["no prices in force"] }
    return out
  }
}

/// Monthly budgets per enterprise and the notices written when a threshold is crossed
/// (BUDGET_STATUS_VW, BUDGET_NOTICES, accounting_notice).
public struct Budgets: SchemaService {
  public let db: Connection
  public let names: SchemaNames

  public init(db: Connection, names: SchemaNames) {
    self.db = db
    self.names = names
  }

  /// Parses `50,80,100` (percent, 1 to 1000, each once).
  public static func thresholds(_ text: String) throws -> [Int] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: " ") }
    var out: [Int] = []
    for p in parts {
      guard let n = Int(p), (1...1000).contains(n), !out.contains(n) else {
        throw InputError("bad thresholds '\(text)': percents from 1 to 1000, each once, separated by commas")
      }
      out.append(n)
    }
    return out.sorted()
  }

  /// Sets (or replaces) the monthly budget of `enterprise`: `amount` (a decimal > 0) in the
  /// currency of the price list that prices it now. Returns that currency.
  public func set(enterprise: Int64, amount: String, thresholds: [Int]) throws -> String {
    guard PriceCSV.isDecimal(amount), amount.contains(where: { $0 != "0" && $0 != "." }) else {
      throw InputError("bad amount '\(amount)': a decimal above 0, at most 12 decimals")
    }
    guard
      let currency = try db.query(
        """
        SELECT l.currency FROM \(acc).price_list l
         WHERE l.idPriceList = COALESCE(
                 (SELECT a.idPriceList FROM \(acc).price_assignment a
                   WHERE a.idEnterprise = ? AND a.validFrom <= UTC_TIMESTAMP() ORDER BY a.validFrom DESC LIMIT 1),
                 (SELECT x.idPriceList FROM \(acc).price_list x WHERE x.name = 'default'))
        """, [.int(enterprise)]
      ).first?[0].string
    else { throw PricingError.unknownList("for enterprise \(enterprise) (no assignment and no list 'default')") }
    try db.transaction {
      try db.execute(
        """
        INSERT INTO \(acc).budget (idEnterprise, amount, currency, setAt) VALUES (?, CAST(? AS DECIMAL(38,12)), ?, UTC_TIMESTAMP())
        ON DUPLICATE KEY UPDATE amount = VALUES(amount), currency = VALUES(currency), setAt = VALUES(setAt)
        """, [.int(enterprise), .text(amount), .text(currency)])
      try db.execute("DELETE FROM \(acc).budget_threshold WHERE idEnterprise = ?", [.int(enterprise)])
      for p in thresholds {
        try db.execute("INSERT INTO \(acc).budget_threshold (idEnterprise, percent) VALUES (?, ?)", [.int(enterprise), .int(Int64(p))])
      }
    }
    return currency
  }

  /// BUDGET_STATUS_VW, one line per enterprise and month.
  public func show() throws -> [String] {
    let rows = try db.query(
      """
      SELECT s.idEnterprise, s.enterpriseName, DATE_FORMAT(s.month, '%Y-%m'), s.currency,
             CAST(s.costToDate AS DECIMAL(38,2)), CAST(s.budget AS DECIMAL(38,2)), CAST(s.sharePercent AS DECIMAL(10,1)),
             COALESCE(CONCAT(s.thresholdCrossed, '%'), 'none'), CAST(s.forecast AS DECIMAL(38,2)), s.hoursProcessed, s.hoursInMonth
        FROM \(acc).BUDGET_STATUS_VW s ORDER BY s.month, s.idEnterprise
      """)
    if rows.isEmpty { return ["no budget with cost yet"] }
    return rows.map { r in
      "enterprise \(r[0].description) (\(r[1].description)) \(r[2].description): \(r[4].description) of \(r[5].description) \(r[3].description) (\(r[6].description)%), threshold crossed \(r[7].description), forecast \(r[8].description) (\(r[9].description) of \(r[10].description) hours processed)"
    }
  }

  /// The notices written since `since` (nil: all), oldest first.
  public func notices(since: String?) throws -> [String] {
    let rows = try db.query(
      """
      SELECT DATE_FORMAT(n.noticedAt, '%Y-%m-%dT%H:%i:%sZ'), n.idEnterprise, DATE_FORMAT(n.month, '%Y-%m'), n.percent,
             CAST(n.cost AS DECIMAL(38,2)), CAST(n.budget AS DECIMAL(38,2)), n.currency
        FROM \(acc).accounting_notice n
       WHERE ? IS NULL OR n.noticedAt >= ?
       ORDER BY n.noticedAt, n.idNotice
      """, [since.map { .datetime($0) } ?? .null, since.map { .datetime($0) } ?? .null])
    return rows.map { r in
      "\(r[0].description) enterprise \(r[1].description) crossed \(r[3].description)% of its budget for \(r[2].description): \(r[4].description) of \(r[5].description) \(r[6].description)"
    }
  }
}

/// The FOCUS 1.0 export: FOCUS_VW's columns for the charges of a period, as RFC 4180 CSV.
public enum FOCUSExport {
  /// The FOCUS 1.0 Column IDs, in the order the export writes them (FOCUS_VW's own order).
  public static let columns = [
    "AvailabilityZone", "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodStart",
    "BillingPeriodEnd", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd",
    "ChargePeriodStart", "CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountName",
    "CommitmentDiscountStatus", "CommitmentDiscountType", "ConsumedQuantity", "ConsumedUnit", "ContractedCost",
    "ContractedUnitPrice", "EffectiveCost", "InvoiceIssuerName", "ListCost", "ListUnitPrice", "PricingCategory",
    "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "RegionId", "RegionName", "ResourceId",
    "ResourceName", "ResourceType", "ServiceCategory", "ServiceName", "SkuId", "SkuPriceId", "SubAccountId",
    "SubAccountName", "Tags",
  ]
}

extension Reporter {
  /// The charges of [from, to) (and of one enterprise) as FOCUS CSV: a header, CRLF line ends,
  /// NULL as an empty field.
  public func focusCSV(_ options: ReportOptions) throws -> String {
    guard options.from < options.to else { throw InputError.emptyPeriod(from: options.from, to: options.to) }
    let period = options.condition(time: "f.x_HourStart", enterprise: "f.x_EnterpriseId")
    var out = FOCUSExport.columns.joined(separator: ",") + "\r\n"
    try db.forEachRow(
      """
      SELECT \(FOCUSExport.columns.map { "f." + $0 }.joined(separator: ", "))
        FROM \(acc).FOCUS_VW f
       WHERE \(period.sql)
       ORDER BY f.x_HourStart, f.BillingAccountId, f.ResourceId, f.SkuId
      """, period.parameters
    ) { row in
      out += row.values.map { $0.isNull ? "" : csvField($0.description) }.joined(separator: ",") + "\r\n"
    }
    return out
  }
}
