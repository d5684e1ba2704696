import CMariaDB
import Logging

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How to reach the server, following the `mariadb` client's conventions.
///
/// Precedence (documented in the README): explicit values (the tool's flags) first, then the
/// environment (`MYSQL_HOST`, `MYSQL_TCP_PORT`, `MYSQL_UNIX_PORT`, `MYSQL_PWD`), then the option
/// files' `[client]` and `[accounting]` groups (`--defaults-file`, or the default files).
/// The environment beats the option files, unlike the `mariadb` client: Debian's default
/// `/etc/mysql/my.cnf` names a system socket in `[client-server]`, which would otherwise make
/// `MYSQL_UNIX_PORT` useless.
public struct ConnectionOptions: Sendable {
  public var host: String?
  public var port: UInt32?
  public var socket: String?
  public var user: String?
  /// Never taken from the command line: from `MYSQL_PWD`, an option file, or set by code.
  public var password: String?
  public var defaultsFile: String?
  /// Read the default option files when no `defaultsFile` is given.
  public var readDefaultFiles: Bool
  public var database: String?
  public var connectTimeoutSeconds: UInt32
  /// Lets `run` take several statements separated by `;` (CLIENT_MULTI_STATEMENTS). Off for the
  /// tool, whose every statement is one; test fixtures that paste scripts turn it on.
  public var multiStatements: Bool

  public init(
    host: String? = nil, port: UInt32? = nil, socket: String? = nil, user: String? = nil,
    password: String? = nil, defaultsFile: String? = nil, readDefaultFiles: Bool = true,
    database: String? = nil, connectTimeoutSeconds: UInt32 = 10, multiStatements: Bool = false
  ) {
    self.host = host
    self.port = port
    self.socket = socket
    self.user = user
    self.password = password
    self.defaultsFile = defaultsFile
    self.readDefaultFiles = readDefaultFiles
    self.database = database
    self.connectTimeoutSeconds = connectTimeoutSeconds
    self.multiStatements = multiStatements
  }

  /// Fills what is still unset from the environment variables of the `mariadb` client.
  public func withEnvironment(_ environment: [String: String]) -> ConnectionOptions {
    var o = self
    if o.host == nil, let v = environment["MYSQL_HOST"], !v.isEmpty { o.host = v }
    if o.port == nil, let v = environment["MYSQL_TCP_PORT"], let p = UInt32(v) { o.port = p }
    if o.socket == nil, let v = environment["MYSQL_UNIX_PORT"], !v.isEmpty { o.socket = v }
    if o.password == nil, let v = environment["MYSQL_PWD"] { o.password = v }
    return o
  }

  /// Where the connection goes, for error messages: a socket or host:port, or "the default".
  public var endpointDescription: String {
    if let host, host != "localhost" { return "host \(host):\(port ?? 3306)" }
    if let socket { return "socket \(socket)" }
    if let host { return "host \(host)" }
    return "the socket or host of the option files"
  }
}

/// The SQL mode every connection of ours runs in; routines and triggers keep the mode they were
/// created in, so the installer creates them under it too.
public let accountingSQLMode =
  "STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ZERO_DATE,NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION,NO_AUTO_CREATE_USER"

private let libraryInit: Bool = {
  // mysql_library_init is a macro Swift cannot see; mysql_server_init is the function behind it.
  mysql_server_init(0, nil, nil) == 0
}()

/// Owns one `MYSQL*` handle. Not thread-safe: use it from one task at a time.
/// All values go through prepared statements (`execute(_:_:)` with parameters); text queries
/// (`run(_:)`) are for statements without values (DDL, scripts, CALLs without arguments).
public final class Connection {
  private var handle: UnsafeMutablePointer<MYSQL>?
  public let logger: Logger
  public let options: ConnectionOptions

