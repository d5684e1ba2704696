/// The one error type of the database layer: what the server or the client library said.
///
/// `description` is a single line fit for a user (never the query, never a password);
/// `debugDescription` adds the query for logs at debug level.
public struct DatabaseError: Error, CustomStringConvertible, CustomDebugStringConvertible, Sendable {
  public enum Kind: Sendable, Equatable {
    /// The server could not be reached (socket, host, port).
    case connection
    /// The server refused the credentials.
    case accessDenied
    /// The server ran the statement and refused it.
    case server
    /// The client library misbehaved or was misused.
    case client
  }

  public let kind: Kind
  /// The server's or client's error number (`mysql_errno`), 0 when none.
  public let errno: UInt32
  /// The five-character SQLSTATE, `HY000` when the server gave none.
  public let sqlState: String
  public let message: String
  /// The statement that failed, when there was one: only in `debugDescription`.
  public let query: String?

  public init(kind: Kind, errno: UInt32, sqlState: String, message: String, query: String? = nil) {
    self.kind = kind
    self.errno = errno
    self.sqlState = sqlState
    self.message = message
    self.query = query
  }

  /// The kind of an error a running statement got: a lost connection, the client library's
  /// own (2000–2999), or the server's.
  static func kind(ofStatementError errno: UInt32) -> Kind {
    if errno == 2006 || errno == 2013 { return .connection }
    return (2000..<3000).contains(errno) ? .client : .server
  }

  /// A project error raised in SQL (`SIGNAL … MYSQL_ERRNO = 30000…30999`).
  public var isProjectError: Bool { (30000...30999).contains(errno) }

  /// The stable token that starts a project error's message (`ROLLUP_BELOW_FLOOR: …`).
  public var token: String? {
    guard isProjectError, let colon = message.firstIndex(of: ":") else { return nil }
    return String(message[..<colon])
  }

  public var description: String {
    "\(message) (error \(errno), SQLSTATE \(sqlState))"
  }

  public var debugDescription: String {
    guard let query else { return description }
    return "\(description) in: \(query)"
  }
}
