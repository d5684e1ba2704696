import AccountingKit
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// purging one month (January 2023, 744 hours) of hourly detail for N VMs (7 types: about
/// 5.2M rows at 1,000 VMs) by dropping its monthly partition and by batched DELETE, side by side,
/// as rows per second; meanwhile a second connection runs single-row autocommit inventory
/// UPDATEs (alternately an unaccounted description change and an accounted cpu change, whose
/// trigger closes and opens an interval) and records how long each waits. Also the rollup's cost
/// with the detail partitioned (about 40 monthly partitions, the default three years) and not.
/// The month (detail, its sums, ledger rows, a month of closed consolidated intervals, log lines)
/// is built in bulk with set-based SQL; the inventory (1 datacenter, 10 enterprises, VDCs and
/// vApps, N VMs deployed since December 2022) goes through the triggers so that the UPDATE loop
/// finds open intervals. The purge runs at 2023-03-15 with 30 days of retention: cut-off
/// 2023-02-01, the month of January 2023 is the lowest partition.
struct PurgeBench {
  let db: Connection
  let names: SchemaNames
  let vms: Int
  let batchRows: Int
  let rounds: Int

  let now = "2023-03-15 00:00:00"
  let hour = "2023-02-10 12:00:00"

  private var acc: String { quoteIdent(names.accounting) }
  private var inv: String { quoteIdent(names.inventory) }

