import AccountingKit
import AccountingSimulator
import Foundation

/// the workload generator at scale, through the triggers: a cloud of N VMs built and a
/// day of activity simulated (operations per second), then the rollup of the simulated hours
/// (rows per second) and a verify. The capture cost is what is measured here, so the data goes
/// through the triggers, unlike the other benchmarks.
struct SimulateBench {
  let db: Connection
  let names: SchemaNames
  let sizes: [SimulationSize]
  /// Hours of the simulated day rolled up (all 24 at 10k; fewer at 100k keeps the disk small).
  let rollupHours: [SimulationSize: Int] = [.tenThousand: 24, .hundredThousand: 3]

  func run() throws {
    report("## Workload generator at scale")
    report("")
    report("`accounting simulate` (seed 1) writes the cloud through the capture triggers: a bulk setup, then one simulated day of activity one operation at a time (200 per transaction); then `ROLLUP_RUN` over the first hours of that day and `VERIFY_CAPTURE`.")
    report("")
    report("| size | VMs | setup + activity | operations | ops/s | hours rolled up | detail rows | rollup rows/s | verify |")
    report("|---|---|---|---|---|---|---|---|---|")
    for size in sizes {
      progress("simulate: \(size.rawValue)")
      try installFresh(db, names)
      let options = SimulationOptions(size: size, seed: 1, keepLog: false, progressIntervalSeconds: 10)
      let result = try Simulator(db: db, names: names, options: options).run { p in progress(p.line) }
      let hours = rollupHours[size] ?? 24
      let now = UnixTime.text(options.start + Int64(hours) * 3600)
      let acc = quoteIdent(names.accounting)
      var detailRows: Int64 = 0
      let t = try timed {
        let row = try db.query("CALL \(acc).ROLLUP_RUN(?, NULL, 0, 0)", [.datetime(now)]).first
        detailRows = row?["detailRows"].int ?? 0
      }
      let problems = try db.run("CALL \(acc).VERIFY_CAPTURE()").rows.count
      report(
        "| \(size.rawValue) | \(options.vms) | \(fmt(result.elapsedSeconds, 1)) s | \(result.totalOperations) | \(fmt(Double(result.totalOperations) / result.elapsedSeconds, 0)) | \(hours) | \(detailRows) | \(fmt(Double(detailRows) / t, 0)) | \(problems == 0 ? "clean" : "\(problems) problems") |")
    }
    report("")
  }
}
