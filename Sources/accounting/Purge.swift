import AccountingKit
import ArgumentParser

struct PurgeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "purge",
    abstract:
      "Delete what is past its retention, in short batches, and move the processed floor.",
    discussion: """
      Each kind's cut-off is now minus its retention (accounting config show: retention.*_days), \
      rounded down to the start of a UTC month, so a month goes whole. Deletes closed, consolidated \
      events that stopped before their cut-off, hourly detail and its hourly sums, daily and \
      monthly sums, ledger rows and log lines before theirs; never an open event, never an hour the \
      rollup has not processed. The processed floor moves up first: no rollup, recheck or recompute \
      rebuilds an hour below it. Expired months of hourly detail go by dropping their partition. \
      Each batch is its own short transaction and locks only the rows it deletes; killed at any \
      point, a rerun finishes the job. The rules are the PURGE_RUN procedure's: a server EVENT \
      that calls it does the same. When another run (purge or rollup) holds the lock it exits 0 \
      and does nothing. Progress on a terminal; one summary line otherwise.

      --export DIR first writes the rows it is about to delete as CSV (RFC 4180, one file per \
      table and UTC month, DIR/<table>-YYYY-MM.csv, never overwriting a file), checks their count \
      against what is due, and deletes nothing when they differ.
      """)

  @OptionGroup var connection: ConnectionFlags
  @OptionGroup var schemas: SchemaFlags

  @Flag(help: "Print per table what would be deleted; delete nothing.") var dryRun = false
  @Option(help: "Write what is deleted as CSV files into this directory first.") var export: String?
  @Option(help: "Rows per batch, each batch its own transaction (1 to 1000000).") var batch: Int =
    10_000
  @Option(help: "The clock (UTC). Default: the server's.") var now: String?
  @Option(help: "Wait this long for another run's lock (e.g. 10m). Default: do not wait.") var wait:
    String?

  func validate() throws {
    if dryRun && export != nil {
      throw ValidationError("--export writes what a purge deletes; a dry run deletes nothing")
    }
    if let export, export.isEmpty { throw ValidationError("--export needs a directory") }
  }

  func run() throws {
    let names = try schemas.names()
    let options = PurgeOptions(
      now: try parseTime(now), batchRows: batch, dryRun: dryRun, exportDirectory: export,
      waitSeconds: try parseDuration(wait) ?? 0)
    try connection.session { db in
      let progress = terminalProgress { (p: PurgeProgress) in
        printProgress(
          "purge: \(p.rowsDone)/\(p.rowsTotal) rows", rows: p.rowsDone, seconds: p.elapsedSeconds, at: p.table,
          last: p.rowsDone >= p.rowsTotal)
      }
      let summary = try Purge(db: db, names: names).run(options, progress: progress)
      if summary.dryRun {
        for line in summary.planLines { print(line) }
      }
      printSummary(warnings: summary.warnings, line: summary.line)
    }
  }
}
