import AccountingKit

extension Connection {
  /// Takes the run lock of schema `accounting` on this connection (RUN_LOCK_TAKE without
  /// waiting): [got, holder, stuck] as text.
  @discardableResult
  func takeRunLock(_ accounting: String) throws -> [String?] {
    try run("CALL \(quoteIdent(accounting)).RUN_LOCK_TAKE(0, @t_got, @t_holder, @t_stuck)")
    return try query("SELECT @t_got, @t_holder, @t_stuck").first?.values.map(\.string) ?? []
  }

  /// Releases one hold of the run lock taken on this connection.
  func releaseRunLock(_ accounting: String) throws {
    try run("CALL \(quoteIdent(accounting)).RUN_LOCK_RELEASE()")
  }
}
