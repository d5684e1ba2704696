import AccountingKit
import Testing

/// `accounting config set` for the retention parameters: every refused
/// value leaves every parameter as it was; the rules between them (the floor-moving retentions
/// cover the recheck window; detail ≤ daily ≤ monthly).
@Suite(.serialized)
struct PurgeConfigTests {
  let t: TestSchema
  init() throws { t = try TestSchema("purgecfg") }

  var common: [String] {
    ["--no-defaults", "--inventory-schema", t.inventory, "--accounting-schema", t.accounting]
  }

  private func parameters() throws -> [[String?]] {
    try t.rows("SELECT name, value, defaultValue FROM {acc}.ACCOUNTING_CONFIG_VW ORDER BY name")
  }

  private func set(_ key: String, _ value: String) throws -> Tool.Result {
    // After `--`, a value such as -1 reaches the validator instead of reading as an option.
    try Tool.run(["config", "set"] + common + ["--", key, value])
  }

  @Test func everyRefusedSetChangesNothing() throws {
    // Start from a non-default but consistent state, so that "unchanged" is not "default".
    for (k, v) in [
      ("retention.monthly_days", "2000"), ("retention.daily_days", "1500"), ("recheck_hours", "48"),
    ] {
      #expect(try set(k, v).status == 0)
    }
    let before = try parameters()
    let refused: [(String, String, String)] = [
      ("retention.unknown_days", "10", "unknown parameter 'retention.unknown_days'"),
      ("retention.detail_days", "-1", "bad value '-1' for retention.detail_days"),
      ("retention.detail_days", "0", "bad value '0' for retention.detail_days"),
      ("retention.detail_days", "36501", "bad value '36501' for retention.detail_days"),
      ("retention.log_days", "ten", "bad value 'ten' for retention.log_days"),
      ("retention.log_days", "1.5", "bad value '1.5' for retention.log_days"),
      // 1 day does not cover the 48-hour recheck window: the floor would climb into it.
      (
        "retention.detail_days", "1",
        "retention.detail_days (1 days) must cover recheck_hours (48 hours)"
      ),
      (
        "retention.closed_events_days", "1",
        "retention.closed_events_days (1 days) must cover recheck_hours (48 hours)"
      ),
      (
        "retention.ledger_days", "1",
        "retention.ledger_days (1 days) must cover recheck_hours (48 hours)"
      ),
      ("recheck_hours", "800d", "bad value '800d' for recheck_hours"),
      // Sums outlive what they sum: daily (1500) >= detail (1095), monthly (2000) >= daily.
      (
        "retention.detail_days", "1501",
        "retention.daily_days (1500) must be at least retention.detail_days (1501)"
      ),
      (
        "retention.daily_days", "2001",
        "retention.monthly_days (2000) must be at least retention.daily_days (2001)"
      ),
      (
        "retention.monthly_days", "1499",
        "retention.monthly_days (1499) must be at least retention.daily_days (1500)"
      ),
      (
        "retention.daily_days", "10",
        "retention.daily_days (10) must be at least retention.detail_days (1095)"
      ),
    ]
    for (key, value, message) in refused {
      let r = try set(key, value)
      #expect(r.status == 64, "\(key)=\(value): \(r.stdout) \(r.stderr)")
      #expect(r.stderr.hasPrefix("accounting: \(message)"), "\(key)=\(value): \(r.stderr)")
      #expect(r.stderr.split(separator: "\n").count == 1, "\(key)=\(value): \(r.stderr)")
      #expect(try parameters() == before, "\(key)=\(value)")
    }
    // Accepted: the recheck window down first, then a short detail retention.
    #expect(try set("recheck_hours", "24").stdout == "recheck_hours = 24\n")
    #expect(try set("retention.detail_days", "1").stdout == "retention.detail_days = 1\n")
    #expect(try set("retention.detail_days", " 800 ").stdout == "retention.detail_days = 800\n")
    #expect(
      try t.scalar(
        "SELECT value FROM {acc}.accounting_parameter WHERE name = 'retention.detail_days'")
        == "800")
  }

  @Test func showListsTheRetentionParameters() throws {
    let r = try Tool.run(["config", "show"] + common)
    #expect(r.status == 0)
    let lines = r.stdout.split(separator: "\n")
    for kind in ["closed_events", "detail", "daily", "monthly", "ledger", "log"] {
      let line = lines.first { $0.hasPrefix("retention.\(kind)_days ") }
      #expect(
        line?.split(separator: " ").prefix(3).map(String.init) == [
          "retention.\(kind)_days", "1095", "1095",
        ], "\(kind)")
      #expect(line?.contains("rounded down to a UTC month") == true, "\(kind)")
    }
  }
}
