import AccountingKit
import Foundation

/// the views on years of data. A quarter (2026-01-01 .. 2026-04-01, 2,160 hours) of
/// hourly detail for 1,000 VMs held all quarter, 9 resource types each (~19.4M rows), with its
/// hourly, daily and monthly summaries, built in bulk with set-based SQL (the sequence engine),
/// not through the triggers or the rollup. Measured side by side: "monthly usage per enterprise
/// for the quarter" through MONTHLY_USAGE_SUM_VW, and the same question answered by a GROUP BY
/// over accounting_event_detail; both must return the same rows. Targets: ≤ 50 ms per view query,
/// ≥ 100× faster than the scan.
struct ViewBench {
  let db: Connection
  let names: SchemaNames
  let rounds: Int
  let vms = 1_000
  let days = 90
  let enterprises = 50
  /// The types of a VM deployed ON, HA-hosted, in an anti-affinity layer, with a cost code.
  let types = [1, 2, 3, 7, 8, 12, 15, 17, 24]
  let from = "2026-01-01 00:00:00"
  let to = "2026-04-01 00:00:00"
  let minimumFreeGiB = 20.0

  func run() throws {
    report("## Views on a quarter of data")
    report("")
    guard enoughFreeSpace(db, minimumGiB: minimumFreeGiB) else { return }
    let buildSeconds = try timed { try build() }
    let acc = quoteIdent(names.accounting)
    let sizes = try db.query(
      """
      SELECT TABLE_NAME, TABLE_ROWS, ROUND((DATA_LENGTH + INDEX_LENGTH) / 1048576)
      FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN
        ('accounting_event_detail', 'accounting_summary_hourly', 'accounting_summary_daily', 'accounting_summary_monthly')
      ORDER BY DATA_LENGTH DESC
      """, [.text(names.accounting)])
    var counts: [String: Int64] = [:]
    for table in [
      "accounting_event_detail", "accounting_summary_hourly", "accounting_summary_daily",
      "accounting_summary_monthly",
    ] {
      counts[table] = try db.scalar("SELECT COUNT(*) FROM \(acc).\(table)").int ?? 0
    }

    // The question, both ways: per UTC month, enterprise and type, the units and unit-seconds.
    let viewQuery = """
      SELECT v.starttime, v.idEnterprise, MAX(v.enterpriseName), v.idAccountingResourceType, MAX(v.resourceType),
             SUM(v.resourceUnits), SUM(v.unitSeconds), CAST(SUM(v.unitSeconds) / 3600 AS DECIMAL(38,6))
      FROM \(acc).MONTHLY_USAGE_SUM_VW v
      WHERE v.starttime >= ? AND v.starttime < ?
      GROUP BY v.starttime, v.idEnterprise, v.idAccountingResourceType
      ORDER BY v.starttime, v.idEnterprise, v.idAccountingResourceType
      """
    let scanQuery = """
      SELECT TIMESTAMP(DATE_FORMAT(d.starttime, '%Y-%m-01')) AS month, d.idEnterprise, MAX(d.enterpriseName),
             d.idAccountingResourceType, MAX(t.name), SUM(d.resourceUnits), SUM(d.unitSeconds),
             CAST(SUM(d.unitSeconds) / 3600 AS DECIMAL(38,6))
      FROM \(acc).accounting_event_detail d
      LEFT JOIN \(acc).accounting_resource_type t ON t.idAccountingResourceType = d.idAccountingResourceType
      WHERE d.starttime >= ? AND d.starttime < ?
      GROUP BY month, d.idEnterprise, d.idAccountingResourceType
      ORDER BY month, d.idEnterprise, d.idAccountingResourceType
      """
    let period: [SQLValue] = [.datetime(from), .datetime(to)]
    let view = try db.prepare(viewQuery)
    let scan = try db.prepare(scanQuery)
    defer {
      view.close()
      scan.close()
    }

    // Warm-up, and the check that both answer the same.
    let viewRows = try view.execute(period).rows
    progress("views: the scan, first run")
    let scanRows = try scan.execute(period).rows
    let same =
      viewRows.map { $0.values.map(\.description) } == scanRows.map { $0.values.map(\.description) }

    // Interleaved rounds: the scan once, the view query five times.
    var viewTimes: [Double] = []
    var scanTimes: [Double] = []
    let scanRounds = max(3, rounds / 2)
    for round in 0..<scanRounds {
      let s = try timed { _ = try scan.execute(period) }
      scanTimes.append(s)
      for _ in 0..<5 { viewTimes.append(try timed { _ = try view.execute(period) }) }
      progress(
        "views: round \(round + 1)/\(scanRounds): scan \(fmt(s)) s, view \(fmt(viewTimes.suffix(5).min()! * 1000, 1)) ms (best of 5)"
      )
    }
    let viewMedian = median(viewTimes)
    let scanMedian = median(scanTimes)

    report(
      "\(vms) VMs held all quarter (\(from.prefix(10)) .. \(to.prefix(10)), \(days * 24) hours), \(types.count) resource types each, \(enterprises) enterprises in \(enterprises * 2) VDCs; built in bulk (set-based `INSERT … SELECT` from the sequence engine, one day per statement) in \(fmt(buildSeconds, 0)) s. \"Monthly usage per enterprise for the quarter\" (per month, enterprise and type: units, unit-seconds, unit-hours), through the view and by a `GROUP BY` over the hourly detail; medians of \(viewTimes.count) view and \(scanTimes.count) scan runs, interleaved, after a warm-up; both return the same \(viewRows.count) rows: \(same ? "yes" : "NO")."
    )
    report("")
    report("| table | rows | MB (data + index, estimated) |")
    report("|---|---|---|")
    for row in sizes {
      let table = row[0].description
      report("| `\(table)` | \(counts[table] ?? 0) | \(row[2].description) |")
    }
    report("")
    report("| query | rows returned | median | target |")
    report("|---|---|---|---|")
    report(
      "| `MONTHLY_USAGE_SUM_VW`, `GROUP BY` month, enterprise, type | \(viewRows.count) | \(fmt(viewMedian * 1000, 1)) ms | ≤ 50 ms |"
    )
    report(
      "| `accounting_event_detail`, `GROUP BY` month, enterprise, type | \(scanRows.count) | \(fmt(scanMedian, 2)) s | |"
    )
    report("| ratio (scan / view) | | \(fmt(scanMedian / viewMedian, 0))× | ≥ 100× |")
    report("")
    report("`EXPLAIN` of the view query:")
    report("")
    try explain(viewQuery, period)
    report("`EXPLAIN` of the scan:")
    report("")
    try explain(scanQuery, period)
  }

