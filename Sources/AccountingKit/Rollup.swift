/// `accounting rollup`: drives the rollup procedures hour by hour, so that it can show progress,
/// under exactly the rules of ROLLUP_RUN: the same lock, the detail's partitions
/// a month ahead (DETAIL_PARTITIONS_ENSURE), the same plan (ROLLUP_PLAN), each hour in its own
/// transaction (ROLLUP_HOUR), then ROLLUP_CONSOLIDATE.
/// Killed at any point, every hour is either processed or not; a rerun continues.
public struct RollupOptions: Sendable {
  /// The clock (`--now`), nil: the server's.
  public var now: String?
  /// No hour ending after it (`--until`).
  public var until: String?
  /// Where a first run starts (`--from`); ignored, with a warning, once hours are processed.
  public var from: String?
  /// `--recompute --from … --to …`: reprocess these hours.
  public var recomputeTo: String?
  public var settleSeconds: Int?
  public var recheckHours: Int?
  /// How long to wait for another run's lock; 0: do not wait (exit 0, nothing done).
  public var waitSeconds: Int

  public init(
    now: String? = nil, until: String? = nil, from: String? = nil, recomputeTo: String? = nil,
    settleSeconds: Int? = nil, recheckHours: Int? = nil, waitSeconds: Int = 0
  ) {
    self.now = now
    self.until = until
    self.from = from
    self.recomputeTo = recomputeTo
    self.settleSeconds = settleSeconds
    self.recheckHours = recheckHours
    self.waitSeconds = waitSeconds
  }
}

public struct RollupProgress: Sendable {
  public let hoursDone: Int
  public let hoursTotal: Int
  public let rows: Int64
  public let currentHour: String
  public let elapsedSeconds: Double
}

public struct RollupSummary: Sendable {
  public var lockedByAnother = false
  public var warnings: [JobWarning] = []
  public var hoursNew = 0
  public var hoursRechecked = 0
  public var hoursChanged = 0
  public var rows: Int64 = 0
  public var eventsConsolidated: Int64 = 0
  public var processedThrough: String?
  public var firstHour: String?
  public var lastHour: String?
  public var seconds: Double = 0
  public var recompute = false

  public var hours: Int { hoursNew + hoursRechecked }

  /// The one line a run prints.
  public var line: String {
    if lockedByAnother { return "rollup: another run holds the lock; nothing done" }
    let through = processedThrough.map { ", processed through \(UTCTime.iso($0))" } ?? ""
    if hours == 0 { return "rollup: nothing to do\(through)" }
    let range = firstHour.map { f in " (\(UTCTime.iso(f)) .. \(UTCTime.iso(lastHour ?? f)))" } ?? ""
    let rate = seconds > 0 ? Int((Double(rows) / seconds).rounded()) : 0
    if recompute {
      return "rollup: recomputed \(hours) hours\(range), \(hoursChanged) changed, \(rows) detail rows in \(formatSeconds(seconds))\(through)"
    }
    return
      "rollup: \(hours) hours\(range): \(hoursNew) new, \(hoursRechecked) rechecked (\(hoursChanged) changed); \(rows) detail rows in \(formatSeconds(seconds)) (\(rate) rows/s); \(eventsConsolidated) events consolidated\(through)"
  }
}

func formatSeconds(_ s: Double) -> String {
  let tenths = Int((s * 10).rounded())
  return "\(tenths / 10).\(tenths % 10) s"
}

public struct Rollup: SchemaService {
  public let db: Connection
  public let names: SchemaNames

  public init(db: Connection, names: SchemaNames) {
    self.db = db
    self.names = names
  }

  public func run(_ options: RollupOptions, progress: (RollupProgress) -> Void = { _ in }) throws -> RollupSummary {
    // No hour that has not happened is billed: the clock is never ahead of the server's.
    if let given = options.now, let server = try db.serverClock(whenAhead: given) {
      throw InputError.clockAhead(job: .rollup, given: given, server: server)
    }
    let lock = RunLock(db: db, names: names)
    guard let summary = try lock.holding(waitSeconds: options.waitSeconds, source: "rollup", { try locked(options, progress) })
    else {
      var summary = RollupSummary()
      summary.lockedByAnother = true
      return summary
    }
    return summary
  }

