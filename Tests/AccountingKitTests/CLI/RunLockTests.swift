import AccountingKit
import Foundation
import Testing

/// The run lock (the lease row of accounting_run_lock): no outside login can stop the accounting
/// with a named lock, a holder that died is taken over at once, a lock held past
/// run_lock.alarm_seconds is a failure naming its holder, and the future is never billed.
@Suite(.serialized)
struct RunLockTests {
  let t: TestSchema
  init() throws { t = try TestSchema("runlock") }

  var common: [String] { ["--no-defaults", "--inventory-schema", t.inventory, "--accounting-schema", t.accounting] }

  /// One deployed VM from 10:00 (2 cpu), so that a run has hours to process.
  private func oneVM() throws {
    try t.vmEvent("2026-01-05 10:00:00", nil)
  }

  @Test func aNamedLockOfTheOldNameStopsNothing() throws {
    try oneVM()
    // Any login can take a named user lock; the accounting no longer looks at one.
    let other = try TestSchema.connect()
    defer { other.close() }
    #expect(try other.scalar("SELECT GET_LOCK(?, 0)", [.text("\(t.accounting).rollup")]).int == 1)
    let r = try Tool.run(["rollup", "--now", "2026-01-05T12:10:00Z"] + common)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.hasPrefix("rollup: 2 hours"), "\(r.stdout)")
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_rollup_ledger") == "2")
  }

  @Test func reentrantHoldsAndRelease() throws {
    #expect(try t.db.takeRunLock(t.accounting) == ["1", nil, "0"])
    #expect(try t.db.takeRunLock(t.accounting) == ["1", nil, "0"])
    #expect(try t.scalar("SELECT holds, holderConnection = CONNECTION_ID(), holderUser = USER() FROM {acc}.accounting_run_lock") == "2")
    #expect(try t.rows("SELECT holderConnection = CONNECTION_ID(), holderUser = USER() FROM {acc}.accounting_run_lock") == [["1", "1"]])
    let other = try TestSchema.connect()
    defer { other.close() }
    let refused = try other.takeRunLock(t.accounting)
    #expect(refused[0] == "0" && refused[2] == "0")
    #expect(refused[1]?.hasPrefix("connection \(try t.scalar("SELECT CONNECTION_ID()") ?? "?") (") == true)
    try other.releaseRunLock(t.accounting)  // not the holder: changes nothing
    #expect(try t.scalar("SELECT holds FROM {acc}.accounting_run_lock") == "2")
    try t.db.releaseRunLock(t.accounting)
    #expect(try t.scalar("SELECT holds FROM {acc}.accounting_run_lock") == "1")
    try t.db.releaseRunLock(t.accounting)
    #expect(try t.rows("SELECT holds, holderConnection, holderToken FROM {acc}.accounting_run_lock") == [["0", nil, nil]])
    #expect(try other.takeRunLock(t.accounting).first == "1")
    try other.releaseRunLock(t.accounting)
  }

  @Test func aHolderThatDiedIsTakenOverAtOnce() throws {
    try oneVM()
    let dying = try TestSchema.connect()
    #expect(try dying.takeRunLock(t.accounting).first == "1")
    dying.close()  // the tool was killed: its connection ended without releasing
    let r = try Tool.run(["rollup", "--now", "2026-01-05T12:10:00Z"] + common)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.hasPrefix("rollup: 2 hours"), "\(r.stdout)")
    #expect(try t.scalar("SELECT holds FROM {acc}.accounting_run_lock") == "0")
  }

  @Test func aLeaseOfAnotherNodeHoldsUntilItExpires() throws {
    try oneVM()
    try t.exec(
      """
      UPDATE {acc}.accounting_run_lock
         SET holderNode = 'node-2:3306', holderConnection = 7, holderUser = 'acct@node-2',
             holderToken = 'x', holds = 1, takenAt = {acc}.RUN_LOCK_CLOCK() - INTERVAL 1 MINUTE,
             expiresAt = {acc}.RUN_LOCK_CLOCK() + INTERVAL 10 MINUTE
      """)
    let held = try Tool.run(["rollup", "--now", "2026-01-05T12:10:00Z"] + common)
    #expect(held.status == 0)
    #expect(held.stdout == "rollup: another run holds the lock; nothing done\n")
    #expect(
      try t.scalar("SELECT message FROM {acc}.LOG_VW WHERE level = 'WARN'")?
        .hasPrefix("the run lock is held by connection 7 (acct@node-2) on node-2:3306 since ") == true)
    let status = try Tool.run(["status"] + common)
    #expect(status.stdout.contains("run lock: held by connection 7 (acct@node-2) on node-2:3306 since "), "\(status.stdout)")
    try t.exec("UPDATE {acc}.accounting_run_lock SET expiresAt = {acc}.RUN_LOCK_CLOCK() - INTERVAL 1 SECOND")
    let taken = try Tool.run(["rollup", "--now", "2026-01-05T12:10:00Z"] + common)
    #expect(taken.stdout.hasPrefix("rollup: 2 hours"), "\(taken.stdout)")
    #expect(try Tool.run(["status"] + common).stdout.contains("run lock: free"))
  }

  @Test func aLockHeldTooLongIsAFailureNamingItsHolder() throws {
    try oneVM()
    let stuck = try TestSchema.connect()
    defer { stuck.close() }
    #expect(try stuck.takeRunLock(t.accounting).first == "1")
    let id = try stuck.scalar("SELECT CONNECTION_ID()").description
    // Held for 2 h 1 min (run_lock.alarm_seconds is 7200 by default).
    try t.exec("UPDATE {acc}.accounting_run_lock SET takenAt = takenAt - INTERVAL 121 MINUTE")
    let r = try Tool.run(["rollup", "--now", "2026-01-05T12:10:00Z"] + common)
    #expect(r.status == 1)
    let lines = r.stderr.split(separator: "\n")
    #expect(lines.count == 1, "\(r.stderr)")
    #expect(
      lines.first?.hasPrefix("accounting: the run lock has been held too long by connection \(id) (") == true,
      "\(r.stderr)")
    #expect(r.stderr.contains(" since "))
    let purge = try Tool.run(["purge", "--now", "2026-01-05T12:10:00Z"] + common)
    #expect(purge.status == 1, "\(purge.stderr)")
    // The server's own run (an EVENT) fails the same way, and says so in the log.
    #expect(t.errno { _ = try t.rows("CALL {acc}.ROLLUP_RUN(NULL, NULL, NULL, NULL)") } == 30206)
    #expect(t.errno { _ = try t.rows("CALL {acc}.PURGE_RUN(NULL, NULL)") } == 30206)
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.LOG_VW WHERE level = 'ERROR' AND message LIKE '%held too long by connection \(id) (%'") == "4")
    let status = try Tool.run(["status"] + common)
    #expect(status.stdout.contains("run lock: held by connection \(id) ("), "\(status.stdout)")
    #expect(status.stdout.contains("STUCK"))
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_rollup_ledger") == "0")
  }

  @Test func noHourThatHasNotEndedIsBilled() throws {
    try oneVM()
    // The tool refuses a clock ahead of the server's (exit 64, one line, nothing written).
    let ahead = try Tool.run(["rollup", "--now", "2999-01-01T00:00:00Z"] + common)
    #expect(ahead.status == 64)
    #expect(ahead.stderr.split(separator: "\n").count == 1)
    #expect(ahead.stderr.contains("is ahead of the server clock"), "\(ahead.stderr)")
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_rollup_ledger") == "0")
    // The procedures refuse it too: an hour that has not ended by the session's clock.
    try t.clock("2026-01-05 12:30:00")
    #expect(t.errno { _ = try t.rows("CALL {acc}.ROLLUP_HOUR('2026-01-05 12:00:00')") } == 30208)
    #expect(t.errno { _ = try t.rows("CALL {acc}.ROLLUP_RUN('2026-01-05 13:10:00', NULL, NULL, NULL)") } == 30208)
    #expect(try t.rows("CALL {acc}.ROLLUP_HOUR('2026-01-05 11:00:00')").first?[1] == "new")
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_rollup_ledger") == "1")
  }
}

extension RunLockTests {
  @Test func aFailingToolRunLogsItsErrorAsTheProcedureDoes() throws {
    try t.vmEvent("2026-01-05 10:00:00", nil)
    try t.exec(
      """
      CREATE TRIGGER {acc}.test_fault BEFORE INSERT ON {acc}.accounting_event_detail FOR EACH ROW
      IF NEW.starttime = '2026-01-05 11:00:00' THEN
        SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30999, MESSAGE_TEXT = 'TEST_FAULT';
      END IF
      """)
    defer { _ = try? t.exec("DROP TRIGGER IF EXISTS {acc}.test_fault") }
    let r = try Tool.run(["rollup", "--now", "2026-01-05T12:10:00Z"] + common)
    #expect(r.status == 1)
    #expect(
      try t.rows("SELECT level, message FROM {acc}.LOG_VW WHERE source = 'rollup'") == [
        ["ERROR", "run failed at hour 2026-01-05 11:00:00 after 1 hour(s): error 30999: TEST_FAULT"]
      ])
    #expect(try t.scalar("SELECT holds FROM {acc}.accounting_run_lock") == "0")
  }
}
