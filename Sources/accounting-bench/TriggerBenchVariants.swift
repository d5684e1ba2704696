import AccountingKit
import Foundation

/// The capture cost taken apart: the VM UPDATE trigger replaced by simpler bodies, each measured
/// with the protocol of the main figures against the same plain copy, so the step from one body
/// to the next is what a statement of the product's trigger costs.
extension TriggerBench {
  static let vmUpdateTrigger = "update_virtualmachine_update_stats"

  func perStatement<R: RandomNumberGenerator>(_ toggles: Toggles, using rng: inout R) throws {
    let inv = names.inventory
    let acc = names.accounting
    let trigger = Self.vmUpdateTrigger
    // The product's text as the bench installed it (the embedded bundle, not the sql/ tree).
    let bundle = try SQLBundle.embedded()
    guard let entry = bundle.entries(.trigger).first(where: { $0.name == trigger }) else {
      throw BenchError("the embedded SQL has no trigger \(trigger)")
    }
    let product = bundle.text(entry, names: names)
    guard let changed = Self.accountedChangeCondition(product) else {
      throw BenchError("\(trigger): no `IF NOT (…)` column comparison found in the product's text")
    }
    let installed = try showCreateTrigger()

    let head = "CREATE OR REPLACE TRIGGER \(inv).\(trigger) AFTER UPDATE ON \(inv).virtualmachine FOR EACH ROW"
    // Bodies 2 and 3 keep the product's mute test around the comparison, so each body adds one
    // thing to the one before it.
    let unmuted = "@accounting_mute IS NULL OR @accounting_mute = 0"
    let bodies: [(label: String, sql: String)] = [
      ("1. empty body (`BEGIN END`)", "\(head) BEGIN END"),
      (
        "2. compare only (the product's column comparison, empty body)",
        """
        \(head)
        IF \(unmuted) THEN
          IF \(changed) THEN
            SET @x = 1;
          END IF;
        END IF
        """
      ),
      (
        "3. compare + close + insert (no procedure, no reads)",
        """
        \(head)
        IF \(unmuted) THEN
          IF \(changed) THEN
            UPDATE \(acc).accounting_event_vm SET stopTime = UTC_TIMESTAMP() WHERE idVM = NEW.idVM AND isOpen = 1;
            INSERT INTO \(acc).accounting_event_vm (idVM, idEnterprise, cpu, ram, hd, startTime, powerOn)
              VALUES (NEW.idVM, COALESCE(NEW.idEnterprise, 0), NEW.cpu, NEW.ram, NEW.hd, UTC_TIMESTAMP(), 1);
          END IF;
        END IF
        """
      ),
    ]

    let breakdownRounds = min(3, rounds)
    // The product's trigger first, as installed (never re-created before it is measured); then
    // the simpler bodies. The session clock keeps moving past the rack toggles (02:00), a second
    // per round throughout.
    func measureBody(_ k: Int, _ label: String) throws -> Measured {
      try measure(
        toggles, rounds: breakdownRounds, clockFrom: "2026-01-01 03:00:00", firstSecond: k * breakdownRounds,
        label: "triggers, per statement, \(label)", using: &rng)
    }
    let productLabel = "4. product trigger (as installed)"
    let productFigures = try measureBody(0, productLabel)
    var measured: [(label: String, figures: Measured)] = []
    do {
      for (k, body) in bodies.enumerated() {
        try db.run(body.sql)
        measured.append((body.label, try measureBody(k + 1, body.label)))
      }
    } catch {
      _ = try? db.run(product)
      throw error
    }
    measured.append((productLabel, productFigures))

    // The restore: the product's own text again, giving the definition that was installed. It
    // must still capture: a change of hypervisor (a parent) makes it read the whole snapshot,
    // whose VDC and hypervisor type body 3 never writes (and a cpu change alone would carry
    // them over from the open row, which body 3 left without them).
    try db.run(product)
    guard try showCreateTrigger() == installed else {
      throw BenchError("\(trigger) differs from the installed one after the restore")
    }
    try db.execute("SET TIMESTAMP = UNIX_TIMESTAMP(?)", [.datetime("2026-01-01 04:00:00")])
    let before = try db.scalar("SELECT COUNT(*) FROM \(acc).accounting_event_vm WHERE idVM = 1").int ?? 0
    try db.run("UPDATE \(inv).virtualmachine SET cpu = 8, idHypervisor = 2 WHERE idVM = 1")
    try db.run("SET TIMESTAMP = DEFAULT")
    let after = try db.scalar("SELECT COUNT(*) FROM \(acc).accounting_event_vm WHERE idVM = 1").int ?? 0
    let snapshot = try db.scalar(
      """
      SELECT COUNT(*) FROM \(acc).accounting_event_vm
       WHERE idVM = 1 AND isOpen = 1 AND cpu = 8 AND idVirtualDataCenter = 1 AND hypervisorType = 'KVM'
      """
    ).int ?? 0
    guard after == before + 1, snapshot == 1 else {
      throw BenchError(
        "\(trigger) after the restore: an UPDATE of cpu and hypervisor wrote \(after - before) intervals (\(snapshot) open with the product's snapshot), expected 1"
      )
    }

    report("## Capture cost, per statement")
    report("")
    report(
      "The VM UPDATE trigger (`\(trigger)`) replaced by simpler bodies (CREATE OR REPLACE, the other triggers untouched), "
        + "each measured like the figures above against the same plain copy: \(updates == vms ? "every VM" : "\(updates) distinct VMs") "
        + "once per variant and round, \(breakdownRounds) rounds per body, medians of rounds. "
        + "The product's trigger is measured first, as installed; after the others it is re-created from its own text "
        + "and checked (same definition, and an UPDATE opens its interval with the full snapshot).")
    report("")
    report("| trigger body | accounted ratio | not accounted ratio | accounted µs above plain | not accounted µs above plain |")
    report("|---|---|---|---|---|")
    for (label, figures) in measured {
      report(
        "| \(label) | \(fmt(figures.ratio(accounted: true)))× | \(fmt(figures.ratio(accounted: false)))× | \(fmt(figures.added(accounted: true), 0)) | \(fmt(figures.added(accounted: false), 0)) |"
      )
    }
    report("")
  }

  /// The trigger's definition as the server keeps it (statement and sql_mode).
  private func showCreateTrigger() throws -> [String] {
    let rows = try db.query("SHOW CREATE TRIGGER \(names.inventory).\(Self.vmUpdateTrigger)")
    guard let row = rows.first else { throw BenchError("no trigger \(Self.vmUpdateTrigger)") }
    return [row["sql_mode"].description, row["SQL Original Statement"].description]
  }

  /// `NOT (…)` of the trigger's first `IF NOT (…)`: the raw column comparison that decides
  /// whether a change is accounted.
  static func accountedChangeCondition(_ text: String) -> String? {
    guard let start = text.range(of: "IF NOT (") else { return nil }
    let open = text.index(before: start.upperBound)
    var depth = 0
    var i = open
    while i < text.endIndex {
      switch text[i] {
      case "(": depth += 1
      case ")":
        depth -= 1
        if depth == 0 { return "NOT " + text[open...i] }
      default: break
      }
      i = text.index(after: i)
    }
    return nil
  }
}
