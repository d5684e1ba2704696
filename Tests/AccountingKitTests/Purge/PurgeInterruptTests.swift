import AccountingKit
import Foundation
import Testing

/// A purge stopped between batches and run again ends exactly as one clean run does; the tool's
/// run (PURGE_PLAN + PURGE_BATCH, one batch at a time) ends as PURGE_RUN's. Two schema pairs hold
/// the same history (PurgeSupport's purgeHistory, sentinels included); full table dumps compared.
@Suite(.serialized)
struct PurgeInterruptTests {
  let a: TestSchema
  let b: TestSchema
  let now = "2026-04-15 12:00:00"

  init() throws {
    a = try TestSchema("purgeinta")
    b = try TestSchema("purgeintb")
    for t in [a, b] {
      try t.resetPartitions()
      try t.purgeHistory()
      try t.retention(events: 45, detail: 45, daily: 45, monthly: 45, ledger: 45, log: 45)
    }
    #expect(try a.dumpAll() == b.dumpAll())
  }

  @Test func batchesThenARerunEndAsOneCleanRun() throws {
    // The clean run, in batches of 1000.
    #expect(try b.purgeRun(now: now, batch: 1000)["rowsDeleted"] == "142")

    // Interrupted: batches of 3, the process dies after five of them.
    #expect(
      try a.purgeBatch(now: now, "accounting_event_vm", batch: 3)
        == ["accounting_event_vm", "1", nil, "0", "2026-03-01 00:00:00", "2026-03-01 00:00:00"])
    // The floor moved before the first row went: history below it is already out of reach.
    #expect(try a.processedFloor() == "2026-03-01 00:00:00")
    #expect(
      a.errno {
        try a.exec("CALL {acc}.ROLLUP_RECOMPUTE('2026-02-28 20:00:00', '2026-02-28 21:00:00')")
      } == 30202)
    // The whole expired month of detail goes as one batch, by its partition.
    #expect(
      try a.purgeBatch(now: now, "accounting_event_detail", batch: 3)
        == [
          "accounting_event_detail", "64", "p202602", "1", "2026-03-01 00:00:00",
          "2026-03-01 00:00:00",
        ])
    #expect(
      try a.purgeBatch(now: now, "accounting_event_detail", batch: 3)[1...3] == ["0", nil, "0"])
    #expect(
      try a.purgeBatch(now: now, "accounting_summary_hourly", batch: 3)[1...3] == ["3", nil, "1"])
    #expect(
      try a.purgeBatch(now: now, "accounting_summary_hourly", batch: 3)[1...3] == ["3", nil, "1"])
    #expect(
      try a.scalar(
        "SELECT COUNT(*) FROM {acc}.accounting_summary_hourly WHERE starttime < '2026-03-01'")
        == "34")

    // Run again, in batches of 3: the rest (142 - 1 - 64 - 6 = 71 rows).
    let rerun = try a.purgeRun(now: now, batch: 3)
    #expect(rerun["rowsDeleted"] == "71")
    #expect(rerun["accounting_summary_hourly"] == "34")
    #expect(rerun["accounting_event_detail"] == "0")
    let dumpA = try a.dumpAll()
    let dumpB = try b.dumpAll()
    for key in dumpB.keys.sorted() {
      #expect(dumpA[key] == dumpB[key], "\(key)")
    }
    #expect(dumpA.count == 15)
  }

  @Test func theToolEndsAsPurgeRun() throws {
    #expect(try b.purgeRun(now: now, batch: 1000)["rowsDeleted"] == "142")
    let r = try Tool.run(
      [
        "purge", "--now", "2026-04-15T12:00:00Z", "--batch", "7", "--no-defaults",
        "--inventory-schema", a.inventory,
        "--accounting-schema", a.accounting,
      ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(
      r.stdout.hasPrefix(
        "purge: 142 rows deleted (accounting_event_vm 1, accounting_event_pm 1, accounting_event_repository 1, accounting_event_storage 1, accounting_event_detail 64 (1 partition(s) dropped), accounting_summary_hourly 40, accounting_summary_daily 14, accounting_summary_monthly 14, accounting_rollup_ledger 4, accounting_rollup_ledger_history 1, accounting_log 1) in "
      ), "\(r.stdout)")
    #expect(r.stdout.hasSuffix("; processed floor 2026-03-01T00:00:00Z\n"), "\(r.stdout)")
    let dumpA = try a.dumpAll()
    let dumpB = try b.dumpAll()
    for key in dumpB.keys.sorted() {
      #expect(dumpA[key] == dumpB[key], "\(key)")
    }
  }

  @Test func theToolKilledMidwayThenRunAgain() throws {
    #expect(try b.purgeRun(now: now, batch: 1000)["rowsDeleted"] == "142")
    // Another session holds a lock on the 23:00 hourly sums: the tool, one row per batch, gets
    // through the events, the detail and the hourly sums of 20:00 .. 22:00 (31 rows), then waits
    // on that lock; it is killed there, the lock let go, and the tool run again.
    let blocker = try TestSchema.connect()
    defer { blocker.close() }
    try blocker.run("START TRANSACTION")
    _ = try blocker.query(
      "SELECT COUNT(*) FROM \(quoteIdent(a.accounting)).accounting_summary_hourly WHERE starttime = '2026-02-28 23:00:00' FOR UPDATE"
    )
    let process = Process()
    process.executableURL = Tool.executable
    process.arguments = [
      "purge", "--now", "2026-04-15T12:00:00Z", "--batch", "1", "--no-defaults",
      "--inventory-schema", a.inventory,
      "--accounting-schema", a.accounting,
    ]
    var env: [String: String] = [:]
    for (k, v) in ProcessInfo.processInfo.environment where k.hasPrefix("MYSQL_") { env[k] = v }
    process.environment = env
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let watcher = try TestSchema.connect()
    defer { watcher.close() }
    let remaining =
      "SELECT COUNT(*) FROM \(quoteIdent(a.accounting)).accounting_summary_hourly WHERE starttime < '2026-03-01'"
    var waited = 0
    while waited < 30_000, try watcher.scalar(remaining).int != 9 {
      usleep(10_000)
      waited += 10
    }
    // 40 hourly rows before the cut less 31: the 8 of 23:00 and the 23:59:59 sentinel.
    #expect(try watcher.scalar(remaining).int == 9)
    #expect(
      try watcher.scalar("SELECT COUNT(*) FROM \(quoteIdent(a.accounting)).accounting_event_vm").int
        == 3)
    #expect(try a.processedFloor() == "2026-03-01 00:00:00")
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    try blocker.run("ROLLBACK")
    let rest = try Tool.run(
      [
        "purge", "--now", "2026-04-15T12:00:00Z", "--wait", "30s", "--no-defaults",
        "--inventory-schema", a.inventory,
        "--accounting-schema", a.accounting,
      ])
    #expect(rest.status == 0, "\(rest.stderr)")
    #expect(!rest.stdout.hasPrefix("purge: nothing to delete"), "\(rest.stdout)")
    let dumpA = try a.dumpAll()
    let dumpB = try b.dumpAll()
    for key in dumpB.keys.sorted() {
      #expect(dumpA[key] == dumpB[key], "\(key)")
    }
  }
}