  public init(_ options: ConnectionOptions, logger: Logger = Logger(label: "accounting.db")) throws {
    self.options = options
    self.logger = logger
    _ = libraryInit
    guard let h = mysql_init(nil) else {
      throw DatabaseError(kind: .client, errno: 0, sqlState: "HY000", message: "out of memory in mysql_init")
    }
    handle = h
    var timeout = options.connectTimeoutSeconds
    mysql_options(h, MYSQL_OPT_CONNECT_TIMEOUT, &timeout)
    cam_option_string(h, MYSQL_SET_CHARSET_NAME, "utf8mb4")
    if let file = options.defaultsFile {
      // libmariadb skips a file it cannot open and would connect as someone else: refuse, as
      // the mariadb client does.
      guard access(file, R_OK) == 0 else {
        mysql_close(h)
        handle = nil
        throw InputError.optionFileUnreadable(path: file, reason: String(cString: strerror(errno)))
      }
      // libmariadb also skips a malformed one silently (the same wrong login); the client refuses it.
      if let problem = optionFileProblem(file) {
        mysql_close(h)
        handle = nil
        throw InputError.optionFileMalformed(path: file, problem: problem)
      }
      cam_option_string(h, MYSQL_READ_DEFAULT_FILE, file)
      cam_option_string(h, MYSQL_READ_DEFAULT_GROUP, "accounting")
    } else if options.readDefaultFiles {
      cam_option_string(h, MYSQL_READ_DEFAULT_GROUP, "accounting")
    }
    if options.socket != nil && (options.host == nil || options.host == "localhost") {
      var proto = UInt32(MYSQL_PROTOCOL_SOCKET.rawValue)
      mysql_options(h, MYSQL_OPT_PROTOCOL, &proto)
    } else if let host = options.host, host != "localhost" {
      var proto = UInt32(MYSQL_PROTOCOL_TCP.rawValue)
      mysql_options(h, MYSQL_OPT_PROTOCOL, &proto)
    }
    // CLIENT_MULTI_RESULTS always: a CALL returns its result sets and a status.
    let flags = (options.multiStatements ? UInt(CLIENT_MULTI_STATEMENTS) : 0) | UInt(CLIENT_MULTI_RESULTS)
    let ok = mysql_real_connect(
      h, options.host, options.user, options.password, options.database,
      options.port ?? 0, options.socket, flags)
    if ok == nil {
      let errno = mysql_errno(h)
      let state = String(cString: mysql_sqlstate(h))
      let message = String(cString: mysql_error(h))
      mysql_close(h)
      handle = nil
      let kind: DatabaseError.Kind
      switch errno {
      case 1045, 1044, 1698: kind = .accessDenied
      case 2002, 2003, 2005, 2006, 2013, 2047, 2055: kind = .connection
      default: kind = .server
      }
      throw DatabaseError(kind: kind, errno: errno, sqlState: state, message: message)
    }
    try run(
      "SET time_zone = '+00:00', NAMES utf8mb4 COLLATE utf8mb4_unicode_ci, sql_mode = '\(accountingSQLMode)'")
    // On a Galera cluster every read waits for what other nodes committed before it (without it,
    // a rollup started just after a change on another node reads stale data).
    if (try? scalar("SELECT @@wsrep_on").int) == 1 {
      try run("SET SESSION wsrep_sync_wait = 1")
    }
  }

  deinit {
    if let handle { mysql_close(handle) }
  }

  /// Closes the handle now (also done on deinit).
  public func close() {
    if let handle { mysql_close(handle) }
    handle = nil
  }

  private func live() throws -> UnsafeMutablePointer<MYSQL> {
    guard let handle else {
      throw DatabaseError(kind: .client, errno: 0, sqlState: "HY000", message: "the connection is closed")
    }
    return handle
  }

  private func error(_ h: UnsafeMutablePointer<MYSQL>, _ query: String?) -> DatabaseError {
    let errno = mysql_errno(h)
    return DatabaseError(
      kind: DatabaseError.kind(ofStatementError: errno), errno: errno,
      sqlState: String(cString: mysql_sqlstate(h)), message: String(cString: mysql_error(h)), query: query)
  }