  func run() throws {
    report("## Purge")
    report("")
    guard enoughFreeSpace(db, minimumGiB: 20) else { return }
    try build()
    let partitions =
      try db.scalar(
        """
        SELECT COUNT(*) FROM information_schema.PARTITIONS
        WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'accounting_event_detail'
        """, [.text(names.accounting)]
      ).int ?? 0
    let rows =
      try db.scalar(
        "SELECT COUNT(*) FROM \(acc).accounting_event_detail PARTITION (p202301)"
      ).int ?? 0
    let (partitionedHour, plainHour) = try rollupCost()
    let baseline = try updateLoop(idle: 3) {}

    // Partitioned: the month by its partition (PURGE_BATCH counts its rows, then drops it).
    var countSeconds = 0.0
    countSeconds = try timed {
      _ = try db.scalar("SELECT COUNT(*) FROM \(acc).accounting_event_detail PARTITION (p202301)")
    }
    var dropSeconds = 0.0
    var dropped: Int64 = 0
    // The statements inside the procedure, timed by the server's profiler: its two EXECUTEs are
    // the COUNT(*) and the ALTER TABLE … DROP PARTITION.
    try db.run("SET profiling = 1, profiling_history_size = 100")
    let dropLoop = try updateLoop {
      dropSeconds = try timed {
        let r = try db.query(
          "CALL \(acc).PURGE_BATCH(?, 'accounting_event_detail', ?)",
          [.datetime(now), .int(Int64(batchRows))]
        ).first
        dropped = r?["rowsDeleted"].int ?? 0
        precondition(r?["partitionDropped"].string == "p202301", "the partition was not dropped")
      }
    }
    let executes = try db.run("SHOW PROFILES").rows.filter {
      $0["Query"].string == "EXECUTE s_purge"
    }
    .compactMap { Double($0["Duration"].description) }
    try db.run("SET profiling = 0")
    let inCount = executes.count == 2 ? executes[0] : .nan
    let inDrop = executes.count == 2 ? executes[1] : .nan
    var restSeconds = 0.0
    var restRows: Int64 = 0
    let restLoop = try updateLoop {
      restSeconds = try timed {
        let r = try db.query(
          "CALL \(acc).PURGE_RUN(?, ?)", [.datetime(now), .int(Int64(batchRows))]
        ).first
        restRows = r?["rowsDeleted"].int ?? 0
      }
    }

    // Not partitioned: the same month (the copy made for the rollup comparison), deleted in batches.
    try swapDetail()
    try db.run("DROP TABLE \(acc).detail_other")
    try fillMonth(detail: false)
    var deleteSeconds = 0.0
    var deleted: Int64 = 0
    var batches = 0
    let deleteLoop = try updateLoop {
      deleteSeconds = try timed {
        let batch = try db.prepare("CALL \(acc).PURGE_BATCH(?, 'accounting_event_detail', ?)")
        defer { batch.close() }
        while true {
          let r = try batch.execute([.datetime(now), .int(Int64(batchRows))]).rows.first
          deleted += r?["rowsDeleted"].int ?? 0
          batches += 1
          if r?["more"].int != 1 { break }
        }
      }
    }

    report(
      "One month (January 2023, 744 hours) of hourly detail for \(vms) VMs, 7 rows per VM and hour: \(rows) rows, in a table of \(partitions) partitions (January 2023 to March 2026 and pmax: about the three years of the default retention), with its sums, ledger, \(vms * 31) closed intervals and log lines; purged at \(UTCTime.iso(now)) with 30 days of retention (cut-off 2023-02-01T00:00:00Z), batches of \(batchRows) rows. Meanwhile a second connection runs single-row autocommit UPDATEs of `\(names.inventory).virtualmachine` by primary key, alternately an unaccounted description change and an accounted cpu change (its trigger closes the VM's interval and opens the next), and records how long each takes. Idle, that loop's longest UPDATE is \(ms(baseline.longest)) (p99 \(ms(baseline.p99)), \(baseline.count) UPDATEs in 3 s)."
    )
    report("")
    report(
      "| detail month | how | time | rows/s | inventory UPDATEs meanwhile: longest, p99, over 100 ms / all | target |"
    )
    report("|---|---|---|---|---|---|")
    report(
      "| partitioned by month | PURGE_BATCH: COUNT(*) of the partition (\(fmt(inCount, 2)) s; \(fmt(countSeconds, 2)) s run alone just before) + ALTER TABLE … DROP PARTITION (\(fmt(inDrop, 3)) s) | \(fmt(dropSeconds, 3)) s | \(fmt(Double(dropped) / dropSeconds, 0)) (the DROP alone \(fmt(Double(dropped) / inDrop, 0))) | \(dropLoop.line) | drop ≤ 1 s; ≤ 100 ms |"
    )
    report(
      "| not partitioned | PURGE_BATCH × \(batches): DELETE … ORDER BY starttime LIMIT \(batchRows), each its own transaction | \(fmt(deleteSeconds, 1)) s | \(fmt(Double(deleted) / deleteSeconds, 0)) | \(deleteLoop.line) | ≤ 100 ms |"
    )
    report(
      "| the rest of the partitioned run | PURGE_RUN: \(restRows) rows (\(vms * 31) intervals by primary key after a lock-free read, hourly/daily/monthly sums, ledger, log) | \(fmt(restSeconds, 2)) s | \(fmt(Double(restRows) / restSeconds, 0)) | \(restLoop.line) | ≤ 100 ms |"
    )
    report("")
    report(
      "Dropping the month took \(fmt(deleteSeconds / dropSeconds, 0))× less time than deleting it (rows: \(dropped) by the drop, \(deleted) by DELETE). The rollup beside that month: `ROLLUP_HOUR` of \(UTCTime.iso(hour)) again (\(vms) VMs, replace), median of \(rounds) interleaved rounds: partitioned (\(partitions) partitions) \(fmt(partitionedHour, 3)) s, not partitioned \(fmt(plainHour, 3)) s, ratio \(fmt(partitionedHour / plainHour))×."
    )
    report("")
  }

  /// ROLLUP_HOUR of one February hour in the partitioned table and in an unpartitioned copy with
  /// the same rows, swapped in by RENAME TABLE between interleaved rounds: the two medians.
  private func rollupCost() throws -> (Double, Double) {
    progress("purge: an unpartitioned copy of the detail, and the rollup of one hour in each")
    try db.run(
      """
      DROP TABLE IF EXISTS \(acc).detail_other;
      CREATE TABLE \(acc).detail_other LIKE \(acc).accounting_event_detail;
      ALTER TABLE \(acc).detail_other REMOVE PARTITIONING;
      INSERT INTO \(acc).detail_other SELECT * FROM \(acc).accounting_event_detail;
      """)
    _ = try db.query("CALL \(acc).ROLLUP_HOUR(?)", [.datetime(hour)])
    try swapDetail()
    _ = try db.query("CALL \(acc).ROLLUP_HOUR(?)", [.datetime(hour)])
    try swapDetail()
    var partitioned: [Double] = []
    var plain: [Double] = []
    for _ in 0..<rounds {
      partitioned.append(
        try timed { _ = try db.query("CALL \(acc).ROLLUP_HOUR(?)", [.datetime(hour)]) })
      try swapDetail()
      plain.append(try timed { _ = try db.query("CALL \(acc).ROLLUP_HOUR(?)", [.datetime(hour)]) })
      try swapDetail()
    }
    return (median(partitioned), median(plain))
  }

