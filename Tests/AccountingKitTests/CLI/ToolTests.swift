import AccountingKit
import Foundation
import Testing

/// The built binary, as a user runs it: help, exit codes, one-line errors, connection settings.
@Suite(.serialized)
struct ToolTests {
  let t: TestSchema
  init() throws { t = try TestSchema("tool") }

  var schemaArgs: [String] { ["--inventory-schema", t.inventory, "--accounting-schema", t.accounting] }

  @Test(arguments: [[], ["install"], ["status"], ["rollup"], ["report"], ["verify"], ["config", "show"], ["config", "set"],
                     ["purge"], ["schedule", "enable"], ["schedule", "disable"], ["schedule", "show"], ["simulate"]])
  func helpIsComplete(_ sub: [String]) throws {
    let r = try Tool.run(sub + ["--help"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("USAGE") || r.stdout.contains("Usage") || r.stdout.contains("usage"))
    if sub.isEmpty {
      for name in ["install", "status", "rollup", "report", "verify", "config", "purge", "schedule", "simulate"] {
        #expect(r.stdout.contains("  \(name) "), "accounting --help does not list \(name)")
      }
    } else {
      for flag in ["--host", "--port", "--socket", "--user", "--defaults-file", "--accounting-schema"] {
        #expect(r.stdout.contains(flag), "\(sub) --help lacks \(flag)")
      }
    }
  }

  @Test func wrongUsageIsOneLineAndExit64() throws {
    for args in [["status", "--bogus"], ["frobnicate"], ["install", "--now", "2026-02-30"]] {
      let r = try Tool.run(args)
      #expect(r.status == 64, "\(args)")
      #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
      #expect(r.stderr.hasPrefix("accounting: "))
    }
  }

  @Test func statusNamesTheSchemaVersion() throws {
    let r = try Tool.run(["status", "--no-defaults"] + schemaArgs)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.hasPrefix("schema version 4 (this tool installs version 4: up to date)"))
    #expect(r.stdout.contains("accounting schema: \(t.accounting)"))
  }

  @Test func secondInstallSaysNothingChanged() throws {
    let r = try Tool.run(["install", "--no-defaults", "--with-inventory"] + schemaArgs)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == "nothing to change: schema \(t.accounting) is at version 4\n")
  }

  @Test func installWorksFromAnyDirectory() throws {
    let r = try Tool.run(["install", "--no-defaults", "--dry-run", "--with-inventory"] + schemaArgs, cwd: "/")
    #expect(r.status == 0, "\(r.stderr)")
  }

  @Test func wrongSocketNamesIt() throws {
    let r = try Tool.run(["status", "--no-defaults", "--socket", "/tmp/accounting-no-such.sock"] + schemaArgs)
    #expect(r.status == 1)
    #expect(
      r.stderr.hasPrefix("accounting: cannot connect to MariaDB at socket /tmp/accounting-no-such.sock:"), "\(r.stderr)")
    #expect(r.stderr.split(separator: "\n").count == 1)
  }

  /// A --defaults-file that cannot be read stops the tool (it would connect as someone else).
  @Test func unreadableOptionFileIsRefused() throws {
    let r = try Tool.run(["status", "--defaults-file", "/tmp/accounting-no-such.cnf"] + schemaArgs)
    #expect(r.status == 64)
    #expect(r.stderr == "accounting: cannot read the option file /tmp/accounting-no-such.cnf: No such file or directory\n")
  }

  /// A malformed --defaults-file is refused too (libmariadb would skip it and connect as the OS
  /// login), the way the mariadb client refuses it.
  @Test func malformedOptionFileIsRefused() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("acct-bad-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    for (text, problem) in [
      ("user=acct\n[client]\n", "line 1: an option before any [group]"),
      ("[client\nuser=acct\n", "line 1: a group header is [name]"),
      ("[client]\n%%% nonsense\n", "line 2: not an option (name or name = value)"),
    ] {
      let file = dir.appendingPathComponent("my.cnf")
      try text.write(to: file, atomically: true, encoding: .utf8)
      let r = try Tool.run(["status", "--defaults-file", file.path] + schemaArgs)
      #expect(r.status == 64)
      #expect(r.stderr == "accounting: malformed option file \(file.path): \(problem)\n")
    }
  }

  @Test func notInstalledSchemaIsOneLine() throws {
    let r = try Tool.run(["status", "--no-defaults", "--accounting-schema", "t_nowhere_acc"])
    #expect(r.status == 1)
    #expect(r.stderr == "accounting: the accounting schema t_nowhere_acc is not installed: run accounting install\n")
  }

  /// A user with a password, from MYSQL_PWD or an option file; the password never shows.
  @Test func passwordsFromEnvironmentAndOptionFileNeverShown() throws {
    let secret = "Pw-\(UInt32.random(in: 100_000...999_999))-x"
    try t.exec("DROP USER IF EXISTS 'acct_tool'@'localhost'")
    try t.exec("CREATE USER 'acct_tool'@'localhost' IDENTIFIED BY '\(secret)'")
    try t.exec("GRANT SELECT ON `\(t.accounting)`.* TO 'acct_tool'@'localhost'")
    defer { _ = try? t.exec("DROP USER IF EXISTS 'acct_tool'@'localhost'") }

    let good = try Tool.run(["status", "--no-defaults", "--user", "acct_tool"] + schemaArgs, environment: ["MYSQL_PWD": secret])
    #expect(good.status == 0, "\(good.stderr)")

    let bad = try Tool.run(
      ["status", "--no-defaults", "--user", "acct_tool", "--verbose"] + schemaArgs, environment: ["MYSQL_PWD": secret + "no"])
    #expect(bad.status == 1)
    #expect(bad.stderr.hasPrefix("accounting: access denied: Access denied for user 'acct_tool'@'localhost'"), "\(bad.stderr)")

    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("acct-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("my.cnf")
    let socket = ProcessInfo.processInfo.environment["MYSQL_UNIX_PORT"] ?? ""
    try "[client]\nsocket=\(socket)\n[accounting]\nuser=acct_tool\npassword=\(secret)\n".write(
      to: file, atomically: true, encoding: .utf8)
    let viaFile = try Tool.run(
      ["status", "--defaults-file", file.path, "--verbose"] + schemaArgs, environment: ["MYSQL_UNIX_PORT": nil, "MYSQL_PWD": nil])
    #expect(viaFile.status == 0, "\(viaFile.stderr)")
    for r in [good, bad, viaFile] {
      #expect(!r.stdout.contains(secret) && !r.stderr.contains(secret))
    }
  }
}
