/// The run lock that keeps rollups and purges from overlapping: the lease row of
/// `accounting_run_lock`, taken by `RUN_LOCK_TAKE` and released by `RUN_LOCK_RELEASE`, the same
/// lock the ROLLUP_* and PURGE_* procedures take (re-entrant per connection, so the tool holds it
/// while it calls them). Only an account that may write the accounting schema can take it.
struct RunLock: SchemaService {
  let db: Connection
  let names: SchemaNames

  /// Runs `body` holding the lock, waiting at most `waitSeconds` for it. When another live run
  /// holds it: a WARN line in the log and nil (nothing done, not an error). When that run has
  /// held it for `run_lock.alarm_seconds` or more: `RunLockStuck` (a failure, exit 1).
  func holding<T>(waitSeconds: Int, source: String, _ body: () throws -> T) throws -> T? {
    try db.execute("CALL \(acc).RUN_LOCK_TAKE(?, @accounting_got, @accounting_holder, @accounting_stuck)",
      [.int(Int64(waitSeconds))])
    let row = try db.query("SELECT @accounting_got, @accounting_holder, @accounting_stuck").first
    let holder = row?[1].string ?? "another connection"
    guard row?[0].int == 1 else {
      if row?[2].int == 1 {
        let line = "the run lock has been held too long by \(holder) (run_lock.alarm_seconds); nothing done"
        _ = try? db.execute("CALL \(acc).LOG_WRITE('ERROR', ?, ?)", [.text(source), .text(line)])
        throw RunLockStuck(description: line)
      }
      _ = try? db.execute(
        "CALL \(acc).LOG_WRITE('WARN', ?, ?)", [.text(source), .text("the run lock is held by \(holder): nothing done")])
      return nil
    }
    defer { _ = try? db.run("CALL \(acc).RUN_LOCK_RELEASE()") }
    return try body()
  }
}

/// The run lock has been held past `run_lock.alarm_seconds`: the run fails (exit 1) naming the
/// holder, so cron mail or systemd reports it.
public struct RunLockStuck: Error, CustomStringConvertible, Sendable {
  public let description: String
}
