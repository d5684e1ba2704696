/// The lock that keeps rollups and purges from overlapping (SPEC section 5): `GET_LOCK` on
/// `<accounting schema>.rollup`, the same lock the ROLLUP_* and PURGE_* procedures take (it is
/// re-entrant per connection, so the tool can hold it while it calls them).
struct RunLock {
  let db: Connection
  let names: SchemaNames

  var name: String { "\(names.accounting).rollup" }

  /// Runs `body` holding the lock, waiting at most `waitSeconds` for it. When another run holds
  /// it: a WARN line in the log (`source` says whose), and nil — nothing done, not an error.
  func holding<T>(waitSeconds: Int, source: String, _ body: () throws -> T) throws -> T? {
    let got = try db.scalar("SELECT GET_LOCK(?, ?)", [.text(name), .int(Int64(waitSeconds))])
    guard got.int == 1 else {
      _ = try? db.execute(
        "CALL \(quoteIdent(names.accounting)).LOG_WRITE('WARN', ?, ?)",
        [.text(source), .text("accounting \(source): another run holds the lock; nothing done")])
      return nil
    }
    defer { _ = try? db.execute("SELECT RELEASE_LOCK(?)", [.text(name)]) }
    return try body()
  }
}
