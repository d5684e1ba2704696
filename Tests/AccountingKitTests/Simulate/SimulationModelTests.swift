import AccountingKit
import AccountingSimulator
import Testing

/// The generator's operation log, fed to an independent model (`UsageModel`: plain Swift, no SQL
/// of the project), predicts every hourly row of types 1-5 and 15-18; the rollup's rows match it
/// exactly, the capture is consistent and the hourly, daily and monthly totals agree.
@Suite(.serialized)
struct SimulationModelTests {
  let t: TestSchema
  init() throws { t = try TestSchema("simmodel") }

  static let types = [1, 2, 3, 4, 5, 15, 16, 17, 18]

  @Test(arguments: [(SimulationSize.small, UInt64(11)), (SimulationSize.demo, UInt64(1))])
  func rollupMatchesTheModel(_ size: SimulationSize, _ seed: UInt64) throws {
    let result = try Simulator(
      db: t.db, names: t.names, options: SimulationOptions(size: size, seed: seed)
    ).run()
    #expect(
      try t.rows("CALL {acc}.VERIFY_CAPTURE()") == [], "the capture disagrees with the inventory")

    let predicted = try UsageModel.predict(result.operations, end: result.end)
    #expect(predicted.count > 1000)

    let end = UnixTime.text(result.end)
    try t.exec("CALL {acc}.ROLLUP_RUN(?, ?, 0, 0)", .datetime(end), .datetime(end))
    #expect(
      try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_rollup_ledger")
        == String(result.options.days * 24),
      "every hour of the period is processed")

    let rows = try t.rows(
      """
      SELECT UNIX_TIMESTAMP(starttime), idAccountingResourceType, idResource, idEnterprise, idVirtualDataCenter,
             idVirtualApp, idDiscriminator, resourceUnits, usageSeconds, unitSeconds
      FROM {acc}.accounting_event_detail
      WHERE idAccountingResourceType IN (\(Self.types.map(String.init).joined(separator: ", ")))
      """)
    var actual: [UsageModel.Key: UsageModel.Usage] = [:]
    for r in rows {
      let n = r.map { $0 ?? "NULL" }
      let key = UsageModel.Key(
        hour: Int64(n[0])!, type: Int(n[1])!, resource: Int(n[2])!, enterprise: Int(n[3])!,
        vdc: Int(n[4])!,
        vapp: Int(n[5])!)
      #expect(n[6] == "0", "a discriminator on \(key)")
      #expect(actual[key] == nil, "two rows for \(key)")
      actual[key] = UsageModel.Usage(
        units: UInt64(n[7])!, seconds: Int64(n[8])!, unitSeconds: UInt64(n[9])!)
    }

    var problems: [String] = []
    for key in Set(predicted.keys).union(actual.keys).sorted() {
      let p = predicted[key]
      let a = actual[key]
      if p == a { continue }
      let at =
        "\(UnixTime.text(key.hour)) type \(key.type) resource \(key.resource) enterprise \(key.enterprise) vdc \(key.vdc) vapp \(key.vapp)"
      problems.append(
        "\(at): model \(p.map(\.description) ?? "no row"), rollup \(a.map(\.description) ?? "no row")"
      )
    }
    #expect(
      problems.isEmpty,
      "\(problems.count) mismatches, the first: \(problems.prefix(25).joined(separator: "\n"))")
    for type in Self.types {
      #expect(predicted.keys.contains { $0.type == type }, "the model has no row of type \(type)")
    }

    // Hourly, daily and monthly totals agree (the period lies in one month).
    let totals = "SELECT COALESCE(SUM(resourceUnits), 0), COALESCE(SUM(unitSeconds), 0) FROM "
    let detail = try t.rows(totals + "{acc}.accounting_event_detail")
    #expect(try t.rows(totals + "{acc}.HOURLY_USAGE_SUM_VW") == detail)
    #expect(try t.rows(totals + "{acc}.DAILY_USAGE_SUM_VW") == detail)
    #expect(try t.rows(totals + "{acc}.MONTHLY_USAGE_SUM_VW") == detail)
  }
}