  /// The server's version string, e.g. `10.11.19-MariaDB-0+deb12u1`.
  public var serverVersion: String {
    guard let handle else { return "" }
    return String(cString: mysql_get_server_info(handle))
  }

  // MARK: Text protocol

  /// Runs one statement or a multi-statement script without parameters, reading every result
  /// (a script is not atomic: wrap it in a transaction when it must be).
  @discardableResult
  public func run(_ sql: String) throws -> Outcome {
    let h = try live()
    logger.trace("run", metadata: ["sql": "\(sql.prefix(200))"])
    let rc = sql.withCString { mysql_real_query(h, $0, UInt(strlen($0))) }
    if rc != 0 { throw error(h, sql) }
    var sets: [ResultSet] = []
    var affected: UInt64 = 0
    while true {
      if let res = mysql_store_result(h) {
        sets.append(Self.read(res))
        mysql_free_result(res)
      } else if mysql_field_count(h) != 0 {
        throw error(h, sql)
      } else {
        let a = mysql_affected_rows(h)
        if a != UInt64.max { affected &+= a }
      }
      let next = mysql_next_result(h)
      if next == -1 { break }
      if next > 0 { throw error(h, sql) }
    }
    return Outcome(resultSets: sets, affectedRows: affected)
  }

  private static func read(_ res: UnsafeMutablePointer<MYSQL_RES>) -> ResultSet {
    let n = Int(mysql_num_fields(res))
    let fields = mysql_fetch_fields(res)!
    var names: [String] = []
    var types: [(enum_field_types, Bool)] = []
    for i in 0..<n {
      names.append(String(cString: fields[i].name))
      types.append((fields[i].type, fields[i].flags & UInt32(UNSIGNED_FLAG) != 0))
    }
    var rows: [Row] = []
    while let r = mysql_fetch_row(res) {
      let lengths = mysql_fetch_lengths(res)!
      var values: [SQLValue] = []
      values.reserveCapacity(n)
      for i in 0..<n {
        guard let p = r[i] else {
          values.append(.null)
          continue
        }
        let bytes = UnsafeRawBufferPointer(start: p, count: Int(lengths[i]))
        let text = String(decoding: bytes, as: UTF8.self)
        values.append(decode(text, type: types[i].0, unsigned: types[i].1))
      }
      rows.append(Row(columns: names, values: values))
    }
    return ResultSet(columns: names, rows: rows)
  }

  static func decode(_ text: String, type: enum_field_types, unsigned: Bool) -> SQLValue {
    switch type {
    case MYSQL_TYPE_TINY, MYSQL_TYPE_SHORT, MYSQL_TYPE_LONG, MYSQL_TYPE_INT24, MYSQL_TYPE_LONGLONG,
      MYSQL_TYPE_YEAR:
      if unsigned, let v = UInt64(text) { return .uint(v) }
      if let v = Int64(text) { return .int(v) }
      return .text(text)
    case MYSQL_TYPE_DECIMAL, MYSQL_TYPE_NEWDECIMAL:
      return .decimal(text)
    case MYSQL_TYPE_DATETIME, MYSQL_TYPE_DATE, MYSQL_TYPE_TIMESTAMP, MYSQL_TYPE_TIME:
      return .datetime(text)
    default:
      return .text(text)
    }
  }

  // MARK: Prepared statements

  /// Runs one statement with typed parameters (`?` placeholders) through a prepared statement,
  /// reading every result set (a CALL may return several).
  @discardableResult
  public func execute(_ sql: String, _ parameters: [SQLValue] = []) throws -> Outcome {
    let statement = try prepare(sql)
    defer { statement.close() }
    return try statement.execute(parameters)
  }

  /// Prepares a statement to run many times (benchmarks, loops): one round trip saved per run.
  public func prepare(_ sql: String) throws -> PreparedStatement {
    let h = try live()
    logger.trace("prepare", metadata: ["sql": "\(sql.prefix(200))"])
    guard let stmt = mysql_stmt_init(h) else { throw error(h, sql) }
    let statement = PreparedStatement(stmt: stmt, sql: sql)
    let prc = sql.withCString { mysql_stmt_prepare(stmt, $0, UInt(strlen($0))) }
    if prc != 0 {
      let e = statement.error()
      statement.close()
      throw e
    }
    return statement
  }

