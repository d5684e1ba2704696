/// A login account named on the command line, `USER@HOST` (`accounting install --reader`).
///
/// The names are checked before they reach any SQL: a user of 1 to 80 letters, digits and
/// `_ . - $`, a host of 1 to 255 letters, digits and `. - _ % : /` (names, IPv4 and IPv6
/// addresses, the `%` and `_` wildcards, netmasks). Either may be quoted as the `mariadb` client
/// writes them ('billing'@'%', "billing"@"%", `billing`@`%`); the host is required, so a grant to
/// every host is never made by accident.
public struct ReaderAccount: Sendable, Equatable, CustomStringConvertible {
  public let user: String
  public let host: String

  public init(user: String, host: String) throws {
    guard Self.valid(user: user) else {
      throw UsageError("bad user name '\(user)': 1 to 80 letters, digits, _ . - $")
    }
    guard Self.valid(host: host) else {
      throw UsageError("bad host '\(host)': 1 to 255 letters, digits, . - _ % : /")
    }
    self.user = user
    self.host = host
  }

  /// Parses `USER@HOST`, each part optionally quoted.
  public init(parsing text: String) throws {
    let parts = text.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2 else {
      throw UsageError(
        "bad account '\(text)': write USER@HOST, for example billing@'%' or billing@localhost")
    }
    try self.init(user: Self.unquote(parts[0]), host: Self.unquote(parts[1]))
  }

  /// The account as SQL writes it, `'billing'@'%'`.
  public var sql: String { quoteString(user) + "@" + quoteString(host) }

  public var description: String { sql }

  private static func unquote(_ s: Substring) -> String {
    for q: Character in ["'", "\"", "`"] where s.count >= 2 && s.first == q && s.last == q {
      return String(s.dropFirst().dropLast())
    }
    return String(s)
  }

  private static func valid(user: String) -> Bool {
    (1...80).contains(user.count)
      && user.unicodeScalars.allSatisfy {
        $0.isASCIIAlphanumeric || "_.-$".unicodeScalars.contains($0)
      }
  }

  private static func valid(host: String) -> Bool {
    (1...255).contains(host.count)
      && host.unicodeScalars.allSatisfy {
        $0.isASCIIAlphanumeric || ".-_%:/".unicodeScalars.contains($0)
      }
  }
}

/// The read-only reporting role of an accounting schema, `<accounting schema>_reader`: SELECT on
/// each view of the manifest and EXECUTE on each `ABQ_*` name function, nothing else (no table,
/// no procedure, no other function). The views and the name functions are `SQL SECURITY
/// DEFINER`, so the role needs no grant on the tables they read.
///
/// `sync` makes the role's privileges exactly that set (creating the role when missing, granting
/// what is missing, revoking anything else found on it), so a later install that adds a view
/// extends the role and nothing an operator added to our role survives. `grant(to:)` gives the
/// role to an account as its default role; a missing account is created `ACCOUNT LOCK` without a
/// password (a password never travels on a command line): the operator sets one and unlocks it
/// with `ALTER USER … IDENTIFIED BY … ACCOUNT UNLOCK`. An existing account keeps its password,
/// lock state and own privileges.
///
/// Needs an installing account allowed to CREATE ROLE, CREATE USER and GRANT (with GRANT OPTION
/// on the accounting schema) and to read the `mysql` grant tables.
public struct ReaderRole {
  public let db: Connection
  public let names: SchemaNames
  public let bundle: SQLBundle

  public init(db: Connection, names: SchemaNames, bundle: SQLBundle) {
    self.db = db
    self.names = names
    self.bundle = bundle
  }

  /// The role's name: the accounting schema's name and `_reader` (at most 71 characters).
  public var role: String { names.accounting + "_reader" }

  /// The views the role may SELECT, in manifest order: the reporting views under `views/`, not
  /// the capture's internal rule views under `sql/views/` (they read the inventory).
  public var views: [String] {
    bundle.entries(.view).filter { $0.path.hasPrefix("views/") }.map(\.name)
  }