  /// Swaps accounting_event_detail and detail_other (one atomic RENAME).
  private func swapDetail() throws {
    try db.run(
      """
      RENAME TABLE \(acc).accounting_event_detail TO \(acc).detail_swap,
        \(acc).detail_other TO \(acc).accounting_event_detail,
        \(acc).detail_swap TO \(acc).detail_other
      """)
  }

  private func build() throws {
    progress(
      "purge: building the inventory (\(vms) VMs through the triggers) and a month of history in bulk"
    )
    try installFresh(db, names)
    try db.run("USE \(acc)")  // the sequence engine's seq_1_to_N needs a current database
    try db.run(
      """
      SET TIMESTAMP = UNIX_TIMESTAMP('2022-12-01 00:00:00');
      INSERT INTO \(inv).datacenter (idDataCenter, name, region) VALUES (1, 'dc1', 'eu-west');
      INSERT INTO \(inv).enterprise (idEnterprise, name) SELECT seq, CONCAT('enterprise-', seq) FROM seq_1_to_10;
      INSERT INTO \(inv).virtualdatacenter (idVirtualDataCenter, idEnterprise, idDataCenter, name, hypervisorType)
        SELECT seq, seq, 1, CONCAT('vdc-', seq), 'KVM' FROM seq_1_to_10;
      INSERT INTO \(inv).virtualapp (idVirtualApp, idVirtualDataCenter, idEnterprise, name)
        SELECT seq, seq, seq, CONCAT('vapp-', seq) FROM seq_1_to_10;
      INSERT INTO \(inv).virtualmachine (idVM, name, idEnterprise, idVirtualApp, cpu, ram, hd, state)
        SELECT seq, CONCAT('vm-', seq), 1 + seq % 10, 1 + seq % 10, 2, 2048, 10737418240, 'ON' FROM seq_1_to_\(vms);
      SET TIMESTAMP = DEFAULT;
      """)
    try db.run(
      """
      UPDATE \(acc).accounting_rollup_state SET startHour = '2023-01-01 00:00:00' WHERE id = 1;
      CALL \(acc).DETAIL_PARTITIONS_ENSURE('2026-03-31 00:00:00');
      UPDATE \(acc).accounting_rollup_state SET startHour = '2023-01-01 00:00:00' WHERE id = 1;
      UPDATE \(acc).accounting_parameter SET value = '30' WHERE name LIKE 'retention.%';
      """)
    try fillMonth(detail: true)
  }

