/// `accounting schedule`: the rollup and the purge as MariaDB EVENTs in the accounting schema, for
/// sites without cron or systemd. The events call exactly what the tool runs (ROLLUP_RUN,
/// PURGE_RUN); the rollup lock keeps any two runs, whoever starts them, from overlapping, and each
/// run writes its line to the log (LOG_VW). Times are UTC (the events are created in a UTC
/// session and keep its time zone). Enabling never turns the server's event scheduler on: that is
/// the DBA's decision (`SET GLOBAL event_scheduler = ON` and `event_scheduler=ON` in the server's
/// option file); `show` says whether it is on.
public struct ScheduleOptions: Sendable {
  /// The minute of every hour the rollup runs at (UTC).
  public var rollupMinute: Int
  /// The time of day the purge runs at (UTC), hours and minutes.
  public var purgeHour: Int
  public var purgeMinute: Int
  /// PURGE_RUN's batch size.
  public var batchRows: Int

  public init(
    rollupMinute: Int = 10, purgeHour: Int = 3, purgeMinute: Int = 30, batchRows: Int = 10_000
  ) {
    self.rollupMinute = rollupMinute
    self.purgeHour = purgeHour
    self.purgeMinute = purgeMinute
    self.batchRows = batchRows
  }
}

/// One event of the accounting schema, as information_schema.EVENTS shows it.
public struct ScheduledEvent: Sendable, Equatable {
  public let name: String
  public let status: String
  public let intervalValue: String?
  public let intervalField: String?
  public let starts: String?
  public let lastExecuted: String?
  public let definition: String

  /// "every 1 HOUR from 2000-01-01T00:10:00Z" (or "once at …").
  public var schedule: String {
    if let v = intervalValue, let f = intervalField {
      return "every \(v) \(f)" + (starts.map { " from \(UTCTime.iso($0))" } ?? "")
    }
    return "once" + (starts.map { " at \(UTCTime.iso($0))" } ?? "")
  }
}

public struct ScheduleStatus: Sendable {
  public let events: [ScheduledEvent]
  /// The server's `event_scheduler`: ON, OFF or DISABLED.
  public let scheduler: String

  public var schedulerLine: String {
    scheduler == "ON"
      ? "event_scheduler: ON"
      : "event_scheduler: \(scheduler): the events do not run until a DBA turns it on (SET GLOBAL event_scheduler = ON, and event_scheduler=ON in the server's option file)"
  }

  public var lines: [String] {
    var out = [schedulerLine]
    if events.isEmpty {
      out.append("no events in this schema (accounting schedule enable creates them)")
    } else {
      out += alignedTable(
        header: ["event", "status", "schedule", "last run", "calls"],
        rows: events.map {
          [
            $0.name, $0.status, $0.schedule, $0.lastExecuted.map(UTCTime.iso) ?? "never",
            $0.definition,
          ]
        })
    }
    return out
  }
}

public struct Schedule {
  public static let rollupEvent = "accounting_rollup_hourly"
  public static let purgeEvent = "accounting_purge_daily"

  public let db: Connection
  public let names: SchemaNames

  public init(db: Connection, names: SchemaNames) {
    self.db = db
    self.names = names
  }

  private var acc: String { quoteIdent(names.accounting) }

  /// Creates (or replaces) both events, enabled. Bad options are a `UsageError`.
  public func enable(_ options: ScheduleOptions) throws -> ScheduleStatus {
    guard (0...59).contains(options.rollupMinute) else {
      throw UsageError("the rollup minute is 0 to 59")
    }
    guard (0...23).contains(options.purgeHour), (0...59).contains(options.purgeMinute) else {
      throw UsageError("the purge time is HH:MM, 00:00 to 23:59")
    }
    guard (1...1_000_000).contains(options.batchRows) else {
      throw UsageError("a purge batch is 1 to 1000000 rows")
    }
    let present = try db.scalar(
      "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? AND ROUTINE_NAME IN ('ROLLUP_RUN', 'PURGE_RUN')",
      [.text(names.accounting)])
    guard present.int == 2 else { throw StatusError.notInstalled(names.accounting) }
    // A start in the past: the server runs a recurring event at the next start + k × interval,
    // so these run every hour at :MM and every day at HH:MM (UTC), and never at once on creation.
    // The values are whole numbers checked above; DDL takes no placeholders.
    let rollupStart = "2000-01-01 00:\(UTCTime.pad(options.rollupMinute)):00"
    let purgeStart =
      "2000-01-01 \(UTCTime.pad(options.purgeHour)):\(UTCTime.pad(options.purgeMinute)):00"
    try db.run(
      """
      CREATE OR REPLACE EVENT \(acc).\(Self.rollupEvent)
      ON SCHEDULE EVERY 1 HOUR STARTS '\(rollupStart)'
      ON COMPLETION PRESERVE ENABLE
      COMMENT 'CloudAccounting: the hourly rollup (accounting schedule enable); the rollup lock keeps runs apart'
      DO CALL \(acc).ROLLUP_RUN(NULL, NULL, NULL, NULL)
      """)
    try db.run(
      """
      CREATE OR REPLACE EVENT \(acc).\(Self.purgeEvent)
      ON SCHEDULE EVERY 1 DAY STARTS '\(purgeStart)'
      ON COMPLETION PRESERVE ENABLE
      COMMENT 'CloudAccounting: the daily purge (accounting schedule enable); the rollup lock keeps runs apart'
      DO CALL \(acc).PURGE_RUN(NULL, \(options.batchRows))
      """)
    return try show()
  }

  /// Drops both events; returns the names of those that were there.
  public func disable() throws -> [String] {
    let before = try show().events.map(\.name)
    var dropped: [String] = []
    for name in [Self.rollupEvent, Self.purgeEvent] where before.contains(name) {
      try db.run("DROP EVENT IF EXISTS \(acc).\(quoteIdent(name))")
      dropped.append(name)
    }
    return dropped
  }

  /// The events of the accounting schema and the server's event_scheduler.
  public func show() throws -> ScheduleStatus {
    let rows = try db.query(
      """
      SELECT EVENT_NAME, STATUS, INTERVAL_VALUE, INTERVAL_FIELD, STARTS, LAST_EXECUTED, EVENT_DEFINITION
      FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? ORDER BY EVENT_NAME
      """, [.text(names.accounting)])
    let events = rows.map {
      ScheduledEvent(
        name: $0[0].description, status: $0[1].description, intervalValue: $0[2].string,
        intervalField: $0[3].string, starts: $0[4].string, lastExecuted: $0[5].string,
        definition: $0[6].description)
    }
    let scheduler = try db.scalar("SELECT @@GLOBAL.event_scheduler").description.uppercased()
    return ScheduleStatus(events: events, scheduler: scheduler)
  }
}
