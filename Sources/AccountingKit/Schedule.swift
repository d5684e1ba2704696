/// `accounting schedule`: the rollup and the purge as MariaDB EVENTs in the accounting schema, for
/// sites without cron or systemd. The events call exactly what the tool runs (ROLLUP_RUN,
/// PURGE_RUN); the rollup lock keeps any two runs, whoever starts them, from overlapping, and each
/// run writes its line to the log (LOG_VW). Times are UTC (the events are created in a UTC
/// session and keep its time zone). Enabling never turns the server's event scheduler on: that is
/// the DBA's decision (`SET GLOBAL event_scheduler = ON` and `event_scheduler=ON` in the server's
/// option file); `show` says whether it is on.
///
/// On a Galera cluster (`@@wsrep_on`) an event runs only on the node that created it (the others
/// hold it as SLAVESIDE_DISABLED), so one pair of events would stop billing with its node. There
/// the events are named per node, `accounting_rollup_hourly_<node>` and
/// `accounting_purge_daily_<node>` (`<node>`: `Schedule.nodeSuffix` of `@@wsrep_node_name`), and
/// the operator enables the schedule on every node: each node runs its own pair, the run lock
/// lets one run at a time do the work, and the loss of a node leaves the others' events running.
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
  /// On a Galera cluster: this node's `@@wsrep_node_name`; nil on a server without wsrep.
  public let node: String?

  public init(events: [ScheduledEvent], scheduler: String, node: String? = nil) {
    self.events = events
    self.scheduler = scheduler
    self.node = node
  }

  public var schedulerLine: String {
    scheduler == "ON"
      ? "event_scheduler: ON"
      : "event_scheduler: \(scheduler): the events do not run until a DBA turns it on (SET GLOBAL event_scheduler = ON, and event_scheduler=ON in the server's option file)"
  }

  /// On a cluster: which events are this node's, and whether they run here.
  public var nodeLines: [String] {
    guard let node else { return [] }
    let own = Schedule.eventNames(node: node)
    var out = [
      "cluster node '\(node)': its events are \(own.rollup) and \(own.purge); an event runs only on the node where it is ENABLED (another node's shows SLAVESIDE_DISABLED here)"
    ]
    let mine = events.filter { $0.name == own.rollup || $0.name == own.purge }
    if mine.isEmpty {
      out.append(
        "this node runs no schedule of its own: accounting schedule enable on this node creates it (on every node, so that the loss of one does not stop billing)"
      )
    } else if let off = mine.first(where: { $0.status != "ENABLED" }) {
      out.append(
        "\(off.name) is \(off.status) on this node (its data came from another node by full state transfer?): accounting schedule enable on this node again"
      )
    }
    return out
  }

  public var lines: [String] {
    var out = [schedulerLine] + nodeLines
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

/// What `Schedule.enable` did.
public struct ScheduleEnabled: Sendable {
  /// The events it created (or replaced).
  public let rollupEvent: String
  public let purgeEvent: String
  /// On a cluster: the unsuffixed events of an older schedule, dropped (they ran on one node).
  public let dropped: [String]
  public let status: ScheduleStatus
}

public struct Schedule: SchemaService {
  public static let rollupEvent = "accounting_rollup_hourly"
  public static let purgeEvent = "accounting_purge_daily"

  /// The part of a cluster node's event names that names the node: `@@wsrep_node_name` lower-cased,
  /// every character other than a-z, 0-9 and _ replaced by _, at most 24 characters. When that
  /// changed the name, `_` and 8 hex digits of the name's FNV-1a hash follow, so that names
  /// differing only in what was replaced ("node-1", "node.1") stay apart.
  public static func nodeSuffix(_ nodeName: String) -> String {
    var out = ""
    for u in nodeName.lowercased().unicodeScalars {
      let ok = ("a"..."z").contains(u) || ("0"..."9").contains(u) || u == "_"
      out.unicodeScalars.append(ok ? u : "_")
    }
    if out.count > 24 { out = String(out.prefix(24)) }
    if out == nodeName && !out.isEmpty { return out }
    var h: UInt32 = 2_166_136_261
    for b in nodeName.utf8 {
      h ^= UInt32(b)
      h = h &* 16_777_619
    }
    let hex = String(h, radix: 16)
    return out + "_" + String(repeating: "0", count: 8 - hex.count) + hex
  }

  /// The events' names: the plain ones on a server without wsrep (`node` nil), the node's own on a
  /// cluster node. At most 23 + 1 + 24 + 9 = 57 characters (an event name takes 64).
  public static func eventNames(node: String?) -> (rollup: String, purge: String) {
    guard let node else { return (rollupEvent, purgeEvent) }
    let s = nodeSuffix(node)
    return (rollupEvent + "_" + s, purgeEvent + "_" + s)
  }

  /// Whether an event of the accounting schema is one of the schedule's (any node's).
  public static func isScheduleEvent(_ name: String) -> Bool {
    name == rollupEvent || name == purgeEvent || name.hasPrefix(rollupEvent + "_")
      || name.hasPrefix(purgeEvent + "_")
  }

  public let db: Connection
  public let names: SchemaNames

  public init(db: Connection, names: SchemaNames) {
    self.db = db
    self.names = names
  }

  /// This node's `@@wsrep_node_name` on a Galera cluster (`@@wsrep_on`), nil elsewhere.
  public func clusterNode() throws -> String? {
    guard (try? db.scalar("SELECT @@wsrep_on").int) == 1 else { return nil }
    let name = try db.scalar("SELECT @@wsrep_node_name").string ?? ""
    return name
  }

  /// Creates (or replaces) both events of this server (on a cluster: of this node), enabled. Bad
  /// options are a `UsageError`.
  public func enable(_ options: ScheduleOptions) throws -> ScheduleEnabled {
    guard (0...59).contains(options.rollupMinute) else {
      throw UsageError("the rollup minute is 0 to 59")
    }
    guard (0...23).contains(options.purgeHour), (0...59).contains(options.purgeMinute) else {
      throw UsageError("the purge time is HH:MM, 00:00 to 23:59")
    }
    let present = try db.scalar(
      "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? AND ROUTINE_NAME IN ('ROLLUP_RUN', 'PURGE_RUN')",
      [.text(names.accounting)])
    guard present.int == 2 else { throw StatusError.notInstalled(names.accounting) }
    // The batch the daily event will pass to PURGE_RUN, checked where the rule lives.
    _ = try db.query("CALL \(quoteIdent(names.accounting)).PURGE_CHECK_BATCH(?)", [.int(Int64(options.batchRows))])
    let node = try clusterNode()
    let (rollup, purge) = Self.eventNames(node: node)
    // A start in the past: the server runs a recurring event at the next start + k × interval,
    // so these run every hour at :MM and every day at HH:MM (UTC), and never at once on creation.
    // The values are whole numbers checked above; DDL takes no placeholders.
    let rollupStart = "2000-01-01 00:\(UTCTime.pad(options.rollupMinute)):00"
    let purgeStart =
      "2000-01-01 \(UTCTime.pad(options.purgeHour)):\(UTCTime.pad(options.purgeMinute)):00"
    let on = node.map { " on cluster node \($0)" } ?? ""
    // CREATE OR REPLACE on this node: ENABLED here; on a cluster the other nodes receive it as
    // SLAVESIDE_DISABLED, so it runs here only.
    try db.run(
      """
      CREATE OR REPLACE EVENT \(acc).\(quoteIdent(rollup))
      ON SCHEDULE EVERY 1 HOUR STARTS '\(rollupStart)'
      ON COMPLETION PRESERVE ENABLE
      COMMENT \(quoteString("CloudAccounting: the hourly rollup" + on + " (accounting schedule enable); the rollup lock keeps runs apart"))
      DO CALL \(acc).ROLLUP_RUN(NULL, NULL, NULL, NULL)
      """)
    try db.run(
      """
      CREATE OR REPLACE EVENT \(acc).\(quoteIdent(purge))
      ON SCHEDULE EVERY 1 DAY STARTS '\(purgeStart)'
      ON COMPLETION PRESERVE ENABLE
      COMMENT \(quoteString("CloudAccounting: the daily purge" + on + " (accounting schedule enable); the rollup lock keeps runs apart"))
      DO CALL \(acc).PURGE_RUN(NULL, \(options.batchRows))
      """)
    var dropped: [String] = []
    if node != nil {
      // An older schedule's unsuffixed pair runs on the one node that created it: replaced by
      // the per-node events.
      let existing = Set(try show().events.map(\.name))
      for name in [Self.rollupEvent, Self.purgeEvent] where existing.contains(name) {
        try db.run("DROP EVENT IF EXISTS \(acc).\(quoteIdent(name))")
        dropped.append(name)
      }
    }
    return ScheduleEnabled(
      rollupEvent: rollup, purgeEvent: purge, dropped: dropped, status: try show())
  }

  /// Drops this server's (on a cluster: this node's) two events, or with `allNodes` every
  /// schedule event of the schema, whichever node it belongs to; returns the names of those that
  /// were there.
  public func disable(allNodes: Bool = false) throws -> [String] {
    let before = try show().events.map(\.name)
    let own = Self.eventNames(node: try clusterNode())
    let targets =
      allNodes ? before.filter(Self.isScheduleEvent) : [own.rollup, own.purge].filter(before.contains)
    for name in targets {
      try db.run("DROP EVENT IF EXISTS \(acc).\(quoteIdent(name))")
    }
    return targets
  }

  /// The events of the accounting schema and the server's event_scheduler (on a cluster: and
  /// this node's name).
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
    return ScheduleStatus(events: events, scheduler: scheduler, node: try clusterNode())
  }
}