  /// The name functions the role may EXECUTE, in manifest order.
  public var functions: [String] {
    bundle.entries(.function).map(\.name).filter { $0.hasPrefix("ABQ_") }
  }

  /// Whether the role exists.
  public func exists() throws -> Bool {
    (try db.scalar(
      "SELECT COUNT(*) FROM mysql.global_priv WHERE User = ? AND Host = '' AND JSON_VALUE(Priv, '$.is_role') IN ('1', 'true')",
      [.text(role)]
    ).int ?? 0) > 0
  }

  /// The role's rows in one of the server's grant tables (`mysql.db`, `mysql.tables_priv`, …):
  /// the named columns of each, as text.
  private func held(_ columns: String, in table: String) throws -> [[String]] {
    let sql = "SELECT \(columns) FROM mysql.\(table) WHERE User = ? AND Host = ''"
    return try db.query(sql, [.text(role)]).map { $0.values.map(\.description) }
  }

  /// Creates the role when missing and makes its privileges exactly SELECT on `views` and
  /// EXECUTE on `functions`. Returns one line per change (empty: nothing to change).
  @discardableResult
  public func sync(dryRun: Bool = false) throws -> [String] {
    let r = quoteIdent(role)
    let acc = names.accounting
    var lines: [String] = []
    func perform(_ line: String, _ sql: String) throws {
      lines.append(line)
      if !dryRun { try db.run(sql) }
    }

    let present = try exists()
    if !present {
      try perform("create role \(r)", "CREATE ROLE \(r)")
    }

    // What the role holds now (nothing when it is new).
    var tableGrants: [String: String] = [:]  // "db.table" -> privileges
    var routineGrants: [String: String] = [:]  // "db.name" (name in lower case) -> privileges
    var revoked: [String] = []
    func revoke(_ what: String, _ sql: String) throws {
      revoked.append(what)
      if !dryRun { try db.run(sql) }
    }
    if present {
      let global = try db.scalar(
        "SELECT JSON_VALUE(Priv, '$.access') FROM mysql.global_priv WHERE User = ? AND Host = ''",
        [.text(role)]
      ).int
      if let global, global != 0 {
        try revoke("global privileges", "REVOKE ALL PRIVILEGES ON *.* FROM \(r)")
      }
      for row in try held("Db", in: "db") {
        let schema = row[0]
        let object = "\(quoteIdent(schema)).*"
        try revoke("all on \(object)", "REVOKE ALL PRIVILEGES ON \(object) FROM \(r)")
      }
      for row in try held("Role", in: "roles_mapping") {
        let other = row[0]
        try revoke("role \(quoteIdent(other))", "REVOKE \(quoteIdent(other)) FROM \(r)")
      }
      for row in try held("Db, Table_name, Table_priv, Column_priv", in: "tables_priv") {
        let (schema, table, privileges, columns) = (row[0], row[1], row[2], row[3])
        let wanted = schema == acc && views.contains(table)
        if wanted && privileges == "Select" && columns.isEmpty {
          tableGrants["\(schema).\(table)"] = privileges
        } else {
          // Anything else on a table or view (or more than SELECT on one of ours): all of it goes;
          // SELECT on a view of ours is granted again below.
          let object = "\(quoteIdent(schema)).\(quoteIdent(table))"
          try revoke(
            "\(privileges.isEmpty ? "column privileges" : privileges) on \(object)",
            "REVOKE ALL PRIVILEGES ON \(object) FROM \(r)")
        }
      }
      for row in try held("Db, Routine_name, Routine_type, Proc_priv", in: "procs_priv") {
        let (schema, name, type, privileges) = (row[0], row[1], row[2], row[3])
        // Routine names are case-insensitive (SHOW GRANTS prints them in lower case).
        let wanted =
          schema == acc && type == "FUNCTION"
          && functions.contains { $0.lowercased() == name.lowercased() }
        if wanted && privileges == "Execute" {
          routineGrants["\(schema).\(name.lowercased())"] = privileges
        } else {
          let object = "\(quoteIdent(schema)).\(quoteIdent(name))"
          try revoke(
            "\(privileges) on \(type) \(object)",
            "REVOKE ALL PRIVILEGES ON \(type == "FUNCTION" ? "FUNCTION" : "PROCEDURE") \(object) FROM \(r)"
          )
        }
      }
    }
    if !revoked.isEmpty {
      lines.append(
        "revoke from role \(r) what it must not have: \(revoked.joined(separator: ", "))")
    }

    let a = quoteIdent(acc)
    var grantedViews = 0
    for view in views where tableGrants["\(acc).\(view)"] == nil {
      grantedViews += 1
      if !dryRun { try db.run("GRANT SELECT ON \(a).\(quoteIdent(view)) TO \(r)") }
    }
    var grantedFunctions = 0
    for function in functions where routineGrants["\(acc).\(function.lowercased())"] == nil {
      grantedFunctions += 1
      if !dryRun { try db.run("GRANT EXECUTE ON FUNCTION \(a).\(quoteIdent(function)) TO \(r)") }
    }
    if grantedViews + grantedFunctions > 0 {
      lines.append(
        "grant role \(r) SELECT on \(grantedViews) view(s) and EXECUTE on \(grantedFunctions) name function(s) of \(a)"
      )
    }
    return lines
  }

