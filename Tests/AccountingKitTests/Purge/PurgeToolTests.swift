import AccountingKit
import Foundation
import Testing

/// `accounting purge` through the built binary: dry run, export (parsed back and compared with
/// the rows dumped before), a second purge, an export that would overwrite a file, bad input,
/// the lock, the log line.
@Suite(.serialized)
struct PurgeToolTests {
  let t: TestSchema
  let dir: String

  init() throws {
    t = try TestSchema("purgetool")
    try t.resetPartitions()
    dir = NSTemporaryDirectory() + "purge-export-\(UInt32.random(in: 0...UInt32.max))"
  }

  var common: [String] {
    ["--no-defaults", "--inventory-schema", t.inventory, "--accounting-schema", t.accounting]
  }
  let now = ["--now", "2026-04-15T12:00:00Z"]

  /// smallHistory, with a name that needs quoting (comma, quote, line break) and two old log lines
  /// in two months; retention 1 day everywhere (cut-offs capped at 2026-03-01 by the unprocessed
  /// hours).
  private func history() throws {
    try t.exec(
      "INSERT INTO {acc}.name_history (objectKind, idObject, validFrom, validTo, name) VALUES (5, 2, '2026-02-01 00:00:00', NULL, ?)",
      .text("db, \"primary\"\r\nsecond line"))
    try t.smallHistory()
    try t.logLine("2026-01-15 00:00:00", "January")
    try t.logLine("2026-02-28 23:59:59", "February, \"quoted\"")
    try t.retention(events: 1, detail: 1, daily: 1, monthly: 1, ledger: 1, log: 1)
  }

  /// The rows the purge at 2026-04-15 12:00 deletes, per table, as the export writes them
  /// (stored columns in table order; NULL as nil).
  private func doomed() throws -> [String: [[String?]]] {
    var out: [String: [[String?]]] = [:]
    let conditions: [String: String] = [
      "accounting_event_vm":
        "consolidated = 1 AND stopTime < '2026-03-01' ORDER BY startTime, idVMAccountingEvent",
      "accounting_event_detail":
        "starttime < '2026-03-01' ORDER BY starttime, idAccountingResourceType, idResource, idEnterprise, idVirtualDataCenter, idVirtualApp, idDiscriminator",
      "accounting_summary_hourly":
        "starttime < '2026-03-01' ORDER BY starttime, idEnterprise, idVirtualDataCenter, idAccountingResourceType",
      "accounting_summary_daily":
        "starttime < '2026-03-01' ORDER BY starttime, idEnterprise, idVirtualDataCenter, idAccountingResourceType",
      "accounting_summary_monthly":
        "starttime < '2026-03-01' ORDER BY starttime, idEnterprise, idVirtualDataCenter, idAccountingResourceType",
      "accounting_rollup_ledger": "starttime < '2026-03-01' ORDER BY starttime",
      "accounting_log": "logTime < '2026-04-01' ORDER BY logTime, idLog",
    ]
    for (table, condition) in conditions {
      let columns = try t.rows(
        """
        SELECT COLUMN_NAME FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND IS_GENERATED = 'NEVER' ORDER BY ORDINAL_POSITION
        """, .text(t.accounting), .text(table)
      ).map { "`\($0[0]!)`" }
      out[table] = try t.rows(
        "SELECT \(columns.joined(separator: ", ")) FROM {acc}.\(table) WHERE \(condition)")
    }
    return out
  }

  /// RFC 4180: fields split on commas, quoted fields with doubled quotes, records ending CRLF.
  /// An unquoted empty field is NULL (nil); a quoted one the empty string.
  private func parseCSV(_ text: String) -> [[String?]] {
    var records: [[String?]] = []
    var record: [String?] = []
    var field = ""
    var quoted = false
    var inQuotes = false
    let chars = Array(text)
    var i = 0
    func endField() {
      record.append(field.isEmpty && !quoted ? nil : field)
      field = ""
      quoted = false
    }
    while i < chars.count {
      let c = chars[i]
      if inQuotes {
        if c == "\"" {
          if i + 1 < chars.count && chars[i + 1] == "\"" {
            field.append("\"")
            i += 1
          } else {
            inQuotes = false
          }
        } else {
          field.append(c)
        }
      } else if c == "\"" {
        inQuotes = true
        quoted = true
      } else if c == "," {
        endField()
      } else if c == "\r\n" {
        endField()
        records.append(record)
        record = []
      } else {
        field.append(c)
      }
      i += 1
    }
    return records
  }

