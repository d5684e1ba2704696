/// A value sent to or read from the server. Money-path numbers are never floating point:
/// DECIMAL columns arrive as `.decimal` text, exactly as the server wrote them.
public enum SQLValue: Sendable, Equatable, Hashable, CustomStringConvertible {
  case null
  case int(Int64)
  case uint(UInt64)
  case decimal(String)
  /// A DATETIME/DATE/TIME as the server writes it, `2026-01-05 13:00:00`.
  case datetime(String)
  case text(String)

  public var description: String {
    switch self {
    case .null: return "NULL"
    case .int(let v): return String(v)
    case .uint(let v): return String(v)
    case .decimal(let s), .datetime(let s), .text(let s): return s
    }
  }

  public var isNull: Bool { self == .null }

  /// The value as text, nil for NULL.
  public var string: String? { isNull ? nil : description }

  /// The value as a signed integer when it is one (or integral text).
  public var int: Int64? {
    switch self {
    case .int(let v): return v
    case .uint(let v): return Int64(exactly: v)
    case .decimal(let s), .text(let s): return Int64(s)
    default: return nil
    }
  }
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
  public init(stringLiteral value: String) { self = .text(value) }
  public init(integerLiteral value: Int64) { self = .int(value) }
  public init(nilLiteral: ()) { self = .null }
}

/// One row of a result set: values by position, with the column names of its result set.
public struct Row: Sendable, Equatable {
  public let columns: [String]
  public let values: [SQLValue]

  public init(columns: [String], values: [SQLValue]) {
    self.columns = columns
    self.values = values
  }

  public subscript(_ index: Int) -> SQLValue { values[index] }

  /// The value of a column by name (case-insensitive), `.null` when there is no such column.
  public subscript(_ name: String) -> SQLValue {
    let wanted = name.lowercased()
    if let i = columns.firstIndex(where: { $0.lowercased() == wanted }) {
      return values[i]
    }
    return .null
  }
}

/// One result set of a statement.
public struct ResultSet: Sendable, Equatable {
  public let columns: [String]
  public let rows: [Row]
}

/// What a statement did: its result sets (a CALL can return several) and affected rows.
public struct Outcome: Sendable {
  public let resultSets: [ResultSet]
  public let affectedRows: UInt64

  /// The rows of the first result set, empty when there was none.
  public var rows: [Row] { resultSets.first?.rows ?? [] }
}
