import AccountingKit
import Foundation
import Testing

/// The read-only reporting role (`accounting install --reader USER@HOST`, `ReaderRole`): it can
/// SELECT every view and call the name functions, and the server refuses it everything else.
/// The reader connects over the test socket as `…@localhost`. Every test drops the accounts and
/// the role it made (they are server-wide, not in the schema pair).
@Suite(.serialized)
struct ReaderRoleTests {
  let t: TestSchema
  let role = "t_reader_acc_reader"
  let billing = "t_reader_billing"
  let existing = "t_reader_existing"
  let password = "reader-test-password"

  init() throws {
    t = try TestSchema("reader")
    try dropAccounts()
  }

  private func dropAccounts() throws {
    try t.exec(
      "DROP USER IF EXISTS '\(billing)'@'localhost', '\(existing)'@'localhost', '\(billing)'@'10.0.0.%'"
    )
    try t.exec("DROP ROLE IF EXISTS \(role)")
  }

  private var readerRole: ReaderRole { ReaderRole(db: t.db, names: t.names, bundle: t.bundle) }

  var common: [String] {
    ["--no-defaults", "--inventory-schema", t.inventory, "--accounting-schema", t.accounting]
  }

  /// A connection as `user`@localhost over the test socket.
  private func connect(_ user: String, _ password: String) throws -> Connection {
    let base = try TestSchema.connectionOptions()
    return try Connection(
      ConnectionOptions(
        host: base.host, port: base.port, socket: base.socket, user: user, password: password,
        readDefaultFiles: false))
  }

  /// The server error number of a statement run on `db` (0 when it succeeded).
  private func refusal(_ db: Connection, _ sql: String) -> UInt32 {
    do {
      _ = try db.run(t.sql(sql))
      return 0
    } catch let e as DatabaseError {
      return e.errno
    } catch {
      return 1
    }
  }

  /// What the role holds, as SHOW GRANTS lists it (sorted; it writes routine names in lower
  /// case): USAGE, SELECT on the fifteen views of the contract and EXECUTE on the seventeen ABQ_*
  /// functions of the contract.
  var expectedGrants: [String] {
    let views = [
      "ACCOUNT_PERIOD_USAGE_VW", "HOURLY_USAGE_MAX_2_VW", "HOURLY_USAGE_MAX_VW",
      "HOURLY_USAGE_SUM_VW",
      "DAILY_USAGE_SUM_VW", "MONTHLY_USAGE_SUM_VW", "ACCOUNTING_CONFIG_VW", "LOG_VW", "ROLLUP_STATE_VW",
      "RESOURCE_TYPE_VW", "HOURLY_COST_VW", "DAILY_COST_VW", "MONTHLY_COST_VW",
      "BUDGET_STATUS_VW", "FOCUS_VW",
    ]
    let functions = [
      "ABQ_COSTCODE_ID_TO_NAME", "ABQ_COSTCODE_ID_TO_NAME_AT", "ABQ_DC_ID_TO_NAME",
      "ABQ_DC_ID_TO_NAME_AT",
      "ABQ_ENT_ID_TO_NAME", "ABQ_ENT_ID_TO_NAME_AT", "ABQ_IMG_ID_TO_NAME", "ABQ_IMG_ID_TO_NAME_AT",
      "ABQ_OBJECT_ID_TO_NAME", "ABQ_PM_ID_TO_NAME", "ABQ_PM_ID_TO_NAME_AT", "ABQ_VAPP_ID_TO_NAME",
      "ABQ_VAPP_ID_TO_NAME_AT", "ABQ_VDC_ID_TO_NAME", "ABQ_VDC_ID_TO_NAME_AT", "ABQ_VM_ID_TO_NAME",
      "ABQ_VM_ID_TO_NAME_AT",
    ]
    return
      (["GRANT USAGE ON *.* TO `\(role)`"]
      + views.map { "GRANT SELECT ON `t_reader_acc`.`\($0)` TO `\(role)`" }
      + functions.map {
        "GRANT EXECUTE ON FUNCTION `t_reader_acc`.`\($0.lowercased())` TO `\(role)`"
      }).sorted()
  }

  private func grants() throws -> [String] {
    try t.rows("SHOW GRANTS FOR \(role)").compactMap { $0[0] }.sorted()
  }