  /// The run itself, under the lock.
  private func locked(_ options: RollupOptions, _ progress: (RollupProgress) -> Void) throws -> RollupSummary {
    var summary = RollupSummary()
    let clock = ContinuousClock()
    let started = clock.now

    if let to = options.recomputeTo {
      guard let from = options.from else { throw InputError.recomputeWithoutStart }
      // Only hours that have ended are rebuilt: a future --to would bill usage not yet had.
      let now = try options.now ?? db.scalar("SELECT UTC_TIMESTAMP()").description
      guard to <= now else {
        throw InputError.recomputePastNow(to: to, now: now)
      }
      summary.recompute = true
      let row = try db.query("CALL \(acc).ROLLUP_RECOMPUTE(?, ?)", [.datetime(from), .datetime(to)]).first
      summary.hoursRechecked = Int(row?["hours"].int ?? 0)
      summary.hoursChanged = Int(row?["hoursChanged"].int ?? 0)
      summary.rows = row?["detailRows"].int ?? 0
      summary.firstHour = try db.scalar("SELECT DATE_FORMAT(?, '%Y-%m-%d %H:00:00')", [.datetime(from)]).string
      summary.lastHour = try db.scalar(
        "SELECT DATE_FORMAT(? - INTERVAL 1 SECOND, '%Y-%m-%d %H:00:00')", [.datetime(to)]).string
      summary.seconds = seconds(clock.now - started)
      return summary
    }

    if let from = options.from {
      let row = try db.query("CALL \(acc).ROLLUP_SET_START(?)", [.datetime(from)]).first
      if row?["applied"].int != 1 {
        summary.warnings.append(.startIgnored(startedAt: row?["startHour"].string))
      }
    }

    // The detail's monthly partitions a month ahead, before any hour (as ROLLUP_RUN does; its
    // DDL commits, so never inside an hour's transaction).
    try db.execute(
      "CALL \(acc).DETAIL_PARTITIONS_ENSURE(COALESCE(?, UTC_TIMESTAMP()) + INTERVAL 1 MONTH)",
      [options.now.map { .datetime($0) } ?? .null])

    let plan = try db.query(
      "CALL \(acc).ROLLUP_PLAN(?, ?, ?, ?)",
      [
        options.now.map { .datetime($0) } ?? .null, options.until.map { .datetime($0) } ?? .null,
        options.settleSeconds.map { .int(Int64($0)) } ?? .null, options.recheckHours.map { .int(Int64($0)) } ?? .null,
      ])
    let hour = try db.prepare("CALL \(acc).ROLLUP_HOUR(?)")
    defer { hour.close() }
    for (i, planned) in plan.enumerated() {
      let h = planned["starttime"].description
      let result: Row?
      do {
        result = try hour.execute([.datetime(h)]).rows.first
      } catch let e as DatabaseError where e.errno == 1213
        && (try? db.scalar("SELECT COUNT(*) FROM \(acc).accounting_rollup_ledger WHERE starttime = ?", [.datetime(h)]).int) == 1
      {
        // On a Galera cluster another node's hour won certification: the ledger row is the
        // final claim, the hour is processed; move on (as ROLLUP_RUN does).
        result = nil
      } catch let e as DatabaseError {
        // The same ERROR line ROLLUP_RUN writes, so LOG_VW tells a failed run whoever ran it.
        _ = try? db.execute(
          "CALL \(acc).LOG_WRITE('ERROR', 'rollup', ?)",
          [.text("run failed at hour \(h) after \(i) hour(s): error \(e.errno): \(e.message)")])
        throw e
      }
      let status = result?["status"].string ?? ""
      summary.rows += result?["detailRows"].int ?? 0
      if planned["reason"].string == "recheck" {
        summary.hoursRechecked += 1
        if status == "changed" { summary.hoursChanged += 1 }
      } else {
        summary.hoursNew += 1
      }
      if summary.firstHour == nil { summary.firstHour = h }
      summary.lastHour = h
      progress(
        RollupProgress(
          hoursDone: i + 1, hoursTotal: plan.count, rows: summary.rows, currentHour: h,
          elapsedSeconds: seconds(clock.now - started)))
    }
    let consolidated = try db.query("CALL \(acc).ROLLUP_CONSOLIDATE()").first
    summary.eventsConsolidated = consolidated?["eventsConsolidated"].int ?? 0
    summary.processedThrough = consolidated?["processedThrough"].string
    summary.seconds = seconds(clock.now - started)
    if summary.hours > 0 {
      // The hours are committed: a log line that cannot be written is a warning, not a failed run.
      do {
        try db.execute("CALL \(acc).LOG_WRITE('INFO', 'rollup', ?)", [.text("accounting " + summary.line.dropFirst(8))])
      } catch {
        summary.warnings.append(.logNotWritten(String(describing: error)))
      }
    }
    return summary
  }
}

func seconds(_ d: Swift.Duration) -> Double {
  Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}
