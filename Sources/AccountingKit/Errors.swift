/// The library's typed errors. The library says what went wrong in its own terms; the tool
/// (`Sources/accounting`) alone decides how each reads on a command line (which flag to name) and
/// which exit status it gets.

/// Input the library was given that it cannot use: a malformed or out-of-range value, a clock
/// ahead of the server's, an empty period.
public enum InputError: Error, CustomStringConvertible, Sendable, Equatable {
  /// A malformed or out-of-range value (a time, a duration, a parameter, an account name); the
  /// message names the value and what is expected.
  case malformed(String)
  /// A "now" ahead of the server's clock, refused by `job` (nothing that has not happened is
  /// billed, deleted or snapshotted). `server` is the server's clock when it was read.
  case clockAhead(job: Job, given: String, server: String?)
  /// A period whose start is not before its end.
  case emptyPeriod(from: String, to: String)
  /// A recompute was asked without the start of its range.
  case recomputeWithoutStart
  /// A recompute whose range ends after now (only hours that have ended are rebuilt).
  case recomputePastNow(to: String, now: String)
  /// An option file that cannot be read.
  case optionFileUnreadable(path: String, reason: String)
  /// An option file the client library would skip silently (and connect as someone else).
  case optionFileMalformed(path: String, problem: String)

  /// What refused a clock ahead of the server's.
  public enum Job: String, Sendable, Equatable {
    case rollup, purge, install
  }

  /// A malformed value, described by `message`.
  public init(_ message: String) { self = .malformed(message) }

  public var description: String {
    switch self {
    case .malformed(let m): return m
    case .clockAhead(let job, let given, let server):
      let clock = server.map { " (\(UTCTime.iso($0)))" } ?? ""
      return "now \(UTCTime.iso(given)) is ahead of the server clock\(clock): \(job.why)"
    case .emptyPeriod(let from, let to):
      return "the period \(UTCTime.iso(from)) .. \(UTCTime.iso(to)) is empty: its start must be before its end"
    case .recomputeWithoutStart: return "a recompute needs the start and the end of its range"
    case .recomputePastNow(let to, let now):
      return "the recompute's end \(UTCTime.iso(to)) is after now (\(UTCTime.iso(now))): a recompute rebuilds only hours that have ended"
    case .optionFileUnreadable(let path, let reason): return "cannot read the option file \(path): \(reason)"
    case .optionFileMalformed(let path, let problem): return "malformed option file \(path): \(problem)"
    }
  }
}

extension InputError.Job {
  /// Why this job refuses a clock ahead of the server's.
  public var why: String {
    switch self {
    case .rollup: return "a rollup bills only hours that have ended"
    case .purge: return "a purge deletes by the real time"
    case .install: return "the initial snapshot opens intervals at a time that has happened"
    }
  }
}

/// Something a job did not do as asked, or could not record, without failing. In the library's
/// terms: the tool words each one, and names its flags.
public enum JobWarning: Sendable, Equatable {
  /// A first run's start was given, but hours are already processed: the rollup continues from
  /// where it stopped. `startedAt`: the hour the processed range started at, when known.
  case startIgnored(startedAt: String?)
  /// The run's line could not be written to the log table; the work itself is committed.
  case logNotWritten(String)
}

/// Kept for the callers that name a bad value in a message of their own.
public typealias UsageError = InputError

/// The errors our SQL routines raise (`SIGNAL SQLSTATE '45000'` with `MYSQL_ERRNO` 30000–30999
/// and a message starting with the token), one case per number: the README's "Errors" table.
public enum RoutineError: UInt32, Sendable, CaseIterable {
  case captureBadNameKind = 30101
  case captureBadParent = 30102
  case verifyInTransaction = 30103
  case rollupBadHour = 30200
  case rollupLocked = 30201
  case rollupBelowFloor = 30202
  case rollupInTransaction = 30203
  case rollupBadArgument = 30204
  case rollupBadParameter = 30205
  case runLockStuck = 30206
  case runLockInTransaction = 30207
  case rollupFutureHour = 30208
  case purgeBadArgument = 30300
  case purgeLocked = 30301
  case purgeInTransaction = 30302
  case purgeBadParameter = 30303
  case managedTableUnknown = 30400

  /// The stable token that starts the routine's message.
  public var token: String {
    switch self {
    case .captureBadNameKind: return "CAPTURE_BAD_NAME_KIND"
    case .captureBadParent: return "CAPTURE_BAD_PARENT"
    case .verifyInTransaction: return "VERIFY_IN_TRANSACTION"
    case .rollupBadHour: return "ROLLUP_BAD_HOUR"
    case .rollupLocked: return "ROLLUP_LOCKED"
    case .rollupBelowFloor: return "ROLLUP_BELOW_FLOOR"
    case .rollupInTransaction: return "ROLLUP_IN_TRANSACTION"
    case .rollupBadArgument: return "ROLLUP_BAD_ARGUMENT"
    case .rollupBadParameter: return "ROLLUP_BAD_PARAMETER"
    case .runLockStuck: return "RUN_LOCK_STUCK"
    case .runLockInTransaction: return "RUN_LOCK_IN_TRANSACTION"
    case .rollupFutureHour: return "ROLLUP_FUTURE_HOUR"
    case .purgeBadArgument: return "PURGE_BAD_ARGUMENT"
    case .purgeLocked: return "PURGE_LOCKED"
    case .purgeInTransaction: return "PURGE_IN_TRANSACTION"
    case .purgeBadParameter: return "PURGE_BAD_PARAMETER"
    case .managedTableUnknown: return "MANAGED_TABLE_UNKNOWN"
    }
  }

  /// An argument the caller passed was refused (rather than the state of the data or the lock).
  public var isBadArgument: Bool {
    [.rollupBadHour, .rollupBadArgument, .rollupFutureHour, .purgeBadArgument].contains(self)
  }
}

extension DatabaseError {
  /// The routine error this is, when one of our SQL routines raised it.
  public var routine: RoutineError? { isProjectError ? RoutineError(rawValue: errno) : nil }
}
