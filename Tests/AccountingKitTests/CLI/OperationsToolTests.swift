import AccountingKit
import Foundation
import Testing

/// `rollup`, `verify` and `config` through the built binary, as an operator runs them.
@Suite(.serialized)
struct OperationsToolTests {
  let t: TestSchema
  init() throws { t = try TestSchema("ops") }

  var common: [String] { ["--no-defaults", "--inventory-schema", t.inventory, "--accounting-schema", t.accounting] }

  private func oneVM() throws { try t.oneVMThroughTheTriggers() }

  @Test func rollupThenNothingToDo() throws {
    try oneVM()
    let first = try Tool.run(["rollup", "--now", "2026-01-05T14:00:00Z"] + common)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.hasPrefix("rollup: 3 hours (2026-01-05T10:00:00Z .. 2026-01-05T12:00:00Z): 3 new, 0 rechecked (0 changed)"), "\(first.stdout)")
    // 10:15-11:00 at 2 cpu; 11:00-11:30 at 2 and 11:30-12:00 at 4; 12:00-13:00 at 4 (ON until 12:45).
    // The 13:00 hour ends at 14:00, after now - 5 min: not yet.
    #expect(
      try t.rows(
        "SELECT starttime, idAccountingResourceType, resourceUnits, usageSeconds, unitSeconds FROM {acc}.accounting_event_detail WHERE idAccountingResourceType IN (1, 15, 16) ORDER BY 1, 2")
        == [
          ["2026-01-05 10:00:00", "1", "2", "2700", "5400"],
          ["2026-01-05 10:00:00", "15", "2", "2700", "5400"],
          ["2026-01-05 11:00:00", "1", "4", "3600", "10800"],
          ["2026-01-05 11:00:00", "15", "4", "3600", "10800"],
          ["2026-01-05 12:00:00", "1", "4", "3600", "14400"],
          ["2026-01-05 12:00:00", "15", "4", "2700", "10800"],
          ["2026-01-05 12:00:00", "16", "4", "900", "3600"],
        ])
    let again = try Tool.run(["rollup", "--now", "2026-01-05T14:00:00Z"] + common)
    #expect(again.status == 0)
    #expect(again.stdout == "rollup: nothing to do, processed through 2026-01-05T13:00:00Z\n")
    #expect(again.stderr == "")
    // A start for a first run, given once hours are processed: the tool names its flag.
    let late = try Tool.run(["rollup", "--now", "2026-01-05T14:00:00Z", "--from", "2026-01-05T08:00:00Z"] + common)
    #expect(late.status == 0)
    #expect(
      late.stderr
        == "accounting: warning: --from ignored: hours are already processed (it started at 2026-01-05T10:00:00Z); the rollup continues from where it stopped\n"
    )
    #expect(late.stdout == "rollup: nothing to do, processed through 2026-01-05T13:00:00Z\n")
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.LOG_VW WHERE source = 'rollup' AND level = 'INFO'") == "1")
  }

  @Test func rollupWithTheLockHeldElsewhereDoesNothing() throws {
    try oneVM()
    let other = try TestSchema.connect()
    #expect(try other.takeRunLock(t.accounting).first == "1")
    let r = try Tool.run(["rollup", "--now", "2026-01-05T14:00:00Z"] + common)
    #expect(r.status == 0)
    #expect(r.stdout == "rollup: another run holds the lock; nothing done\n")
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_event_detail") == "0")
    other.close()
  }

  @Test func rollupBadUsage() throws {
    for args in [["rollup", "--settle", "five"], ["rollup", "--recompute", "--from", "2026-01-05"], ["rollup", "--to", "2026-01-05"],
                 ["rollup", "--recompute", "--from", "2026-01-06", "--to", "2026-01-05"], ["rollup", "--recheck", "90m"]] {
      let r = try Tool.run(args + common)
      #expect(r.status == 64, "\(args): \(r.stderr)")
      #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
    }
  }

  @Test func recomputeRebuildsTheSameRows() throws {
    try oneVM()
    #expect(try Tool.run(["rollup", "--now", "2026-01-05T14:00:00Z"] + common).status == 0)
    let before = try t.rows("SELECT * FROM {acc}.accounting_event_detail ORDER BY 1, 2, 3, 4, 5, 6, 7")
    let r = try Tool.run(["rollup", "--recompute", "--from", "2026-01-05T10:00:00Z", "--to", "2026-01-05T13:00:00Z"] + common)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.hasPrefix("rollup: recomputed 3 hours (2026-01-05T10:00:00Z .. 2026-01-05T12:00:00Z), 0 changed"), "\(r.stdout)")
    #expect(try t.rows("SELECT * FROM {acc}.accounting_event_detail ORDER BY 1, 2, 3, 4, 5, 6, 7") == before)
  }

  /// A recompute never rebuilds an hour that has not ended: that would bill usage not yet had.
  @Test func recomputeRefusesTheFuture() throws {
    try oneVM()
    #expect(try Tool.run(["rollup", "--now", "2026-01-05T14:00:00Z"] + common).status == 0)
    let r = try Tool.run(
      ["rollup", "--recompute", "--from", "2026-01-05T10:00:00Z", "--to", "2026-01-05T16:00:00Z", "--now", "2026-01-05T14:00:00Z"]
        + common)
    #expect(r.status == 64)
    #expect(
      r.stderr
        == "accounting: --to 2026-01-05T16:00:00Z is after now (2026-01-05T14:00:00Z): a recompute rebuilds only hours that have ended\n")
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_rollup_ledger") == "3")
    let mixed = try Tool.run(
      ["rollup", "--recompute", "--from", "2026-01-05T10:00:00Z", "--to", "2026-01-05T12:00:00Z", "--settle", "5m"] + common)
    #expect(mixed.status == 64, "\(mixed.stderr)")
  }

  /// status takes --now: its backlog is the hours due at that time and not processed.
  @Test func statusBacklogAtAGivenTime() throws {
    try oneVM()
    #expect(try Tool.run(["rollup", "--now", "2026-01-05T14:00:00Z"] + common).status == 0)
    // Due at 16:10 with a 5-minute settle: the hours 10:00 to 15:00 (6); processed: 10, 11, 12.
    let r = try Tool.run(["status", "--now", "2026-01-05T16:10:00Z"] + common)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("rollup: processed through 2026-01-05T13:00:00Z; backlog 3 hours due\n"), "\(r.stdout)")
    #expect(r.stdout.contains("; now 2026-01-05T16:10:00Z\n"), "\(r.stdout)")
  }

  /// Usage is hourly: a report period must be whole hours.
  @Test func reportRefusesPartialHours() throws {
    let r = try Tool.run(["report", "--from", "2026-01-05T13:30:00Z", "--to", "2026-01-05T15:00:00Z"] + common)
    #expect(r.status == 64)
    #expect(r.stderr == "accounting: --from 2026-01-05T13:30:00Z is not on the hour: usage is hourly, give whole UTC hours\n")
  }

  /// A purge deletes by the real time: a clock ahead of the server's is refused (a dry run may look ahead).
  @Test func purgeRefusesAFutureClock() throws {
    let r = try Tool.run(["purge", "--now", "2099-01-01T00:00:00Z"] + common)
    #expect(r.status == 64)
    #expect(r.stderr.hasPrefix("accounting: --now 2099-01-01T00:00:00Z is ahead of the server clock"), "\(r.stderr)")
    let dry = try Tool.run(["purge", "--dry-run", "--now", "2099-01-01T00:00:00Z"] + common)
    #expect(dry.status == 0, "\(dry.stderr)")
  }

  @Test func verifyCleanThenProblem() throws {
    try oneVM()
    let clean = try Tool.run(["verify"] + common)
    #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
    #expect(clean.stdout == "verify: clean\n")
    // A deployment made with the triggers muted leaves a live VM without an open interval.
    try t.exec("SET @accounting_mute = 1")
    try t.exec("INSERT INTO {inv}.virtualmachine (idVM, name, idEnterprise, idVirtualApp, cpu, ram, hd, state) VALUES (7, 'muted', 1, 1, 1, 512, 0, 'ON')")
    try t.exec("SET @accounting_mute = NULL")
    let dirty = try Tool.run(["verify"] + common)
    #expect(dirty.status == 2)
    #expect(dirty.stdout.hasPrefix("vm 7: "), "\(dirty.stdout)")
    #expect(dirty.stdout.split(separator: "\n").count == 1)
  }

  @Test func configSetValidatesAndRefusedChangesNothing() throws {
    let before = try t.rows("SELECT name, value FROM {acc}.ACCOUNTING_CONFIG_VW ORDER BY name")
    for (key, value) in [("no_such_key", "1"), ("settle_seconds", "-5"), ("settle_seconds", "2d"),
                         ("recheck_hours", "lots"), ("retention.detail_days", "0"), ("retention.log_days", "99999999"),
                         ("resource_type.1.enabled", "maybe"), ("recheck_hours", "90m")] {
      let r = try Tool.run(["config", "set", key, value] + common)
      #expect(r.status == 64, "\(key)=\(value): \(r.stdout) \(r.stderr)")
      #expect(r.stderr.split(separator: "\n").count == 1)
    }
    // The hourly detail must outlive the recheck window: 1 day covers 24 hours, not 48.
    let wide = try Tool.run(["config", "set", "recheck_hours", "48h"] + common)
    #expect(wide.stdout == "recheck_hours = 48\n")
    #expect(try Tool.run(["config", "set", "retention.detail_days", "1"] + common).status == 64)
    #expect(try Tool.run(["config", "set", "recheck_hours", "24"] + common).status == 0)
    #expect(try Tool.run(["config", "set", "retention.detail_days", "1"] + common).status == 0)
    #expect(try Tool.run(["config", "set", "retention.detail_days", "1095"] + common).status == 0)
    #expect(try t.rows("SELECT name, value FROM {acc}.ACCOUNTING_CONFIG_VW ORDER BY name") == before)
    let ok = try Tool.run(["config", "set", "settle_seconds", "10m"] + common)
    #expect(ok.stdout == "settle_seconds = 600\n")
    #expect(try t.scalar("SELECT value FROM {acc}.ACCOUNTING_CONFIG_VW WHERE name = 'settle_seconds'") == "600")
    let show = try Tool.run(["config", "show"] + common)
    #expect(show.status == 0)
    #expect(show.stdout.contains("settle_seconds"))
    #expect(show.stdout.split(separator: "\n").first?.hasPrefix("name") == true)
  }
}
