import AccountingKit

/// Runs `RowWrite`s against the inventory schema through prepared statements, one per distinct
/// shape (table, verb, columns, rows), prepared once and reused; moves the session clock.
/// Table and column names come from the generator's own constants; every value is a parameter.
final class InventoryWriter {
  let db: Connection
  let inventory: String
  private var statements: [String: PreparedStatement] = [:]
  private var clockStatement: PreparedStatement?
  private var clock: Int64?
  private(set) var rows = 0

  /// Rows per multi-row INSERT of the setup.
  static let bulkRows = 1000

  init(db: Connection, inventory: String) {
    self.db = db
    self.inventory = quoteIdent(inventory)
  }

  deinit { close() }

  func close() {
    for s in statements.values { s.close() }
    statements = [:]
    clockStatement?.close()
    clockStatement = nil
  }

  /// `SET TIMESTAMP = UNIX_TIMESTAMP(?)` (the session is UTC), skipped when the clock is there.
  func setClock(_ time: Int64) throws {
    if clock == time { return }
    if clockStatement == nil {
      clockStatement = try db.prepare("SET TIMESTAMP = UNIX_TIMESTAMP(?)")
    }
    try clockStatement!.execute([.datetime(UnixTime.text(time))])
    clock = time
  }

  /// Puts the session clock back to the server's (`SET TIMESTAMP = DEFAULT`).
  func resetClock() throws {
    try db.run("SET TIMESTAMP = DEFAULT")
    clock = nil
  }

  func apply(_ write: RowWrite) throws {
    let columns = write.fields.map(\.column)
    let key = "\(write.verb.rawValue) \(write.table.rawValue) \(columns.joined(separator: ","))"
    let statement = try prepared(key) {
      let table = "\(inventory).\(quoteIdent(write.table.rawValue))"
      let pk = quoteIdent(write.table.primaryKey)
      switch write.verb {
      case .insert:
        return insertSQL(write.table, columns, rows: 1)
      case .update:
        let sets = columns.map { "\(quoteIdent($0)) = ?" }.joined(separator: ", ")
        return "UPDATE \(table) SET \(sets) WHERE \(pk) = ?"
      case .delete:
        return "DELETE FROM \(table) WHERE \(pk) = ?"
      }
    }
    var values: [SQLValue] = []
    values.reserveCapacity(write.fields.count + 1)
    switch write.verb {
    case .insert:
      values.append(.int(Int64(write.id)))
      values.append(contentsOf: write.fields.map(\.value))
    case .update:
      values.append(contentsOf: write.fields.map(\.value))
      values.append(.int(Int64(write.id)))
    case .delete:
      values.append(.int(Int64(write.id)))
    }
    try statement.execute(values)
    rows += 1
  }

  /// One multi-row INSERT of rows of one table with the same columns (at most `bulkRows`).
  func insertMany(_ writes: ArraySlice<RowWrite>) throws {
    guard let first = writes.first else { return }
    if writes.count == 1 { return try apply(first) }
    let columns = first.fields.map(\.column)
    let key = "bulk \(writes.count) \(first.table.rawValue) \(columns.joined(separator: ","))"
    let statement = try prepared(key) { insertSQL(first.table, columns, rows: writes.count) }
    var values: [SQLValue] = []
    values.reserveCapacity(writes.count * (columns.count + 1))
    for w in writes {
      precondition(w.table == first.table && w.verb == .insert && w.fields.map(\.column) == columns)
      values.append(.int(Int64(w.id)))
      values.append(contentsOf: w.fields.map(\.value))
    }
    try statement.execute(values)
    rows += writes.count
  }

  /// The statement prepared under `key`, prepared from `sql()` the first time.
  private func prepared(_ key: String, _ sql: () -> String) throws -> PreparedStatement {
    if let s = statements[key] { return s }
    let statement = try db.prepare(sql())
    statements[key] = statement
    return statement
  }

  /// `INSERT INTO table (primary key, columns…) VALUES (?, …)` with `rows` rows of markers.
  private func insertSQL(_ table: InventoryTable, _ columns: [String], rows: Int) -> String {
    let names = ([table.primaryKey] + columns).map(quoteIdent).joined(separator: ", ")
    let tuple = "(" + Array(repeating: "?", count: columns.count + 1).joined(separator: ", ") + ")"
    return "INSERT INTO \(inventory).\(quoteIdent(table.rawValue)) (\(names)) VALUES "
      + Array(repeating: tuple, count: rows).joined(separator: ", ")
  }
}
