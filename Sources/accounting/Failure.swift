import AccountingKit
import AccountingSimulator

/// Turns any error the library throws into the one line the tool prints (never a password: the
/// library never holds one in a message) and the exit status: 64 for bad usage, 1 otherwise.
/// The library's errors are typed and worded in its own terms; here they are worded in the
/// tool's: the flag that carried the value, the flag that would get past a refusal.
struct Failure {
  let line: String
  let exitCode: Int32

  init(_ error: any Error, options: ConnectionOptions? = nil) {
    let (line, code) = Self.describe(error, options: options)
    // One line, whatever the server put in its message (a parse error quotes the statement).
    self.line = String(line.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    exitCode = code
  }

  private static func describe(_ error: any Error, options: ConnectionOptions?) -> (String, Int32) {
    switch error {
    case let e as DatabaseError where e.kind == .connection && [2006, 2013, 2055].contains(e.errno):
      // Connected, then lost (the server went away mid-run): not a connection refused.
      return ("lost the connection to MariaDB at \(options?.endpointDescription ?? "the server"): \(e.message)", 1)
    case let e as DatabaseError where e.kind == .connection:
      return ("cannot connect to MariaDB at \(options?.endpointDescription ?? "the server"): \(e.message)", 1)
    case let e as DatabaseError where e.kind == .accessDenied:
      return ("access denied: \(e.message)", 1)
    case let e as DatabaseError:
      // A routine refusing an argument the tool passed on is bad usage; the rest are failures.
      return (e.description, e.routine?.isBadArgument == true ? 64 : 1)
    case let e as InputError:
      return (describe(e), 64)
    case let e as InstallError:
      return (describe(e), 1)
    case let e as SimulationError:
      return (e.description, 1)
    case let e as PricingError:
      // A refused price change is bad usage: the file or the flags say something else.
      if case .wouldReprice = e { return (e.description + " (pass --reprice)", 64) }
      return (e.description, 64)
    default:
      return (String(describing: error), 1)
    }
  }

  /// Bad input, with the flag that carried it.
  static func describe(_ e: InputError) -> String {
    switch e {
    case .clockAhead(let job, let given, let server):
      let clock = server.map { " (\(UTCTime.iso($0)))" } ?? ""
      let hint = job == .purge ? " (use --dry-run to see a future purge)" : ""
      return "--now \(UTCTime.iso(given)) is ahead of the server clock\(clock): \(job.why)\(hint)"
    case .emptyPeriod: return "--from must be before --to"
    case .recomputeWithoutStart: return "--recompute needs --from and --to"
    case .recomputePastNow(let to, let now):
      return "--to \(UTCTime.iso(to)) is after now (\(UTCTime.iso(now))): a recompute rebuilds only hours that have ended"
    case .malformed, .optionFileUnreadable, .optionFileMalformed: return e.description
    }
  }

  /// An install's refusal, with the flag that gets past it.
  static func describe(_ e: InstallError) -> String {
    switch e {
    case .noInventory(let s):
      return "the inventory schema \(s) does not exist: install it first, or pass --with-inventory for the reference one"
    case .foreignTriggers(let names):
      return
        "the inventory already has triggers of our names that this tool did not create: \(names.joined(separator: ", ")); pass --replace-triggers to save and replace them"
    case .changedObjects(let triggers, let others):
      let all = triggers.map { "trigger \($0)" } + others
      var remedies: [String] = []
      if !triggers.isEmpty { remedies.append("--replace-triggers to save those triggers and restore ours") }
      if !others.isEmpty { remedies.append("--reinstall to restore the accounting schema's") }
      return
        "objects of ours were changed by someone else since they were installed: \(all.joined(separator: ", ")); pass \(remedies.joined(separator: ", or "))"
    case .futureSnapshot(let now, let server):
      return describe(InputError.clockAhead(job: .install, given: now, server: server))
    default:
      return e.description
    }
  }
}