  /// `accounting report` reads only views and name functions, so the reader can run it.
  @Test func readerRunsTheReport() throws {
    defer { try? dropAccounts() }
    #expect(try Tool.run(["install", "--reader", "\(billing)@localhost"] + common).status == 0)
    try t.exec("ALTER USER '\(billing)'@'localhost' IDENTIFIED BY '\(password)' ACCOUNT UNLOCK")
    let r = try Tool.run(
      ["report", "--no-defaults", "--user", billing, "--accounting-schema", t.accounting, "--inventory-schema", t.inventory,
       "--from", "2026-01-01", "--to", "2026-01-02", "--format", "csv"],
      environment: ["MYSQL_PWD": password])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.hasPrefix("idEnterprise,enterprise,idAccountingResourceType,resourceType,unit,"), "\(r.stdout)")
    #expect(!r.stdout.contains(password) && !r.stderr.contains(password))
  }

  /// RESOURCE_TYPE_VW, the one place the reports take units from: each type's unit, readable
  /// unit and divisor, as the accounting model defines them (written out here by hand).
  @Test func resourceTypeViewGivesEachTypesReadableUnit() throws {
    let cpu = "cores core·h 1", mb = "MB GiB·h 1024", bytes = "bytes GiB·h 1073741824", count = "count h 1"
    let expected: [String: String] = [
      "1": cpu, "2": mb, "3": bytes, "4": bytes, "5": count, "6": count, "7": count, "8": count, "9": cpu,
      "10": mb, "11": bytes, "12": count, "13": bytes, "14": count, "15": cpu, "16": cpu, "17": mb, "18": mb,
      "19": count, "20": count, "24": count, "25": count,
    ]
    let rows = try t.rows(
      "SELECT idAccountingResourceType, CONCAT_WS(' ', unit, readableUnit, unitDivisor), enabled FROM {acc}.RESOURCE_TYPE_VW ORDER BY 1")
    #expect(rows.count == expected.count)
    for row in rows {
      #expect(expected[row[0]!] == row[1]!, "type \(row[0]!)")
      // Types without a source are installed disabled; the others enabled.
      #expect(row[2]! == (["14", "19", "20", "25"].contains(row[0]!) ? "0" : "1"), "type \(row[0]!) enabled")
    }
  }

  @Test func installReaderThroughTheTool() throws {
    defer { try? dropAccounts() }
    let first = try Tool.run(["install", "--reader", "\(billing)@'localhost'"] + common)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(
      first.stdout.split(separator: "\n").map(String.init) == [
        "nothing to change: schema t_reader_acc is at version 4",
        "create role `\(role)`",
        "grant role `\(role)` SELECT on 15 view(s) and EXECUTE on 17 name function(s) of `t_reader_acc`",
        "create user '\(billing)'@'localhost' ACCOUNT LOCK, without a password: set one and unlock it with ALTER USER '\(billing)'@'localhost' IDENTIFIED BY '…' ACCOUNT UNLOCK",
        "grant role `\(role)` to '\(billing)'@'localhost' as its default role",
      ])
    #expect(try grants() == expectedGrants)
    #expect(
      try t.rows("SHOW GRANTS FOR '\(billing)'@'localhost'").compactMap { $0[0] } == [
        "GRANT `\(role)` TO `\(billing)`@`localhost`",
        "GRANT USAGE ON *.* TO `\(billing)`@`localhost`",
        "SET DEFAULT ROLE `\(role)` FOR `\(billing)`@`localhost`",
      ])
    // Created locked: no login until the operator sets a password and unlocks it.
    #expect(t.errno { _ = try connect(billing, "") } == 4151)

    // Again: nothing to change, for the schema or the role.
    let again = try Tool.run(["install", "--reader", "\(billing)@localhost"] + common)
    #expect(again.status == 0, "\(again.stderr)")
    #expect(again.stdout == "nothing to change: schema t_reader_acc is at version 4\n")

    // A dry run names what it would do and does nothing.
    let dry = try Tool.run(
      ["install", "--dry-run", "--reader", "'\(billing)'@'10.0.0.%'"] + common)
    #expect(dry.status == 0, "\(dry.stderr)")
    #expect(
      dry.stdout.contains("would create user '\(billing)'@'10.0.0.%' ACCOUNT LOCK"), "\(dry.stdout)"
    )
    #expect(
      try t.scalar(
        "SELECT COUNT(*) FROM mysql.global_priv WHERE User = ? AND Host = '10.0.0.%'",
        .text(billing)) == "0")

    // Names that are not USER@HOST, or would carry SQL: bad usage, nothing done.
    for bad in [
      billing, "\(billing)@", "@localhost", "a@b@c", "bil'ling@localhost", "billing@local host",
      "billing@'%'; DROP DATABASE t_reader_acc", "\(String(repeating: "u", count: 81))@localhost",
    ] {
      let r = try Tool.run(["install", "--reader", bad] + common)
      #expect(r.status == 64, "\(bad): \(r.stdout) \(r.stderr)")
      #expect(r.stderr.split(separator: "\n").count == 1, "\(bad): \(r.stderr)")
    }
  }

  @Test func accountParsing() throws {
    #expect(try ReaderAccount(parsing: "billing@%").sql == "'billing'@'%'")
    #expect(
      try ReaderAccount(parsing: "'billing'@'%'") == ReaderAccount(user: "billing", host: "%"))
    #expect(
      try ReaderAccount(parsing: "\"bi.ll-ing$\"@`10.0.0.0/255.255.255.0`").host
        == "10.0.0.0/255.255.255.0")
    #expect(try ReaderAccount(parsing: "billing@::1").host == "::1")
    for bad in ["billing", "billing@", "'billing@%'", "bill\\ing@%", "billing@%'", "bïlling@%"] {
      #expect(throws: UsageError.self, "\(bad)") { try ReaderAccount(parsing: bad) }
    }
    #expect(quoteString("a'b\\c") == "'a''b\\\\c'")
  }

  @Test func readerReadsEveryViewAndCallsTheNameFunctions() throws {
    defer { try? dropAccounts() }
    try t.viewsScenario()
    try t.rollupAt("2026-02-01 02:00:00")
    try readerRole.grant(to: try ReaderAccount(user: billing, host: "localhost"))
    try t.exec("ALTER USER '\(billing)'@'localhost' IDENTIFIED BY '\(password)' ACCOUNT UNLOCK")
    let reader = try connect(billing, password)
    defer { reader.close() }
    #expect(try reader.scalar("SELECT CURRENT_ROLE()").string == role)
    // Every view, with the scenario's rows (ViewsScenarioTests has their values).
    var counts: [String] = []
    for view in [
      "ACCOUNT_PERIOD_USAGE_VW", "HOURLY_USAGE_MAX_2_VW", "HOURLY_USAGE_MAX_VW",
      "HOURLY_USAGE_SUM_VW",
      "DAILY_USAGE_SUM_VW", "MONTHLY_USAGE_SUM_VW", "LOG_VW",
    ] {
      counts.append(try reader.scalar(t.sql("SELECT COUNT(*) FROM {acc}.\(view)")).description)
    }
    #expect(counts == ["59", "59", "56", "39", "21", "21", "1"])
    #expect(
      try reader.scalar(
        t.sql("SELECT value FROM {acc}.ACCOUNTING_CONFIG_VW WHERE name = 'settle_seconds'")
      ).string
        == "300")
    // February's unit-seconds (ViewsScenarioTests' Feb 1 rows): 34800 + 35635200 + 109521666048000
    // + 2 × 15461882265600 + 13200 + 12000 + 22800 + 12288000 + 23347200 + 3900.
    #expect(
      try reader.query(
        t.sql(
          "SELECT SUM(unitSeconds) FROM {acc}.MONTHLY_USAGE_SUM_VW WHERE starttime = '2026-02-01 00:00:00'"
        )
      ).first?[0].string == "140445501936300")
    // Every name function (DEFINER: they read name_history and object_name, which the reader cannot).
    let kvm = try t.scalar("SELECT idObjectName FROM {acc}.object_name WHERE name = 'KVM'") ?? "0"
    let names = try reader.query(
      t.sql(
        """
        SELECT {acc}.ABQ_ENT_ID_TO_NAME(2), {acc}.ABQ_ENT_ID_TO_NAME_AT(2, '2026-02-01 00:59:59'),
               {acc}.ABQ_DC_ID_TO_NAME(1), {acc}.ABQ_DC_ID_TO_NAME_AT(1, '2026-02-01 00:00:00'),
               {acc}.ABQ_VDC_ID_TO_NAME(2), {acc}.ABQ_VDC_ID_TO_NAME_AT(2, '2026-02-01 00:00:00'),
               {acc}.ABQ_VAPP_ID_TO_NAME(1), {acc}.ABQ_VAPP_ID_TO_NAME_AT(1, '2026-02-01 00:00:00'),
               {acc}.ABQ_VM_ID_TO_NAME(1), {acc}.ABQ_VM_ID_TO_NAME_AT(1, '2026-01-31 23:59:59'),
               {acc}.ABQ_PM_ID_TO_NAME(1), {acc}.ABQ_PM_ID_TO_NAME_AT(1, '2026-02-01 00:00:00'),
               {acc}.ABQ_IMG_ID_TO_NAME(1), {acc}.ABQ_IMG_ID_TO_NAME_AT(1, '2026-02-01 00:00:00'),
               {acc}.ABQ_COSTCODE_ID_TO_NAME(1), {acc}.ABQ_COSTCODE_ID_TO_NAME_AT(1, '2026-02-01 00:00:00'),
               {acc}.ABQ_OBJECT_ID_TO_NAME(\(kvm))
        """)
    ).first?.values.map(\.string)
    // No physical machine, image or cost code in the scenario: NULL (unknown id), not an error.
    #expect(
      names == [
        TestSchema.betaRenamed, "Beta", "BCN", "BCN", "lab", "lab", "web", "web", "a-web-2",
        "a-web", nil, nil, nil,
        nil, nil, nil, "KVM",
      ])
  }

  @Test func readerIsRefusedEverythingElse() throws {
    defer { try? dropAccounts() }
    try t.viewsScenario()
    try t.rollupAt("2026-02-01 02:00:00")
    try readerRole.grant(to: try ReaderAccount(user: billing, host: "localhost"))
    try t.exec("ALTER USER '\(billing)'@'localhost' IDENTIFIED BY '\(password)' ACCOUNT UNLOCK")
    let reader = try connect(billing, password)
    defer { reader.close() }
    // 1142: command denied on a table (or view); 1370: routine denied; 1044: schema denied.
    let baseTables = [
      "accounting_event_detail", "accounting_summary_hourly", "accounting_summary_daily",
      "accounting_summary_monthly",
      "accounting_resource_type", "accounting_parameter", "accounting_log", "name_history",
      "object_name",
    ]
    for table in baseTables {
      #expect(refusal(reader, "INSERT INTO {acc}.\(table) () VALUES ()") == 1142, "INSERT \(table)")
      #expect(
        refusal(reader, "UPDATE {acc}.\(table) SET starttime = starttime") == 1142,
        "UPDATE \(table)")
      #expect(refusal(reader, "DELETE FROM {acc}.\(table)") == 1142, "DELETE \(table)")
      #expect(refusal(reader, "SELECT COUNT(*) FROM {acc}.\(table)") == 1142, "SELECT \(table)")
    }
    for table in [
      "accounting_event_vm", "accounting_event_pm", "accounting_event_repository",
      "accounting_event_storage",
      "accounting_event_ips", "accounting_event_vlan", "accounting_rollup_ledger",
      "accounting_rollup_state",
    ] {
      #expect(refusal(reader, "SELECT * FROM {acc}.\(table)") == 1142, "SELECT \(table)")
    }
    // The views are read-only for the reader; the inventory is out of reach.
    #expect(
      refusal(
        reader, "UPDATE {acc}.ACCOUNTING_CONFIG_VW SET value = '0' WHERE name = 'settle_seconds'")
        == 1142)
    #expect(refusal(reader, "DELETE FROM {acc}.LOG_VW") == 1142)
    #expect(
      refusal(
        reader,
        "INSERT INTO {acc}.LOG_VW (logTime, level, source, message) VALUES (NOW(), 'x', 'x', 'x')")
        == 1142)
    #expect(refusal(reader, "SELECT * FROM {inv}.virtualmachine") == 1142)
    #expect(refusal(reader, "CREATE TABLE {acc}.mine (a INT)") == 1142)
    // No procedure, no other function.
    #expect(refusal(reader, "CALL {acc}.ROLLUP_RUN(NULL, NULL, 0, 0)") == 1370)
    #expect(refusal(reader, "CALL {acc}.ROLLUP_HOUR('2026-02-01 01:00:00')") == 1370)
    #expect(
      refusal(reader, "CALL {acc}.ROLLUP_RECOMPUTE('2026-02-01 00:00:00', '2026-02-01 01:00:00')")
        == 1370)
    #expect(refusal(reader, "CALL {acc}.LOG_WRITE('INFO', 'x', 'x')") == 1370)
    #expect(refusal(reader, "SELECT {acc}.NAME_HISTORY_AT(1, 1, NOW())") == 1370)
    #expect(refusal(reader, "CALL {acc}.RUN_LOCK_TAKE(0, @g, @h, @s)") == 1370)
    #expect(refusal(reader, "USE {inv}") == 1044)
    // Nothing changed underneath.
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_event_detail") == "59")
    #expect(
      try t.scalar("SELECT value FROM {acc}.accounting_parameter WHERE name = 'settle_seconds'")
        == "300")
  }

  @Test func syncTakesBackWhatTheRoleMustNotHave() throws {
    defer { try? dropAccounts() }
    #expect(try readerRole.exists() == false)
    #expect(try readerRole.sync().count == 2)  // create role, grant
    #expect(try readerRole.exists())
    #expect(try grants() == expectedGrants)
    #expect(try readerRole.sync() == [])
    // An operator widens our role: every extra privilege goes at the next sync (or install).
    try t.exec(
      """
      GRANT INSERT ON {acc}.accounting_log TO \(role);
      GRANT SELECT, UPDATE ON {acc}.LOG_VW TO \(role);
      GRANT SELECT (name) ON {acc}.name_history TO \(role);
      GRANT EXECUTE ON PROCEDURE {acc}.ROLLUP_RUN TO \(role);
      GRANT EXECUTE ON FUNCTION {acc}.NAME_HISTORY_AT TO \(role);
      GRANT SELECT ON {inv}.* TO \(role);
      GRANT PROCESS ON *.* TO \(role);
      """)
    #expect(try grants() != expectedGrants)
    let lines = try readerRole.sync()
    #expect(lines.count == 2, "\(lines)")  // the revocations, and SELECT on LOG_VW again
    #expect(
      lines.first?.hasPrefix(
        "revoke from role `\(role)` what it must not have: global privileges, all on `t_reader_inv`.*"
      ) == true, "\(lines)")
    #expect(
      lines.last
        == "grant role `\(role)` SELECT on 1 view(s) and EXECUTE on 0 name function(s) of `t_reader_acc`"
    )
    #expect(try grants() == expectedGrants)
    #expect(try readerRole.sync() == [])
  }

  @Test func anExistingAccountKeepsItsPasswordAndGetsTheRole() throws {
    defer { try? dropAccounts() }
    try t.exec("CREATE USER '\(existing)'@'localhost' IDENTIFIED BY 'own-password'")
    let lines = try readerRole.grant(to: try ReaderAccount(user: existing, host: "localhost"))
    #expect(
      lines == [
        "create role `\(role)`",
        "grant role `\(role)` SELECT on 15 view(s) and EXECUTE on 17 name function(s) of `t_reader_acc`",
        "grant role `\(role)` to '\(existing)'@'localhost' as its default role",
      ])
    let reader = try connect(existing, "own-password")
    defer { reader.close() }
    #expect(
      try reader.scalar(t.sql("SELECT COUNT(*) FROM {acc}.ACCOUNT_PERIOD_USAGE_VW")).string == "0")
    #expect(refusal(reader, "SELECT * FROM {acc}.accounting_event_detail") == 1142)
    #expect(try readerRole.grant(to: try ReaderAccount(user: existing, host: "localhost")) == [])
  }

  @Test func anExistingAccountKeepsItsOwnDefaultRoleAndGrants() throws {
    defer {
      try? dropAccounts()
      try? t.exec("DROP ROLE IF EXISTS t_reader_own_role")
    }
    try t.exec("DROP ROLE IF EXISTS t_reader_own_role")
    try t.exec("CREATE ROLE t_reader_own_role")
    try t.exec("GRANT SELECT ON {inv}.enterprise TO t_reader_own_role")
    try t.exec("CREATE USER '\(existing)'@'localhost' IDENTIFIED BY 'own-password'")
    try t.exec("GRANT t_reader_own_role TO '\(existing)'@'localhost'")
    try t.exec("SET DEFAULT ROLE t_reader_own_role FOR '\(existing)'@'localhost'")
    try t.exec("GRANT SELECT ON {inv}.datacenter TO '\(existing)'@'localhost'")
    let lines = try readerRole.grant(to: try ReaderAccount(user: existing, host: "localhost"))
    #expect(
      lines.last
        == "grant role `\(role)` to '\(existing)'@'localhost' (it keeps its default role `t_reader_own_role`: it reads the accounting after SET ROLE `\(role)`)",
      "\(lines)")
    #expect(
      try t.scalar(
        "SELECT JSON_VALUE(Priv, '$.default_role') FROM mysql.global_priv WHERE User = ? AND Host = 'localhost'",
        .text(existing)) == "t_reader_own_role")
    let reader = try connect(existing, "own-password")
    defer { reader.close() }
    // Its own access as before (its default role and its direct grant) ...
    #expect(try reader.scalar(t.sql("SELECT COUNT(*) FROM {inv}.enterprise")).string == "0")
    #expect(try reader.scalar(t.sql("SELECT COUNT(*) FROM {inv}.datacenter")).string == "0")
    // ... and the accounting's views after SET ROLE.
    try reader.run("SET ROLE \(quoteIdent(role))")
    #expect(try reader.scalar(t.sql("SELECT COUNT(*) FROM {acc}.ACCOUNT_PERIOD_USAGE_VW")).string == "0")
    #expect(try readerRole.grant(to: try ReaderAccount(user: existing, host: "localhost")) == [])
  }
}
