import AccountingKit
import Foundation

/// one hour with N active VMs (each with a volume and an IP), rows per second, beside a
/// bare `INSERT … SELECT` of the same rows (the engine's limit for this row width); and the same
/// hour with a year of closed, consolidated history behind it versus none.
/// Events and names are built in bulk with set-based SQL, not through the triggers.
struct RollupBench {
  let db: Connection
  let names: SchemaNames
  let sizes: [Int]
  let rounds: Int

  let hour = "2026-03-10 12:00:00"

  func run() throws {
    report("## Hourly rollup")
    report("")
    report("One hour, every VM deployed the whole hour with a volume and a public IP; `ROLLUP_HOUR` (one transaction) against a bare `INSERT … SELECT` of the same rows into a copy of the detail table; medians of \(rounds) interleaved rounds.")
    report("")
    report("| active VMs | detail rows | ROLLUP_HOUR, first time | rows/s | share of bare rate | again (replace) | share | bare INSERT…SELECT | target |")
    report("|---|---|---|---|---|---|---|---|---|")
    var historyLine: String?
    for n in sizes {
      try build(vms: n)
      let (rows, firstTimes, againTimes, bareTimes) = try measure()
      let hourMedian = median(firstTimes)
      let againMedian = median(againTimes)
      let bareMedian = median(bareTimes)
      let target = n >= 100_000 ? "≤ 15 s; ≥ 0.5×" : "≥ 0.5×"
      report(
        "| \(n) | \(rows) | \(fmt(hourMedian)) s | \(fmt(Double(rows) / hourMedian, 0)) | \(fmt(bareMedian / hourMedian))× | \(fmt(againMedian)) s | \(fmt(bareMedian / againMedian))× | \(fmt(bareMedian)) s | \(target) |")
      if historyLine == nil {
        let without = hourMedian
        try addHistory(vms: n, days: 365)
        let (_, withTimes, _, _) = try measure()
        let with = median(withTimes)
        historyLine = "| \(n) VMs, one hour, with \(n * 365) closed consolidated intervals (a year) behind it | \(fmt(without)) s without, \(fmt(with)) s with | ratio \(fmt(with / without))× | target ≤ 1.2× |"
      }
    }
    report("")
    if let historyLine {
      report("| history | times | ratio | target |")
      report("|---|---|---|---|")
      report(historyLine)
      report("")
    }
  }

  /// Drops and installs the pair, then N open VM, volume and IP intervals started before the hour.
  private func build(vms n: Int) throws {
    progress("rollup: building \(n) VMs, volumes and IPs in bulk")
    try installFresh(db, names)
    let acc = names.accounting
    let start = "2026-03-01 00:00:00"
    try db.run("USE \(acc)")  // the sequence engine's seq_1_to_N needs a current database
    try db.run(
      """
      INSERT INTO \(acc).accounting_event_vm (idVM, idEnterprise, idVirtualDataCenter, idVirtualApp, cpu, ram, hd,
        startTime, stopTime, costCode, hypervisorType, idDataCenter, region, haEnabled, antiAffinity, powerOn)
      SELECT seq, 1 + seq % 50, 1 + seq % 200, 1 + seq % 1000, 1 + seq % 8, 1024 * (1 + seq % 16), 10737418240,
        '\(start)', NULL, IF(seq % 3 = 0, 1 + seq % 5, NULL), 'KVM', 1, 'eu-west', seq % 2, IF(seq % 7 = 0, 1, 0), IF(seq % 4 = 0, 0, 1)
      FROM seq_1_to_\(n);
      INSERT INTO \(acc).accounting_event_storage (idManagement, idEnterprise, idVirtualDataCenter, idVirtualApp,
        idVirtualMachine, sizeMB, idTier, startTime, stopTime, idDataCenter, region)
      SELECT seq, 1 + seq % 50, 1 + seq % 200, 1 + seq % 1000, seq, 1024 * (1 + seq % 10), 1 + seq % 3, '\(start)', NULL, 1, 'eu-west'
      FROM seq_1_to_\(n);
      INSERT INTO \(acc).accounting_event_ips (idManagement, ip, vlan_network_id, idEnterprise, idVirtualDataCenter,
        startTime, stopTime, idDataCenter, region)
      SELECT seq, CONCAT('10.', seq DIV 65536, '.', (seq DIV 256) % 256, '.', seq % 256), 1, 1 + seq % 50, 1 + seq % 200,
        '\(start)', NULL, 1, 'eu-west'
      FROM seq_1_to_\(n);
      INSERT INTO \(acc).name_history (objectKind, idObject, validFrom, validTo, name)
      SELECT 5, seq, '\(start)', NULL, CONCAT('vm-', seq) FROM seq_1_to_\(n);
      INSERT INTO \(acc).name_history (objectKind, idObject, validFrom, validTo, name)
      SELECT 11, seq, '\(start)', NULL, CONCAT('volume-', seq) FROM seq_1_to_\(n);
      INSERT INTO \(acc).name_history (objectKind, idObject, validFrom, validTo, name)
      SELECT 1, seq, '\(start)', NULL, CONCAT('enterprise-', seq) FROM seq_1_to_50;
      INSERT INTO \(acc).name_history (objectKind, idObject, validFrom, validTo, name)
      SELECT 3, seq, '\(start)', NULL, CONCAT('vdc-', seq) FROM seq_1_to_200;
      INSERT INTO \(acc).name_history (objectKind, idObject, validFrom, validTo, name)
      SELECT 4, seq, '\(start)', NULL, CONCAT('vapp-', seq) FROM seq_1_to_1000;
      INSERT INTO \(acc).name_history (objectKind, idObject, validFrom, validTo, name)
      SELECT 9, seq, '\(start)', NULL, CONCAT('tier-', seq) FROM seq_1_to_3;
      INSERT INTO \(acc).name_history (objectKind, idObject, validFrom, validTo, name)
      SELECT 8, seq, '\(start)', NULL, CONCAT('cost-', seq) FROM seq_1_to_5;
      INSERT INTO \(acc).name_history (objectKind, idObject, validFrom, validTo, name) VALUES (2, 1, '\(start)', NULL, 'dc1');
      """)
    try db.run("ANALYZE TABLE \(acc).accounting_event_vm, \(acc).accounting_event_storage, \(acc).accounting_event_ips, \(acc).name_history")
  }