  /// `sync`, then gives the role to `account` as its default role, creating the account (locked,
  /// without a password) when it does not exist. Returns one line per change.
  @discardableResult
  public func grant(to account: ReaderAccount, dryRun: Bool = false) throws -> [String] {
    var lines = try sync(dryRun: dryRun)
    let r = quoteIdent(role)
    let exists =
      (try db.scalar(
        "SELECT COUNT(*) FROM mysql.global_priv WHERE User = ? AND Host = ?",
        [.text(account.user), .text(account.host)]
      ).int ?? 0) > 0
    if !exists {
      lines.append(
        "create user \(account.sql) ACCOUNT LOCK, without a password: set one and unlock it with ALTER USER \(account.sql) IDENTIFIED BY '…' ACCOUNT UNLOCK"
      )
      if !dryRun { try db.run("CREATE USER \(account.sql) ACCOUNT LOCK") }
    }
    var hasRole = false
    var defaultRole: String?
    if exists {
      hasRole =
        (try db.scalar(
          "SELECT COUNT(*) FROM mysql.roles_mapping WHERE User = ? AND Host = ? AND Role = ?",
          [.text(account.user), .text(account.host), .text(role)]
        ).int ?? 0) > 0
      defaultRole = try db.scalar(
        "SELECT NULLIF(JSON_VALUE(Priv, '$.default_role'), '') FROM mysql.global_priv WHERE User = ? AND Host = ?",
        [.text(account.user), .text(account.host)]
      ).string
    }
    // An account's own default role and grants are its owner's: the role is granted, and becomes
    // the default only where there is none (a new account, or one without a default role).
    let makeDefault = defaultRole == nil
    if !hasRole || makeDefault {
      if !hasRole && makeDefault {
        lines.append("grant role \(r) to \(account.sql) as its default role")
      } else if !hasRole {
        lines.append(
          "grant role \(r) to \(account.sql) (it keeps its default role \(quoteIdent(defaultRole ?? "")): it reads the accounting after SET ROLE \(r))")
      } else {
        lines.append("make \(r) the default role of \(account.sql)")
      }
      if !dryRun {
        if !hasRole { try db.run("GRANT \(r) TO \(account.sql)") }
        if makeDefault { try db.run("SET DEFAULT ROLE \(r) FOR \(account.sql)") }
      }
    }
    return lines
  }
}

/// A string literal for text SQL: single-quoted, a quote doubled and a backslash escaped (our
/// sessions' SQL mode leaves backslash escapes on). Only for names that cannot be sent as a
/// parameter (accounts in CREATE USER and GRANT), and only after validating them.
public func quoteString(_ text: String) -> String {
  var out = "'"
  for c in text {
    switch c {
    case "'": out += "''"
    case "\\": out += "\\\\"
    default: out.append(c)
    }
  }
  return out + "'"
}

extension Unicode.Scalar {
  fileprivate var isASCIIAlphanumeric: Bool {
    ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
  }
}
