/// Turns any error the library throws into the one line the tool prints (never a password: the
/// library never holds one in a message), and the exit code: 64 for bad usage, 1 otherwise.
public struct Failure: Sendable {
  public let line: String
  public let exitCode: Int32

  public init(_ error: any Error, options: ConnectionOptions? = nil) {
    let (line, code) = Self.describe(error, options: options)
    // One line, whatever the server put in its message (a parse error quotes the statement).
    self.line = String(line.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    exitCode = code
  }

  private static func describe(_ error: any Error, options: ConnectionOptions?) -> (String, Int32) {
    let line: String
    let exitCode: Int32
    switch error {
    case let e as DatabaseError where e.kind == .connection && [2006, 2013, 2055].contains(e.errno):
      // Connected, then lost (the server went away mid-run): not a connection refused.
      let at = options?.endpointDescription ?? "the server"
      line = "lost the connection to MariaDB at \(at): \(e.message)"
      exitCode = 1
    case let e as DatabaseError where e.kind == .connection:
      let at = options?.endpointDescription ?? "the server"
      line = "cannot connect to MariaDB at \(at): \(e.message)"
      exitCode = 1
    case let e as DatabaseError where e.kind == .accessDenied:
      line = "access denied: \(e.message)"
      exitCode = 1
    case let e as DatabaseError:
      line = e.description
      exitCode = 1
    case let e as UsageError:
      line = e.description
      exitCode = 64
    default:
      line = String(describing: error)
      exitCode = 1
    }
    return (line, exitCode)
  }
}

/// Bad input found by the library (a malformed time, an unknown key): exit 64.
public struct UsageError: Error, CustomStringConvertible, Sendable {
  public let description: String
  public init(_ description: String) { self.description = description }
}