  private func files() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
  }

  @Test func dryRunDeletesNothing() throws {
    try history()
    let before = try t.dumpAll()
    let r = try Tool.run(["purge", "--dry-run"] + now + common)
    #expect(r.status == 0, "\(r.stderr)")
    let lines = r.stdout.split(separator: "\n").map(String.init)
    // A header, 13 tables, the summary line. Due: VM 2's interval, 30 detail rows (4 hours of
    // VM 1 x 6 and VM 2's hour x 6) in one partition, 24 hourly sums (4 hours x 6 types), 6 daily,
    // 6 monthly, 4 ledger rows, the January and February log lines: 73.
    #expect(lines.count == 15)
    #expect(
      lines.first?.split(separator: " ") == ["table", "retention", "cut-off", "rows", "partitions"])
    func tokens(_ table: String) -> [Substring]? {
      lines.first { $0.hasPrefix(table + " ") }?.split(separator: " ")
    }
    #expect(
      tokens("accounting_event_vm") == [
        "accounting_event_vm", "retention.closed_events_days", "=", "1", "2026-03-01T00:00:00Z",
        "1",
      ])
    #expect(
      tokens("accounting_event_detail") == [
        "accounting_event_detail", "retention.detail_days", "=", "1", "2026-03-01T00:00:00Z", "30",
        "1",
      ])
    #expect(
      tokens("accounting_log") == [
        "accounting_log", "retention.log_days", "=", "1", "2026-04-01T00:00:00Z", "2",
      ])
    #expect(
      lines.last
        == "purge --dry-run at 2026-04-15T12:00:00Z: 73 rows would be deleted; processed floor would move from none to 2026-03-01T00:00:00Z"
    )
    #expect(try t.dumpAll() == before)
  }

  @Test func exportHoldsExactlyTheDeletedRows() throws {
    try history()
    let doomed = try doomed()
    // As the dry run counts them: 1 + 30 + 24 + 6 + 6 + 4 + 2 = 73.
    #expect(doomed.values.reduce(0) { $0 + $1.count } == 73)
    let r = try Tool.run(["purge", "--export", dir] + now + common)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(
      r.stdout.hasPrefix(
        "purge: 73 rows deleted (accounting_event_vm 1, accounting_event_detail 30 (1 partition(s) dropped), accounting_summary_hourly 24, accounting_summary_daily 6, accounting_summary_monthly 6, accounting_rollup_ledger 4, accounting_log 2) in "
      ), "\(r.stdout)")
    #expect(
      r.stdout.hasSuffix("; processed floor 2026-03-01T00:00:00Z; exported to \(dir) (8 files)\n"),
      "\(r.stdout)")
    #expect(
      try files() == [
        "accounting_event_detail-2026-02.csv", "accounting_event_vm-2026-02.csv",
        "accounting_log-2026-01.csv",
        "accounting_log-2026-02.csv", "accounting_rollup_ledger-2026-02.csv",
        "accounting_summary_daily-2026-02.csv",
        "accounting_summary_hourly-2026-02.csv", "accounting_summary_monthly-2026-02.csv",
      ])
    for (table, rows) in doomed {
      var parsed: [[String?]] = []
      var header: [String?]?
      for file in try files() where file.hasPrefix(table + "-") {
        let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
        #expect(text.hasSuffix("\r\n"))
        let records = parseCSV(text)
        if header != nil { #expect(records.first == header) }
        header = records.first
        parsed += records.dropFirst()
      }
      #expect(parsed == rows, "\(table)")
      #expect(header?.contains("isOpen") == false)
    }
    // The awkward name came back exactly.
    let detail = try String(
      contentsOfFile: dir + "/accounting_event_detail-2026-02.csv", encoding: .utf8)
    #expect(detail.contains("\"db, \"\"primary\"\"\r\nsecond line\""))
    // The deleted rows are gone; what the export left out is still there.
    #expect(
      try t.scalar(
        "SELECT COUNT(*) FROM {acc}.accounting_event_detail WHERE starttime < '2026-03-01'") == "0")
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_event_vm") == "2")

    // A second purge right after deletes nothing, says so, and writes no file.
    let again = try Tool.run(["purge", "--export", dir] + now + common)
    #expect(again.status == 0, "\(again.stderr)")
    #expect(again.stdout == "purge: nothing to delete; processed floor 2026-03-01T00:00:00Z\n")
    #expect(try files().count == 8)
    // One INFO line per run in LOG_VW.
    #expect(
      try t.rows(
        "SELECT level, LEFT(message, 45) FROM {acc}.LOG_VW WHERE source = 'purge' ORDER BY logTime, message"
      )
        == [
          ["INFO", "accounting purge at 2026-04-15 12:00:00: 73 r"],
          ["INFO", "accounting purge at 2026-04-15 12:00:00: noth"],
        ])
    try? FileManager.default.removeItem(atPath: dir)
  }

  @Test func anExportNeverOverwritesAFile() throws {
    try history()
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let mine = dir + "/accounting_log-2026-01.csv"
    try "keep me\n".write(toFile: mine, atomically: false, encoding: .utf8)
    let before = try t.dumpAll()
    let r = try Tool.run(["purge", "--export", dir] + now + common)
    #expect(r.status == 1)
    #expect(
      r.stderr
        == "accounting: export: \(mine) exists (an export never overwrites a file); nothing deleted\n"
    )
    #expect(try String(contentsOfFile: mine, encoding: .utf8) == "keep me\n")
    #expect(try files() == ["accounting_log-2026-01.csv"])
    #expect(try t.dumpAll() == before)
    try? FileManager.default.removeItem(atPath: dir)
  }

  @Test func badInputIsOneLineAndExit64() throws {
    for args in [
      ["purge", "--batch", "0"], ["purge", "--batch", "ten"], ["purge", "--now", "yesterday"],
      ["purge", "--dry-run", "--export", "/tmp/x"], ["purge", "--wait", "soon"],
      ["purge", "--export", ""],
      ["purge", "extra"],
    ] {
      let r = try Tool.run(args + common)
      #expect(r.status == 64, "\(args): \(r.stderr)")
      #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
    }
  }

  @Test func theLockHeldElsewhereMeansNothingDone() throws {
    try history()
    let other = try TestSchema.connect()
    defer { other.close() }
    #expect(try other.takeRunLock(t.accounting).first == "1")
    let before = try t.dumpAll()
    let r = try Tool.run(["purge"] + now + common)
    #expect(r.status == 0)
    #expect(r.stdout == "purge: another run holds the lock; nothing done\n")
    #expect(try t.dumpAll()["accounting_event_detail"] == before["accounting_event_detail"])
    #expect(try t.processedFloor() == nil)
    // The rollup is kept out while a purge holds the lock, the same way.
    let rollup = try Tool.run(["rollup", "--now", "2026-03-01T09:10:00Z"] + common)
    #expect(rollup.stdout == "rollup: another run holds the lock; nothing done\n")
  }
}
