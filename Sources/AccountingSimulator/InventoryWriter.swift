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
    let pk = quoteIdent(write.table.primaryKey)
    let table = "\(inventory).\(quoteIdent(write.table.rawValue))"
    let columns = write.fields.map(\.column)
    let key = "\(write.verb.rawValue) \(write.table.rawValue) \(columns.joined(separator: ","))"
    let statement: PreparedStatement
    if let s = statements[key] {
      statement = s
    } else {
      let sql: String
      switch write.verb {
      case .insert:
        let names = ([write.table.primaryKey] + columns).map(quoteIdent).joined(separator: ", ")
        let marks = Array(repeating: "?", count: columns.count + 1).joined(separator: ", ")
        sql = "INSERT INTO \(table) (\(names)) VALUES (\(marks))"
      case .update:
        let sets = columns.map { "\(quoteIdent($0)) = ?" }.joined(separator: ", ")
        sql = "UPDATE \(table) SET \(sets) WHERE \(pk) = ?"
      case .delete:
        sql = "DELETE FROM \(table) WHERE \(pk) = ?"
      }
      statement = try db.prepare(sql)
      statements[key] = statement
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
    let statement: PreparedStatement
    if let s = statements[key] {
      statement = s
    } else {
      let table = "\(inventory).\(quoteIdent(first.table.rawValue))"
      let names = ([first.table.primaryKey] + columns).map(quoteIdent).joined(separator: ", ")
      let tuple =
        "(" + Array(repeating: "?", count: columns.count + 1).joined(separator: ", ") + ")"
      let sql =
        "INSERT INTO \(table) (\(names)) VALUES "
        + Array(repeating: tuple, count: writes.count).joined(separator: ", ")
      statement = try db.prepare(sql)
      statements[key] = statement
    }
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
}