  static func fetchAll(
    _ stmt: UnsafeMutablePointer<MYSQL_STMT>, onError: () -> DatabaseError
  ) throws -> ResultSet {
    var update: my_bool = 1
    mysql_stmt_attr_set(stmt, STMT_ATTR_UPDATE_MAX_LENGTH, &update)
    if mysql_stmt_store_result(stmt) != 0 { throw onError() }
    defer { mysql_stmt_free_result(stmt) }
    var rows: [Row] = []
    // Stored results know each column's longest value: buffers of that size never truncate.
    let columns = try readRows(stmt, bufferSize: { max(Int($0.max_length), 64) + 1 }, onError: onError) {
      rows.append($0)
    }
    return ResultSet(columns: columns, rows: rows)
  }

  /// Binds a text buffer per column of the statement's current result, fetches every row and
  /// hands it to `body`; returns the column names. A value longer than its buffer is fetched
  /// again whole (mysql_stmt_fetch_column).
  static func readRows(
    _ stmt: UnsafeMutablePointer<MYSQL_STMT>, bufferSize: (MYSQL_FIELD) -> Int, onError: () -> DatabaseError,
    _ body: (Row) throws -> Void
  ) throws -> [String] {
    guard let meta = mysql_stmt_result_metadata(stmt) else { throw onError() }
    defer { mysql_free_result(meta) }
    let n = Int(mysql_num_fields(meta))
    let fields = mysql_fetch_fields(meta)!
    var names: [String] = []
    let binds = UnsafeMutablePointer<MYSQL_BIND>.allocate(capacity: max(n, 1))
    binds.initialize(repeating: MYSQL_BIND(), count: max(n, 1))
    let lengths = UnsafeMutablePointer<UInt>.allocate(capacity: max(n, 1))
    let nulls = UnsafeMutablePointer<my_bool>.allocate(capacity: max(n, 1))
    var buffers: [UnsafeMutableRawPointer] = []
    defer {
      for b in buffers { b.deallocate() }
      binds.deallocate()
      lengths.deallocate()
      nulls.deallocate()
    }
    for i in 0..<n {
      names.append(String(cString: fields[i].name))
      let size = bufferSize(fields[i])
      let buf = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
      buffers.append(buf)
      binds[i].buffer_type = MYSQL_TYPE_STRING
      binds[i].buffer = buf
      binds[i].buffer_length = UInt(size)
      binds[i].length = lengths + i
      binds[i].is_null = nulls + i
    }
    if mysql_stmt_bind_result(stmt, binds) != 0 { throw onError() }
    while true {
      let rc = mysql_stmt_fetch(stmt)
      if rc == MYSQL_NO_DATA { break }
      if rc == 1 { throw onError() }
      var values: [SQLValue] = []
      values.reserveCapacity(n)
      for i in 0..<n {
        if nulls[i] != 0 {
          values.append(.null)
          continue
        }
        let length = Int(lengths[i])
        var text: String
        if length < Int(binds[i].buffer_length) {
          text = String(decoding: UnsafeRawBufferPointer(start: buffers[i], count: length), as: UTF8.self)
        } else {
          let big = UnsafeMutableRawPointer.allocate(byteCount: length + 1, alignment: 8)
          defer { big.deallocate() }
          var col = MYSQL_BIND()
          var colLength: UInt = 0
          col.buffer_type = MYSQL_TYPE_STRING
          col.buffer = big
          col.buffer_length = UInt(length + 1)
          let rc = withUnsafeMutablePointer(to: &colLength) { lp in
            col.length = lp
            return mysql_stmt_fetch_column(stmt, &col, UInt32(i), 0)
          }
          if rc != 0 { throw onError() }
          text = String(decoding: UnsafeRawBufferPointer(start: big, count: length), as: UTF8.self)
        }
        let unsigned = fields[i].flags & UInt32(UNSIGNED_FLAG) != 0
        values.append(decode(text, type: fields[i].type, unsigned: unsigned))
      }
      try body(Row(columns: names, values: values))
    }
    return names
  }

