import AccountingKit
import ArgumentParser
import Logging

#if canImport(Glibc)
  import Glibc
#endif

/// How to reach the server: the mariadb client's options (no password option, by design).
struct ConnectionFlags: ParsableArguments {
  @Option(help: "Server host name or IP (TCP). Default: the socket, or MYSQL_HOST.")
  var host: String?

  @Option(help: "TCP port. Default: MYSQL_TCP_PORT or 3306.")
  var port: UInt32?

  @Option(help: "Unix socket path. Default: MYSQL_UNIX_PORT or the option files' socket.")
  var socket: String?

  @Option(help: "User name. Default: the option files' user, or your login name.")
  var user: String?

  @Option(
    help: "Read only this option file (groups [client] and [accounting]); a password goes here.")
  var defaultsFile: String?

  @Flag(help: "Read no option file.")
  var noDefaults = false

  @Flag(help: "Log what is done to stderr (never a password).")
  var verbose = false

  var options: ConnectionOptions {
    ConnectionOptions(
      host: host, port: port, socket: socket, user: user, defaultsFile: defaultsFile,
      readDefaultFiles: !noDefaults
    ).withEnvironment(environment())
  }

  func connect() throws -> Connection {
    try Connection(options, logger: logger("accounting.db"))
  }

  func logger(_ label: String) -> Logger {
    var l = Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
    l.logLevel = verbose ? .debug : .warning
    return l
  }
}

/// The two schema names.
struct SchemaFlags: ParsableArguments {
  @Option(help: "The inventory schema.")
  var inventorySchema = SchemaNames.defaultInventory

  @Option(help: "The accounting schema.")
  var accountingSchema = SchemaNames.defaultAccounting

  func names() throws -> SchemaNames {
    do {
      return try SchemaNames(inventory: inventorySchema, accounting: accountingSchema)
    } catch {
      throw ValidationError(String(describing: error))
    }
  }
}

func environment() -> [String: String] {
  var env: [String: String] = [:]
  for key in ["MYSQL_HOST", "MYSQL_TCP_PORT", "MYSQL_UNIX_PORT", "MYSQL_PWD"] {
    if let v = getenv(key) { env[key] = String(cString: v) }
  }
  return env
}

extension ConnectionFlags {
  /// Runs a subcommand's body on a new connection, `guarded`.
  func session(_ body: (Connection) throws -> Void) throws {
    try guarded(self) { try body(try connect()) }
  }
}

/// Runs a subcommand's body; any error becomes one line on stderr and the exit code.
func guarded(_ connection: ConnectionFlags, _ body: () throws -> Void) throws {
  do {
    try body()
  } catch let e as ExitCode {
    throw e
  } catch let e as ValidationError {
    throw e
  } catch {
    let failure = Failure(error, options: connection.options)
    printError("accounting: \(failure.line)")
    throw ExitCode(failure.exitCode)
  }
}

/// A progress line on a terminal's stderr, rewritten in place: `what`, the rate, where it is; the
/// last one ends the line.
func printProgress<N: BinaryInteger>(_ what: String, rows: N, seconds: Double, at place: String, last: Bool) {
  let rate = seconds > 0 ? Int(Double(rows) / seconds) : 0
  printError("\u{1B}[2K\r\(what), \(rate) rows/s, at \(place)", terminator: last ? "\n" : "")
}

func printError(_ line: String, terminator: String = "\n") {
  var err = StandardErrorStream()
  print(line, terminator: terminator, to: &err)
}

struct StandardErrorStream: TextOutputStream {
  mutating func write(_ string: String) {
    var bytes = Array(string.utf8)
    _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
  }
}

/// Parses a --now/--from/--to value, as a ValidationError (exit 64) when malformed.
func parseTime(_ text: String?) throws -> String? {
  guard let text else { return nil }
  do { return try UTCTime.parse(text) } catch { throw ValidationError(String(describing: error)) }
}

/// Parses a --wait/--settle/--recheck value in seconds (300, 5m, 24h, 1d), as a ValidationError
/// (exit 64) when malformed.
func parseDuration(_ text: String?) throws -> Int? {
  guard let text else { return nil }
  do {
    return try DurationText.seconds(text)
  } catch {
    throw ValidationError(String(describing: error))
  }
}

/// A job's progress closure: `line` on a terminal's stderr, nothing when stderr is not a terminal.
func terminalProgress<P>(_ line: @escaping (P) -> Void) -> (P) -> Void {
  isatty(2) == 1 ? line : { _ in }
}

/// A job's warnings on stderr, then its one summary line on stdout.
func printSummary(warnings: [JobWarning], line: String) {
  for w in warnings { printError("accounting: warning: \(text(w))") }
  print(line)
}

/// A job warning as the command line words it.
func text(_ warning: JobWarning) -> String {
  switch warning {
  case .startIgnored(let startedAt):
    let start = startedAt.map { " (it started at \(UTCTime.iso($0)))" } ?? ""
    return "--from ignored: hours are already processed\(start); the rollup continues from where it stopped"
  case .logNotWritten(let reason): return "the run's log line was not written: \(reason)"
  }
}