  /// A year of closed, consolidated daily intervals per VM before the measured hour's month.
  private func addHistory(vms n: Int, days: Int) throws {
    progress("rollup: adding \(n * days) closed intervals of history")
    let acc = names.accounting
    try db.run(
      """
      INSERT INTO \(acc).accounting_event_vm (idVM, idEnterprise, idVirtualDataCenter, idVirtualApp, cpu, ram, hd,
        startTime, stopTime, consolidated, hypervisorType, idDataCenter, region, haEnabled, antiAffinity, powerOn)
      SELECT v.seq, 1 + v.seq % 50, 1 + v.seq % 200, 1 + v.seq % 1000, 2, 2048, 10737418240,
        TIMESTAMP'2025-03-01 00:00:00' + INTERVAL d.seq DAY, TIMESTAMP'2025-03-01 00:00:00' + INTERVAL d.seq DAY + INTERVAL 23 HOUR,
        1, 'KVM', 1, 'eu-west', 0, 0, 1
      FROM seq_1_to_\(n) v JOIN seq_0_to_\(days - 1) d
      """)
    try db.run("ANALYZE TABLE \(acc).accounting_event_vm")
  }

  /// Interleaved rounds: the hour processed the first time (its detail, summaries and ledger
  /// emptied before, untimed), then again (delete and rewrite), and the bare copy of its rows.
  /// Returns the detail rows and the three timings.
  private func measure() throws -> (Int64, [Double], [Double], [Double]) {
    let acc = names.accounting
    try db.run("DROP TABLE IF EXISTS \(acc).bench_bare")
    try db.run("CREATE TABLE \(acc).bench_bare LIKE \(acc).accounting_event_detail")
    var firstTimes: [Double] = []
    var againTimes: [Double] = []
    var bareTimes: [Double] = []
    var rows: Int64 = 0
    for round in 0..<rounds {
      for table in [
        "accounting_event_detail", "accounting_summary_hourly", "accounting_summary_daily", "accounting_summary_monthly",
        "accounting_rollup_ledger", "accounting_rollup_ledger_history", "bench_bare",
      ] {
        try db.run("TRUNCATE TABLE \(acc).\(table)")
      }
      let first = try timed { _ = try db.execute("CALL \(acc).ROLLUP_HOUR(?)", [.datetime(hour)]) }
      firstTimes.append(first)
      let again = try timed { _ = try db.execute("CALL \(acc).ROLLUP_HOUR(?)", [.datetime(hour)]) }
      againTimes.append(again)
      rows = try db.scalar("SELECT COUNT(*) FROM \(acc).accounting_event_detail WHERE starttime = ?", [.datetime(hour)]).int ?? 0
      let b = try timed {
        try db.transaction {
          _ = try db.execute(
            "INSERT INTO \(acc).bench_bare SELECT * FROM \(acc).accounting_event_detail WHERE starttime = ?", [.datetime(hour)])
        }
      }
      bareTimes.append(b)
      progress("rollup: round \(round + 1)/\(rounds): \(rows) rows, first \(fmt(first)) s, again \(fmt(again)) s, bare \(fmt(b)) s")
    }
    try db.run("DROP TABLE IF EXISTS \(acc).bench_bare")
    return (rows, firstTimes, againTimes, bareTimes)
  }
}