  // MARK: Conveniences

  /// Runs a SELECT through a prepared statement and hands each row to `body` as the server sends
  /// it (unbuffered): memory stays flat whatever the number of rows (`accounting purge --export`
  /// writes millions). The connection runs nothing else until it returns.
  public func forEachRow(_ sql: String, _ parameters: [SQLValue] = [], _ body: (Row) throws -> Void) throws {
    let statement = try prepare(sql)
    defer { statement.close() }
    try statement.forEachRow(parameters, body)
  }

  /// The rows of the first result set of a prepared statement.
  public func query(_ sql: String, _ parameters: [SQLValue] = []) throws -> [Row] {
    try execute(sql, parameters).rows
  }

  /// The first column of the first row, `.null` when there is no row.
  public func scalar(_ sql: String, _ parameters: [SQLValue] = []) throws -> SQLValue {
    try query(sql, parameters).first?.values.first ?? .null
  }

  /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws.
  public func transaction<T>(_ body: () throws -> T) throws -> T {
    try run("START TRANSACTION")
    do {
      let result = try body()
      try run("COMMIT")
      return result
    } catch {
      _ = try? run("ROLLBACK")
      throw error
    }
  }
}

/// Parameter buffers for a prepared statement, freed by `free()`.
private struct ParameterBuffers {
  let binds: UnsafeMutablePointer<MYSQL_BIND>
  var storage: [UnsafeMutableRawPointer] = []
  let count: Int

  init(_ values: [SQLValue]) {
    count = values.count
    binds = UnsafeMutablePointer<MYSQL_BIND>.allocate(capacity: max(count, 1))
    binds.initialize(repeating: MYSQL_BIND(), count: max(count, 1))
    for (i, v) in values.enumerated() {
      switch v {
      case .null:
        binds[i].buffer_type = MYSQL_TYPE_NULL
      case .int(let x):
        bindLongLong(i, x)
      case .uint(let x):
        bindLongLong(i, x)
        binds[i].is_unsigned = 1
      case .decimal(let s), .datetime(let s), .text(let s):
        let utf8 = Array(s.utf8)
        let p = UnsafeMutableRawPointer.allocate(byteCount: max(utf8.count, 1), alignment: 1)
        if !utf8.isEmpty {
          utf8.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: utf8.count) }
        }
        storage.append(p)
        binds[i].buffer_type = MYSQL_TYPE_STRING
        binds[i].buffer = p
        binds[i].buffer_length = UInt(utf8.count)
      }
    }
  }

  /// Binds parameter `i` to a copy of an 8-byte integer (signed or not: the caller sets
  /// `is_unsigned`).
  private mutating func bindLongLong<T: FixedWidthInteger>(_ i: Int, _ x: T) {
    let p = UnsafeMutableRawPointer.allocate(byteCount: 8, alignment: 8)
    p.storeBytes(of: x, as: T.self)
    storage.append(p)
    binds[i].buffer_type = MYSQL_TYPE_LONGLONG
    binds[i].buffer = p
  }

  func free() {
    for p in storage { p.deallocate() }
    binds.deallocate()
  }
}

/// A server-side prepared statement of one connection; `close()` it when done.
public final class PreparedStatement {
  private var stmt: UnsafeMutablePointer<MYSQL_STMT>?
  public let sql: String

  init(stmt: UnsafeMutablePointer<MYSQL_STMT>, sql: String) {
    self.stmt = stmt
    self.sql = sql
  }

  deinit { close() }

  public func close() {
    if let stmt { mysql_stmt_close(stmt) }
    stmt = nil
  }

