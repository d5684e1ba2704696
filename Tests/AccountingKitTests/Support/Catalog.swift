import AccountingKit
import Foundation

/// A comparable description of a schema pair: columns, indexes, routine bodies, trigger and view
/// definitions, with the pair's names replaced by `{inv}`/`{acc}` so two pairs can be compared.
func catalogSnapshot(_ db: Connection, _ names: SchemaNames) throws -> [String] {
  let params: [SQLValue] = [.text(names.accounting), .text(names.accounting), .text(names.inventory)]
  var lines: [String] = []
  func add(_ prefix: String, _ sql: String) throws {
    for row in try db.query(sql, params) {
      let text = row.values.map { $0.string ?? "NULL" }.joined(separator: "|")
      lines.append(prefix + " " + text)
    }
  }
  try add(
    "column",
    """
    SELECT TABLE_SCHEMA = ?, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE,
           COLUMN_DEFAULT, EXTRA, GENERATION_EXPRESSION, COLLATION_NAME
    FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN (?, ?)
    ORDER BY 1, TABLE_NAME, ORDINAL_POSITION
    """)
  try add(
    "index",
    """
    SELECT TABLE_SCHEMA = ?, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE
    FROM information_schema.STATISTICS WHERE TABLE_SCHEMA IN (?, ?)
    ORDER BY 1, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
    """)
  try add(
    "routine",
    """
    SELECT ROUTINE_SCHEMA = ?, ROUTINE_TYPE, ROUTINE_NAME, ROUTINE_DEFINITION, SECURITY_TYPE, ROUTINE_COMMENT, SQL_MODE
    FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN (?, ?) ORDER BY 1, ROUTINE_TYPE, ROUTINE_NAME
    """)
  try add(
    "trigger",
    """
    SELECT TRIGGER_SCHEMA = ?, TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT
    FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA IN (?, ?) ORDER BY 1, TRIGGER_NAME
    """)
  try add(
    "view",
    """
    SELECT TABLE_SCHEMA = ?, TABLE_NAME, VIEW_DEFINITION, SECURITY_TYPE
    FROM information_schema.VIEWS WHERE TABLE_SCHEMA IN (?, ?) ORDER BY 1, TABLE_NAME
    """)
  return lines.map {
    $0.replacingOccurrences(of: names.accounting, with: "{acc}").replacingOccurrences(of: names.inventory, with: "{inv}")
  }
}

