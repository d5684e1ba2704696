import AccountingKit
import ArgumentParser

struct ScheduleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schedule",
    abstract:
      "Run the rollup and the purge from MariaDB's event scheduler (for sites without cron or systemd).",
    discussion: """
      enable creates two EVENTs in the accounting schema: accounting_rollup_hourly calls \
      ROLLUP_RUN(NULL, NULL, NULL, NULL) every hour (at :10 UTC by default) and \
      accounting_purge_daily calls PURGE_RUN(NULL, 10000) every day (at 03:30 UTC by default). \
      They run exactly what `accounting rollup` and `accounting purge` run; the rollup lock keeps \
      any two runs apart, whoever starts them, and each run writes a line to the log (LOG_VW). \
      enable does not turn the server's event scheduler on: show says whether it is. On a Galera \
      cluster an event runs on the node that created it only, so there the events are named per \
      node (accounting_rollup_hourly_<node>, accounting_purge_daily_<node>, from \
      @@wsrep_node_name): run enable on every node; disable drops this node's pair \
      (--all-nodes: every node's).
      """,
    subcommands: [Enable.self, Disable.self, Show.self])

  struct Enable: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Create (or replace) the two events, enabled.")

    @OptionGroup var connection: ConnectionFlags
    @OptionGroup var schemas: SchemaFlags

    @Option(help: "The minute of every hour the rollup runs at (UTC, 0 to 59).") var rollupMinute:
      Int = 10
    @Option(help: "The time of day the purge runs at (UTC, HH:MM).") var purgeAt: String = "03:30"
    @Option(help: "The purge's rows per batch (1 to 1000000).") var batch: Int = 10_000

    func options() throws -> ScheduleOptions {
      let parts = purgeAt.split(separator: ":", omittingEmptySubsequences: false)
      guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isNumber) }),
        let h = Int(parts[0]), let m = Int(parts[1]), h < 24, m < 60
      else { throw ValidationError("bad --purge-at '\(purgeAt)': write HH:MM (UTC), e.g. 03:30") }
      guard (0...59).contains(rollupMinute) else {
        throw ValidationError("--rollup-minute must be 0 to 59")
      }
      return ScheduleOptions(
        rollupMinute: rollupMinute, purgeHour: h, purgeMinute: m, batchRows: batch)
    }

    func validate() throws { _ = try options() }

    func run() throws {
      let names = try schemas.names()
      let options = try options()
      try connection.session { db in
        let done = try Schedule(db: db, names: names).enable(options)
        let status = done.status
        print(
          "schedule: enabled \(done.rollupEvent) (every hour at :\(UTCTime.pad(options.rollupMinute)) UTC) and "
            + "\(done.purgeEvent) (every day at \(UTCTime.pad(options.purgeHour)):\(UTCTime.pad(options.purgeMinute)) UTC)"
            + (status.node.map { " on cluster node \($0): enable the schedule on every node" } ?? "")
        )
        if !done.dropped.isEmpty {
          print(
            "schedule: dropped \(done.dropped.joined(separator: " and ")) (an older schedule's, run by one node only)"
          )
        }
        if status.scheduler != "ON" { printError("accounting: warning: \(status.schedulerLine)") }
      }
    }
  }

  struct Disable: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Drop the two events (on a Galera cluster: this node's).")

    @OptionGroup var connection: ConnectionFlags
    @OptionGroup var schemas: SchemaFlags

    @Flag(help: "Drop every node's schedule events, not only this node's.") var allNodes = false

    func run() throws {
      let names = try schemas.names()
      try connection.session { db in
        let dropped = try Schedule(db: db, names: names).disable(
          allNodes: allNodes)
        print(
          dropped.isEmpty
            ? "schedule: no events to drop"
            : "schedule: dropped \(dropped.joined(separator: " and "))")
      }
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "List the events of the accounting schema and say whether the event scheduler is on.")

    @OptionGroup var connection: ConnectionFlags
    @OptionGroup var schemas: SchemaFlags

    func run() throws {
      let names = try schemas.names()
      try connection.session { db in
        for line in try Schedule(db: db, names: names).show().lines {
          print(line)
        }
      }
    }
  }
}

