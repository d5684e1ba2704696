import AccountingKit

/// The named sizes of `accounting simulate --size`.
public enum SimulationSize: String, Sendable, CaseIterable {
  /// What the tests run: 3 enterprises, 30 VMs, 2 days.
  case small
  /// The quickstart's cloud: 4 enterprises, about 100 VMs, 3 days; every activity kind at least
  /// 10 times.
  case demo
  /// Benchmarks: 10,000 VMs (40 enterprises), 1 day.
  case tenThousand = "10k"
  /// Benchmarks: 100,000 VMs (200 enterprises), 1 day.
  case hundredThousand = "100k"

  public var enterprises: Int {
    switch self {
    case .small: return 3
    case .demo: return 4
    case .tenThousand: return 40
    case .hundredThousand: return 200
    }
  }

  public var vms: Int {
    switch self {
    case .small: return 30
    case .demo: return 100
    case .tenThousand: return 10_000
    case .hundredThousand: return 100_000
    }
  }

  public var days: Int {
    switch self {
    case .small: return 2
    case .demo: return 3
    case .tenThousand, .hundredThousand: return 1
    }
  }
}

/// What to simulate. Two runs with equal options on equal inventories perform the same
/// operations and write the same rows.
public struct SimulationOptions: Sendable, Equatable {
  public var seed: UInt64
  /// VMs created by the setup (the activity creates and deletes more).
  public var vms: Int
  public var enterprises: Int
  public var days: Int
  /// Activity operations per simulated day (follow-ups such as an unlock after a lock come on
  /// top). Default: `defaultOperationsPerDay(vms:)`.
  public var operationsPerDay: Int
  /// The start of the simulated period, UTC seconds since the epoch (the setup happens then).
  public var start: Int64
  /// Keep the operation log in the result (tests); off, only the counts are kept (benchmarks).
  public var keepLog: Bool
  /// Write into an inventory the installer did not create (`--any-inventory`).
  public var anyInventory: Bool = false
  /// Activity operations per transaction (setup statements commit one by one).
  public var operationsPerTransaction: Int
  /// Wall-clock seconds between two progress reports.
  public var progressIntervalSeconds: Int

  /// 2026-01-05 00:00:00 UTC, a Monday.
  public static let defaultStart: Int64 = 1_767_571_200

  public init(
    size: SimulationSize = .demo, seed: UInt64 = 1, vms: Int? = nil, enterprises: Int? = nil,
    days: Int? = nil,
    operationsPerDay: Int? = nil, start: Int64 = SimulationOptions.defaultStart,
    keepLog: Bool = true,
    operationsPerTransaction: Int = 200, progressIntervalSeconds: Int = 3
  ) {
    self.seed = seed
    self.vms = vms ?? size.vms
    self.enterprises = enterprises ?? size.enterprises
    self.days = days ?? size.days
    self.operationsPerDay =
      operationsPerDay ?? SimulationOptions.defaultOperationsPerDay(vms: vms ?? size.vms)
    self.start = start
    self.keepLog = keepLog
    self.operationsPerTransaction = operationsPerTransaction
    self.progressIntervalSeconds = progressIntervalSeconds
  }

  /// Seven operations per VM and day up to 1,000 VMs (the demo's 100 VMs: 700 a day, so that each
  /// kind happens at least 10 times in 3 days), then 7,000 plus one per VM (100,000 VMs: 107,000).
  public static func defaultOperationsPerDay(vms: Int) -> Int {
    vms <= 1000 ? max(210, vms * 7) : 7000 + vms
  }

  /// Refuses sizes the generator cannot build (a `UsageError`, exit 64 in the tool).
  public func validate() throws {
    guard vms >= 1, vms <= 1_000_000 else {
      throw UsageError("--vms must be between 1 and 1000000")
    }
    guard enterprises >= 1, enterprises <= 10_000 else {
      throw UsageError("--enterprises must be between 1 and 10000")
    }
    guard days >= 1, days <= 366 else { throw UsageError("--days must be between 1 and 366") }
    guard operationsPerDay >= 0, operationsPerDay <= 10_000_000 else {
      throw UsageError("--ops-per-day must be between 0 and 10000000")
    }
    guard operationsPerTransaction >= 1 else {
      throw UsageError("operations per transaction must be at least 1")
    }
  }

  /// The end of the simulated period (exclusive): `start` + `days`.
  public var end: Int64 { start + Int64(days) * 86_400 }
}

/// A progress report, sent every few seconds of wall-clock time on long runs.
public struct SimulationProgress: Sendable {
  public enum Phase: String, Sendable {
    case setup, activity
  }

  public let phase: Phase
  /// The simulated day being worked on, 1-based (the setup is on day 1).
  public let day: Int
  public let days: Int
  /// Operations done so far (setup statements and activity operations).
  public let operations: Int
  /// Rows written so far.
  public let rows: Int
  public let elapsedSeconds: Double
  /// What the setup is building, e.g. `VMs 20000 of 100000`; nil during the activity.
  public let detail: String?

  public var operationsPerSecond: Double {
    elapsedSeconds > 0 ? Double(operations) / elapsedSeconds : 0
  }

  /// One line for stderr: `simulate: day 2 of 3, 1234 operations, 850 ops/s`.
  public var line: String {
    let rate = Int(operationsPerSecond.rounded())
    if let detail { return "simulate: setup, \(detail), \(rows) rows, \(Int(elapsedSeconds)) s" }
    return "simulate: day \(day) of \(days), \(operations) operations, \(rate) ops/s"
  }
}

/// What a simulation did.
public struct SimulationResult: Sendable {
  public let options: SimulationOptions
  /// Every operation, in order (empty when `keepLog` is off).
  public let operations: [SimulatedOperation]
  /// Operations by kind (setup: one per bulk statement).
  public let counts: [SimulatedOperation.Kind: Int]
  /// Rows written (inserted, updated or deleted), setup included.
  public let rows: Int
  /// Managed VMs deployed at the end (with an open accounting interval, by the contract's rules).
  public let deployedVMs: Int
  /// VMs that exist at the end (managed or not, deployed or not).
  public let existingVMs: Int
  /// Wall-clock seconds the run took.
  public let elapsedSeconds: Double

  public var start: Int64 { options.start }
  public var end: Int64 { options.end }
  public var totalOperations: Int { counts.values.reduce(0, +) }

  /// One line: the period, operations by kind and the VMs deployed at the end.
  public var summary: String {
    let kinds = counts.keys.sorted().map { "\($0.rawValue) \(counts[$0]!)" }.joined(separator: ", ")
    let rate = elapsedSeconds > 0 ? Int((Double(totalOperations) / elapsedSeconds).rounded()) : 0
    return
      "simulated \(UnixTime.iso(start)) to \(UnixTime.iso(end)) (\(options.days) days, seed \(options.seed)): "
      + "\(totalOperations) operations (\(kinds)), \(rows) rows; \(deployedVMs) VMs deployed at the end "
      + "of \(existingVMs); \(formatSeconds(elapsedSeconds)) s, \(rate) ops/s"
  }

  private func formatSeconds(_ s: Double) -> String {
    let tenths = Int((s * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
  }
}
