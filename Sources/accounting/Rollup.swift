import AccountingKit
import ArgumentParser

struct RollupCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rollup",
    abstract: "Turn the intervals into hourly usage (accounting_event_detail), catching up every hour due.",
    discussion: """
      Processes, in order, every hour not yet processed whose end is at or before \
      min(--until, now - settle), each hour in its own transaction (killed at any point, a rerun \
      continues and ends as one clean run would); first re-checks the processed hours of the \
      look-back window and reprocesses those whose events changed; then flags the closed events \
      whose hours are all processed. The rules are the ROLLUP_RUN procedure's: a server EVENT that \
      calls it does exactly the same. When another run holds the lock it exits 0 and does nothing. \
      Progress on a terminal; one summary line otherwise.
      """)

  @OptionGroup var connection: ConnectionFlags
  @OptionGroup var schemas: SchemaFlags

  @Option(help: "The clock (UTC). Default: the server's.") var now: String?
  @Option(help: "Process no hour ending after this time (UTC).") var until: String?
  @Option(help: "Where a first run starts (UTC, floored to the hour). Default: the earliest event. With --recompute: the first hour to rebuild.") var from: String?
  @Option(help: "With --recompute: the end of the range to rebuild (UTC, exclusive).") var to: String?
  @Flag(help: "Rebuild the processed hours in [--from, --to), each atomically.") var recompute = false
  @Option(help: "How long an hour must be over before it is processed: 300, 5m, 1h. Default: the parameter settle_seconds.") var settle: String?
  @Option(help: "Look-back window of processed hours to re-check: 24h, 2d, 0 for none. Default: the parameter recheck_hours.") var recheck: String?
  @Option(help: "Wait this long for another run's lock (e.g. 10m). Default: do not wait.") var wait: String?

  func validate() throws {
    if recompute && (from == nil || to == nil) { throw ValidationError("--recompute needs --from and --to") }
    if !recompute && to != nil { throw ValidationError("--to goes with --recompute") }
    if recompute && (until != nil || settle != nil || recheck != nil) {
      throw ValidationError("--until, --settle and --recheck do not apply to --recompute")
    }
  }

  func run() throws {
    let names = try schemas.names()
    var options = RollupOptions(
      now: try parseTime(now), until: try parseTime(until), from: try parseTime(from),
      recomputeTo: recompute ? try parseTime(to) : nil)
    options.settleSeconds = try parseDuration(settle)
    if let recheck, let s = try parseDuration(recheck) {
      guard s % 3600 == 0 else { throw ValidationError("bad --recheck '\(recheck)': whole hours") }
      options.recheckHours = s / 3600
    }
    options.waitSeconds = try parseDuration(wait) ?? 0
    if let f = options.from, let t = options.recomputeTo, f >= t {
      throw ValidationError("--from must be before --to")
    }
    try connection.session { db in
      let progress = terminalProgress { (p: RollupProgress) in
        printProgress(
          "rollup: \(p.hoursDone)/\(p.hoursTotal) hours, \(p.rows) rows", rows: p.rows, seconds: p.elapsedSeconds,
          at: UTCTime.iso(p.currentHour), last: p.hoursDone == p.hoursTotal)
      }
      let summary = try Rollup(db: db, names: names).run(options, progress: progress)
      printSummary(warnings: summary.warnings, line: summary.line)
    }
  }
}
