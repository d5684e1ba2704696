import AccountingKit
import Testing

/// `accounting simulate` as a user runs it.
@Suite(.serialized)
struct SimulateToolTests {
  let t: TestSchema
  init() throws { t = try TestSchema("simcli") }

  var schemaArgs: [String] {
    ["--no-defaults", "--inventory-schema", t.inventory, "--accounting-schema", t.accounting]
  }

  @Test func printsOneSummaryLine() throws {
    let r = try Tool.run(
      ["simulate", "--size", "small", "--seed", "3", "--days", "1"] + schemaArgs)
    #expect(r.status == 0, "\(r.stderr)")
    let lines = r.stdout.split(separator: "\n")
    #expect(lines.count == 1)
    #expect(
      r.stdout.hasPrefix(
        "simulated 2026-01-05T00:00:00Z to 2026-01-06T00:00:00Z (1 days, seed 3): "))
    #expect(r.stdout.contains(" VMs deployed at the end of "))
    #expect(r.stdout.contains("setup "))
    #expect(
      r.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("simulate: ") }, "\(r.stderr)")
    #expect(try t.scalar("SELECT COUNT(*) > 0 FROM {acc}.accounting_event_vm") == "1")
  }

  @Test func startIsUTCAndOverridesApply() throws {
    let r = try Tool.run(
      [
        "simulate", "--vms", "5", "--enterprises", "2", "--days", "1", "--ops-per-day", "50",
        "--start", "2026-03-01 06:00:00",
      ]
        + schemaArgs)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(
      r.stdout.hasPrefix(
        "simulated 2026-03-01T06:00:00Z to 2026-03-02T06:00:00Z (1 days, seed 1): "))
    #expect(
      try t.scalar("SELECT MIN(startTime) FROM {acc}.accounting_event_vm") == "2026-03-01 06:00:00")
    #expect(try t.scalar("SELECT COUNT(*) FROM {inv}.enterprise") == "2")
  }

  @Test func badUsageIsOneLineAndExit64() throws {
    for args in [
      ["--size", "huge"], ["--start", "2026-02-30"], ["--days", "0"], ["--vms", "-3"],
    ] {
      let r = try Tool.run(["simulate"] + args + schemaArgs)
      #expect(r.status == 64, "\(args): \(r.stderr)")
      #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
      #expect(r.stderr.hasPrefix("accounting: "))
    }
  }

  @Test func noInventoryIsOneLineAndExit1() throws {
    let r = try Tool.run(
      [
        "simulate", "--size", "small", "--no-defaults", "--inventory-schema", "t_simcli_none",
        "--accounting-schema", t.accounting,
      ])
    #expect(r.status == 1)
    #expect(
      r.stderr
        == "accounting: the inventory schema t_simcli_none has no reference inventory tables: run accounting install --with-inventory first\n"
    )
  }

  /// An inventory the installer did not create (an operator's real cloud) is refused: the
  /// generator's made-up resources would be billed there.
  @Test func refusesAnInventoryThatIsNotOurs() throws {
    // This pair's inventory tables, forgotten by the installer's records, look like an operator's.
    try t.exec("DELETE FROM {acc}.install_object WHERE kind = 'inventory'")
    defer { _ = try? TestSchema("simcli", fresh: true) }
    let r = try Tool.run(["simulate", "--size", "small"] + schemaArgs)
    #expect(r.status == 1)
    #expect(
      r.stderr
        == "accounting: \(t.inventory) is not a reference inventory created by accounting install --with-inventory: simulate writes made-up, billable resources into it; pass --any-inventory to do it anyway\n"
    )
    #expect(try t.scalar("SELECT COUNT(*) FROM {inv}.virtualmachine") == "0")
    let forced = try Tool.run(["simulate", "--size", "small", "--any-inventory"] + schemaArgs)
    #expect(forced.status == 0, "\(forced.stderr)")
  }

  @Test func helpNamesEveryOption() throws {
    let r = try Tool.run(["simulate", "--help"])
    #expect(r.status == 0)
    for flag in [
      "--seed", "--size", "--vms", "--enterprises", "--days", "--ops-per-day", "--start", "--any-inventory",
      "--socket", "--inventory-schema", "--accounting-schema",
    ] {
      #expect(r.stdout.contains(flag), "simulate --help lacks \(flag)")
    }
  }
}