  /// A Markdown table of EXPLAIN (the prepared statement's parameters inlined as literals: EXPLAIN
  /// takes no placeholders through the text protocol).
  private func explain(_ query: String, _ period: [SQLValue]) throws {
    var text = query
    for value in period {
      guard let r = text.range(of: "?") else { break }
      text.replaceSubrange(r, with: "TIMESTAMP'\(value.description)'")
    }
    let rows = try db.run("EXPLAIN " + text)
    let columns = ["id", "select_type", "table", "type", "key", "key_len", "rows", "Extra"]
    report("| " + columns.joined(separator: " | ") + " |")
    report("|" + String(repeating: "---|", count: columns.count))
    for row in rows.rows {
      report("| " + columns.map { row[$0].string ?? "" }.joined(separator: " | ") + " |")
    }
    report("")
  }

  /// Installs the pair, then the quarter's detail one day per statement (216,000 rows each), each
  /// day's hourly summary from its detail rows, the daily summaries from the hourly ones and the
  /// monthly from the daily, as the rollup would have left them (names of the period's last hour).
  /// VM n: enterprise 1 + (n - 1) % 50, in one of its two VDCs (alternating by 50s), 1 to 8 cores, 1 to 16 GiB of RAM,
  /// 10 to 40 GiB of disk, one of 5 cost codes.
  private func build() throws {
    progress("views: installing \(names.accounting)")
    try installFresh(db, names)
    let acc = quoteIdent(names.accounting)
    try db.run("USE \(acc)")  // seq_1_to_N needs a current database
    try db.run(
      """
      CREATE TABLE \(acc).bench_view_vm (
        id INT UNSIGNED NOT NULL PRIMARY KEY, ent INT UNSIGNED NOT NULL, vdc INT UNSIGNED NOT NULL,
        vapp INT UNSIGNED NOT NULL, cc INT UNSIGNED NOT NULL, cpu BIGINT UNSIGNED NOT NULL,
        ram BIGINT UNSIGNED NOT NULL, hd BIGINT UNSIGNED NOT NULL
      ) ENGINE=InnoDB;
      INSERT INTO \(acc).bench_view_vm
      SELECT seq, 1 + (seq - 1) % \(enterprises), 1 + (seq - 1) % \(enterprises) + \(enterprises) * ((seq - 1) DIV \(enterprises) % 2),
             1 + (seq - 1) % 200, 1 + seq % 5, 1 + seq % 8, 1024 * (1 + seq % 16), 10737418240 * (1 + seq % 4)
      FROM seq_1_to_\(vms);
      CREATE TABLE \(acc).bench_view_type (id TINYINT UNSIGNED NOT NULL PRIMARY KEY) ENGINE=InnoDB;
      INSERT INTO \(acc).bench_view_type VALUES \(types.map { "(\($0))" }.joined(separator: ", "));
      """)
    let insertDay = try db.prepare(
      """
      INSERT INTO \(acc).accounting_event_detail
        (starttime, endTime, idAccountingResourceType, idResource, idEnterprise, idVirtualDataCenter,
         idVirtualApp, idDiscriminator, resourceName, resourceUnits, usageSeconds, unitSeconds,
         idVirtualMachine, enterpriseName, virtualDataCenter, virtualApp, virtualmachine, costCode,
         costCodeName, idStorageTier, storageTierName, idDataCenter, dataCenterName, idHardwareProfile,
         idAccountingEvent, hypervisorType, region, internal_provider_id, account_id)
      SELECT STRAIGHT_JOIN d.day + INTERVAL h.seq HOUR, d.day + INTERVAL (h.seq + 1) HOUR, t.id, v.id, v.ent, v.vdc,
        v.vapp, CASE t.id WHEN 7 THEN 1 WHEN 24 THEN v.cc ELSE 0 END,
        CASE t.id WHEN 7 THEN 'KVM' WHEN 24 THEN CONCAT('cost-', v.cc) ELSE CONCAT('vm-', v.id) END,
        CASE WHEN t.id IN (1, 15) THEN v.cpu WHEN t.id IN (2, 17) THEN v.ram WHEN t.id = 3 THEN v.hd ELSE 1 END,
        3600,
        CAST(CASE WHEN t.id IN (1, 15) THEN v.cpu WHEN t.id IN (2, 17) THEN v.ram WHEN t.id = 3 THEN v.hd ELSE 1 END
             AS DECIMAL(38,0)) * 3600,
        v.id, CONCAT('enterprise-', v.ent), CONCAT('vdc-', v.vdc), CONCAT('vapp-', v.vapp), CONCAT('vm-', v.id),
        v.cc, CONCAT('cost-', v.cc), NULL, NULL, 1, 'dc1', NULL,
        v.id, 'KVM', 'eu-west', CONCAT('prov-', v.id), CONCAT('ACC-', v.ent)
      FROM (SELECT CAST(? AS DATETIME) AS day) d
      JOIN seq_0_to_23 h
      JOIN \(acc).bench_view_type t
      JOIN \(acc).bench_view_vm v
      """)
    let summarizeDay = try db.prepare(
      """
      INSERT INTO \(acc).accounting_summary_hourly
        (starttime, idEnterprise, idVirtualDataCenter, idAccountingResourceType, resourceUnits, unitSeconds,
         detailRows, enterpriseName, virtualDataCenter)
      SELECT d.starttime, d.idEnterprise, d.idVirtualDataCenter, d.idAccountingResourceType, SUM(d.resourceUnits),
             SUM(d.unitSeconds), COUNT(*), MAX(d.enterpriseName), MAX(d.virtualDataCenter)
      FROM \(acc).accounting_event_detail d
      WHERE d.starttime >= ? AND d.starttime < ? + INTERVAL 1 DAY
      GROUP BY d.starttime, d.idEnterprise, d.idVirtualDataCenter, d.idAccountingResourceType
      """)
    defer {
      insertDay.close()
      summarizeDay.close()
    }
    for day in 0..<days {
      let start = try db.scalar("SELECT ? + INTERVAL ? DAY", [.datetime(from), .int(Int64(day))])
        .description
      let t = try timed {
        _ = try insertDay.execute([.datetime(start)])
        _ = try summarizeDay.execute([.datetime(start), .datetime(start)])
      }
      if day % 10 == 0 || day == days - 1 {
        progress(
          "views: day \(day + 1)/\(days) (\(start.prefix(10))): \(vms * 24 * types.count) detail rows in \(fmt(t)) s"
        )
      }
    }
    try db.run(
      """
      INSERT INTO \(acc).accounting_summary_daily
        (starttime, idEnterprise, idVirtualDataCenter, idAccountingResourceType, resourceUnits, unitSeconds,
         detailRows, enterpriseName, virtualDataCenter, namesHour)
      SELECT DATE(h.starttime), h.idEnterprise, h.idVirtualDataCenter, h.idAccountingResourceType,
             SUM(h.resourceUnits), SUM(h.unitSeconds), SUM(h.detailRows), MAX(h.enterpriseName),
             MAX(h.virtualDataCenter), MAX(h.starttime)
      FROM \(acc).accounting_summary_hourly h
      GROUP BY DATE(h.starttime), h.idEnterprise, h.idVirtualDataCenter, h.idAccountingResourceType;
      INSERT INTO \(acc).accounting_summary_monthly
        (starttime, idEnterprise, idVirtualDataCenter, idAccountingResourceType, resourceUnits, unitSeconds,
         detailRows, enterpriseName, virtualDataCenter, namesHour)
      SELECT TIMESTAMP(DATE_FORMAT(s.starttime, '%Y-%m-01')), s.idEnterprise, s.idVirtualDataCenter,
             s.idAccountingResourceType, SUM(s.resourceUnits), SUM(s.unitSeconds), SUM(s.detailRows),
             MAX(s.enterpriseName), MAX(s.virtualDataCenter), MAX(s.namesHour)
      FROM \(acc).accounting_summary_daily s
      GROUP BY TIMESTAMP(DATE_FORMAT(s.starttime, '%Y-%m-01')), s.idEnterprise, s.idVirtualDataCenter,
               s.idAccountingResourceType;
      DROP TABLE \(acc).bench_view_vm;
      DROP TABLE \(acc).bench_view_type;
      """)
    try db.run(
      """
      ANALYZE TABLE \(acc).accounting_event_detail, \(acc).accounting_summary_hourly,
        \(acc).accounting_summary_daily, \(acc).accounting_summary_monthly
      """)
  }
}