  /// January's detail rows, hourly, daily and monthly sums, ledger rows (January and February, so
  /// the purge's cap is March), closed consolidated intervals and log lines, set-based.
  private func fillMonth(detail: Bool) throws {
    progress(
      "purge: inserting a month of \(detail ? "detail (\(vms * 744 * 7) rows), " : "")sums, ledger, intervals"
    )
    try db.run("USE \(acc)")
    try db.run(
      """
      UPDATE \(acc).accounting_rollup_state SET processedFloor = NULL WHERE id = 1;
      DELETE FROM \(acc).accounting_rollup_ledger;
      DELETE FROM \(acc).accounting_summary_hourly WHERE starttime < '2023-02-01';
      """)
    if detail {
      try db.run(
        """
          INSERT INTO \(acc).accounting_event_detail (starttime, endTime, idAccountingResourceType, idResource,
          idEnterprise, idVirtualDataCenter, idVirtualApp, idDiscriminator, resourceName, resourceUnits, usageSeconds,
          unitSeconds, idVirtualMachine, enterpriseName, virtualDataCenter, virtualApp, virtualmachine, idDataCenter,
          dataCenterName, idAccountingEvent, hypervisorType, region)
        SELECT STRAIGHT_JOIN TIMESTAMP'2023-01-01 00:00:00' + INTERVAL h.seq HOUR,
          TIMESTAMP'2023-01-01 01:00:00' + INTERVAL h.seq HOUR, t.id, v.seq, 1 + v.seq % 10, 1 + v.seq % 10,
          1 + v.seq % 10, IF(t.id = 7, 1, 0), CONCAT('vm-', v.seq), t.units, 3600, t.units * 3600, v.seq,
          CONCAT('enterprise-', 1 + v.seq % 10), CONCAT('vdc-', 1 + v.seq % 10), CONCAT('vapp-', 1 + v.seq % 10),
          CONCAT('vm-', v.seq), 1, 'dc1', v.seq, 'KVM', 'eu-west'
        FROM seq_0_to_743 h
        JOIN (SELECT 1 AS id, 2 AS units UNION ALL SELECT 2, 2048 UNION ALL SELECT 3, 10737418240
              UNION ALL SELECT 7, 1 UNION ALL SELECT 12, 1 UNION ALL SELECT 15, 2 UNION ALL SELECT 17, 2048) t
        JOIN seq_1_to_\(vms) v
        """)
    }
    try db.run(
      """
      INSERT INTO \(acc).accounting_summary_hourly (starttime, idEnterprise, idVirtualDataCenter,
        idAccountingResourceType, resourceUnits, unitSeconds, detailRows)
      SELECT starttime, idEnterprise, idVirtualDataCenter, idAccountingResourceType, SUM(resourceUnits),
        SUM(unitSeconds), COUNT(*)
      FROM \(acc).accounting_event_detail WHERE starttime < '2023-02-01'
      GROUP BY starttime, idEnterprise, idVirtualDataCenter, idAccountingResourceType;
      INSERT INTO \(acc).accounting_summary_daily (starttime, idEnterprise, idVirtualDataCenter,
        idAccountingResourceType, resourceUnits, unitSeconds, detailRows)
      SELECT DATE(starttime), idEnterprise, idVirtualDataCenter, idAccountingResourceType, SUM(resourceUnits),
        SUM(unitSeconds), SUM(detailRows)
      FROM \(acc).accounting_summary_hourly WHERE starttime < '2023-02-01'
      GROUP BY DATE(starttime), idEnterprise, idVirtualDataCenter, idAccountingResourceType;
      INSERT INTO \(acc).accounting_summary_monthly (starttime, idEnterprise, idVirtualDataCenter,
        idAccountingResourceType, resourceUnits, unitSeconds, detailRows)
      SELECT '2023-01-01', idEnterprise, idVirtualDataCenter, idAccountingResourceType, SUM(resourceUnits),
        SUM(unitSeconds), SUM(detailRows)
      FROM \(acc).accounting_summary_daily WHERE starttime < '2023-02-01'
      GROUP BY idEnterprise, idVirtualDataCenter, idAccountingResourceType;
      INSERT INTO \(acc).accounting_rollup_ledger (starttime, processedAt, detailRows, resourceUnits, unitSeconds,
        durationMicros, fpCount, fpSeconds, fpHash)
      SELECT TIMESTAMP'2023-01-01 00:00:00' + INTERVAL seq HOUR, '2023-03-01 00:10:00', 0, 0, 0, 0, 0, 0, 0
      FROM seq_0_to_1415;
      INSERT INTO \(acc).accounting_event_vm (idVM, idEnterprise, idVirtualDataCenter, idVirtualApp, cpu, ram, hd,
        startTime, stopTime, consolidated, hypervisorType, idDataCenter, region, powerOn)
      SELECT v.seq, 1 + v.seq % 10, 1 + v.seq % 10, 1 + v.seq % 10, 2, 2048, 10737418240,
        TIMESTAMP'2023-01-01 00:00:00' + INTERVAL d.seq DAY,
        TIMESTAMP'2023-01-01 00:00:00' + INTERVAL d.seq DAY + INTERVAL 23 HOUR, 1, 'KVM', 1, 'eu-west', 1
      FROM seq_0_to_30 d JOIN seq_1_to_\(vms) v;
      INSERT INTO \(acc).accounting_log (logTime, level, source, message)
      SELECT TIMESTAMP'2023-01-01 00:10:00' + INTERVAL seq HOUR, 'INFO', 'rollup', 'bench' FROM seq_0_to_743;
      """)
    try db.run(
      "ANALYZE TABLE \(acc).accounting_event_detail, \(acc).accounting_event_vm, \(acc).accounting_summary_hourly"
    )
  }