  func error() -> DatabaseError {
    guard let stmt else {
      return DatabaseError(kind: .client, errno: 0, sqlState: "HY000", message: "the statement is closed", query: sql)
    }
    let errno = mysql_stmt_errno(stmt)
    return DatabaseError(
      kind: DatabaseError.kind(ofStatementError: errno), errno: errno,
      sqlState: String(cString: mysql_stmt_sqlstate(stmt)), message: String(cString: mysql_stmt_error(stmt)), query: sql)
  }

  /// Binds the parameters (their count checked) and executes the statement.
  private func bindAndExecute(_ parameters: [SQLValue]) throws -> UnsafeMutablePointer<MYSQL_STMT> {
    guard let stmt else { throw error() }
    let expected = Int(mysql_stmt_param_count(stmt))
    guard expected == parameters.count else {
      throw DatabaseError(
        kind: .client, errno: 0, sqlState: "HY000",
        message: "the statement takes \(expected) parameters, \(parameters.count) given", query: sql)
    }
    let params = ParameterBuffers(parameters)
    defer { params.free() }
    if expected > 0, mysql_stmt_bind_param(stmt, params.binds) != 0 { throw error() }
    if mysql_stmt_execute(stmt) != 0 { throw error() }
    return stmt
  }

  /// Runs the statement with these parameters, reading every result set.
  @discardableResult
  public func execute(_ parameters: [SQLValue] = []) throws -> Outcome {
    let stmt = try bindAndExecute(parameters)
    var sets: [ResultSet] = []
    var affected: UInt64 = 0
    while true {
      if mysql_stmt_field_count(stmt) > 0 {
        sets.append(try Connection.fetchAll(stmt, onError: error))
      } else {
        let a = mysql_stmt_affected_rows(stmt)
        if a != UInt64.max { affected &+= a }
      }
      let next = mysql_stmt_next_result(stmt)
      if next == -1 { break }
      if next > 0 { throw error() }
    }
    return Outcome(resultSets: sets, affectedRows: affected)
  }

  /// Runs the statement (a SELECT) and hands each row to `body` as it arrives, without storing the
  /// result. A row longer than its buffer is fetched again column by column. When `body` throws,
  /// the rows not read yet are discarded and the error goes on.
  public func forEachRow(_ parameters: [SQLValue] = [], _ body: (Row) throws -> Void) throws {
    let stmt = try bindAndExecute(parameters)
    guard mysql_stmt_field_count(stmt) > 0 else { return }
    defer { mysql_stmt_free_result(stmt) }
    // Unbuffered: the longest value is not known, so buffers follow the column's declared
    // length (capped); a longer value is fetched again whole.
    _ = try Connection.readRows(stmt, bufferSize: { min(max(Int($0.length), 64), 65_536) + 1 }, onError: error, body)
  }
}

/// What is wrong with an option file's form, nil when the `mariadb` client would read it: every
/// line is empty, a comment (`#`, `;`), a `[group]`, an `!include`/`!includedir` line, or an
/// option (`name` or `name = value`) after a group.
func optionFileProblem(_ path: String) -> String? {
  guard let f = fopen(path, "r") else { return String(cString: strerror(errno)) }
  defer { fclose(f) }
  var bytes: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 4096)
  while true {
    let n = fread(&buffer, 1, buffer.count, f)
    if n <= 0 { break }
    bytes.append(contentsOf: buffer[0..<n])
  }
  var inGroup = false
  for (i, raw) in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
    let line = raw.trimmingCharacters(in: " \t\r")
    if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
    if line.hasPrefix("!include") { continue }
    if line.hasPrefix("[") {
      guard line.hasSuffix("]"), line.count > 2 else { return "line \(i + 1): a group header is [name]" }
      inGroup = true
      continue
    }
    guard inGroup else { return "line \(i + 1): an option before any [group]" }
    let name = line.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: " \t") } ?? ""
    let ok = !name.isEmpty && name.unicodeScalars.allSatisfy { $0.isASCII && (Character($0).isLetter || Character($0).isNumber || $0 == "_" || $0 == "-") }
    guard ok else { return "line \(i + 1): not an option (name or name = value)" }
  }
  return nil
}