  /// ROLLUP_HOUR of one February hour, processed once and then `rounds` times again: the median.
  private func rollupHour() throws -> Double {
    progress(
      "purge: rollup of one hour, detail \(try partitioned() ? "partitioned" : "not partitioned")")
    _ = try db.query("CALL \(acc).ROLLUP_HOUR(?)", [.datetime(hour)])
    var times: [Double] = []
    for _ in 0..<rounds {
      times.append(try timed { _ = try db.query("CALL \(acc).ROLLUP_HOUR(?)", [.datetime(hour)]) })
    }
    return median(times)
  }

  private func partitioned() throws -> Bool {
    try db.scalar(
      """
      SELECT COUNT(*) FROM information_schema.PARTITIONS
      WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'accounting_event_detail' AND PARTITION_NAME = 'pmax'
      """, [.text(names.accounting)]
    ).int == 1
  }

  /// Runs `body` while a second connection loops on single-row autocommit UPDATEs of the
  /// inventory; returns the longest UPDATE and how many ran. With `seconds`, loops that long.
  private func updateLoop(idle: Double? = nil, _ body: () throws -> Void) throws -> LoopResult {
    let state = LoopState()
    let options = db.options
    let inventory = inv
    let vmCount = vms
    let thread = Thread {
      do {
        let c = try Connection(options)
        let unaccounted = try c.prepare(
          "UPDATE \(inventory).virtualmachine SET description = ? WHERE idVM = ?")
        let accounted = try c.prepare(
          "UPDATE \(inventory).virtualmachine SET cpu = ? WHERE idVM = ?")
        let clock = ContinuousClock()
        var i = 0
        state.started()
        while !state.stopping {
          let vm = Int64(1 + (i * 7919) % vmCount)
          let t0 = clock.now
          if i % 2 == 0 {
            try unaccounted.execute([.text("bench \(i)"), .int(vm)])
          } else {
            try accounted.execute([.int(Int64(2 + (i / 2) % 2)), .int(vm)])
          }
          state.record(seconds(clock.now - t0))
          i += 1
        }
        c.close()
      } catch {
        state.fail(String(describing: error))
      }
      state.finished()
    }
    thread.start()
    state.waitStarted()
    try body()
    if let idle { usleep(UInt32(idle * 1_000_000)) }
    state.stop()
    state.waitFinished()
    if let e = state.error { throw BenchError(e) }
    return LoopResult(state.latencies)
  }

  private func ms(_ s: Double) -> String { "\(fmt(s * 1000, 1)) ms" }
}

/// The UPDATE loop's latencies: the longest, the 99th percentile, how many took over 100 ms.
struct LoopResult {
  let longest: Double
  let p99: Double
  let over100ms: Int
  let count: Int

  init(_ latencies: [Double]) {
    let sorted = latencies.sorted()
    count = sorted.count
    longest = sorted.last ?? 0
    p99 = sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
    over100ms = sorted.filter { $0 > 0.1 }.count
  }

  var line: String {
    "\(fmt(longest * 1000, 1)) ms, \(fmt(p99 * 1000, 1)) ms, \(over100ms) / \(count)"
  }
}

/// What the UPDATE loop's thread shares with the benchmark (under a lock).
final class LoopState: @unchecked Sendable {
  private let lock = NSCondition()
  private var _stopping = false
  private var _started = false
  private var _finished = false
  private var _latencies: [Double] = []
  private(set) var error: String?

  var latencies: [Double] { lock.withLock { _latencies } }

  var stopping: Bool { lock.withLock { _stopping } }
  func stop() { lock.withLock { _stopping = true } }
  func record(_ s: Double) {
    lock.withLock { _latencies.append(s) }
  }
  func fail(_ e: String) { lock.withLock { error = e } }
  func started() {
    lock.lock()
    _started = true
    lock.broadcast()
    lock.unlock()
  }
  func finished() {
    lock.lock()
    _finished = true
    _started = true
    lock.broadcast()
    lock.unlock()
  }
  func waitStarted() {
    lock.lock()
    while !_started { lock.wait() }
    lock.unlock()
  }
  func waitFinished() {
    lock.lock()
    while !_finished { lock.wait() }
    lock.unlock()
  }
}
