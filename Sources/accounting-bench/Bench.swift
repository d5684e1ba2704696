import AccountingKit
import AccountingSimulator
import ArgumentParser
import Foundation

/// The project's benchmarks, as ratios taken side by side in one run (Scripts/bench runs it).
/// Data is built in bulk with set-based SQL wherever the triggers are not what is measured, in a
/// schema pair of its own (bench_inv / bench_acc) that is dropped at the end.
@main
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "accounting-bench", abstract: "Run the CloudAccounting benchmarks against the local server.")

  @Option(help: "Benchmarks to run, comma-separated: triggers, rollup, simulate, views, purge, concurrency (default: all).")
  var only: String = "triggers,rollup,simulate,views,purge,concurrency"

  @Option(help: "Simulation sizes for the generator benchmark, comma-separated (10k, 100k).")
  var simulateSizes: String = "10k,100k"

  @Option(help: "Deployed VMs for the trigger benchmark.")
  var vms: Int = 10_000

  @Option(help: "Single-row UPDATEs per variant and round.")
  var updates: Int = 1_000

  @Option(help: "Interleaved rounds (the median is reported).")
  var rounds: Int = 7

  @Option(help: "Active VMs for the rollup benchmark, comma-separated.")
  var rollupVMs: String = "10000,100000"

  @Option(name: .customLong("purge-vms"), help: "VMs whose month of hourly detail the purge benchmark builds and purges.")
  var purgeVMs: Int = 1_000

  @Option(help: "InnoDB buffer pool for the run, in MB (set online with SET GLOBAL).")
  var bufferPoolMB: Int = 4096

  @Flag(help: "Keep the benchmark schemas afterwards.")
  var keep = false

  func run() throws {
    let env = ProcessInfo.processInfo.environment
    // The benchmarks paste multi-statement scripts.
    let options = ConnectionOptions(user: env["MYSQL_USER"] ?? "root", readDefaultFiles: false, multiStatements: true)
      .withEnvironment(env)
    let db = try Connection(options)
    // Each benchmark has its own schema pair, so two benchmarks never share data.
    func pair(_ tag: String) throws -> SchemaNames {
      try SchemaNames(inventory: "bench\(tag)_inv", accounting: "bench\(tag)_acc")
    }
    var used: [SchemaNames] = []
    // Benchmarks build millions of rows: a 4 GiB buffer pool (resized online), the server's
    // default durability left as it is (innodb_flush_log_at_trx_commit).
    try db.run("SET GLOBAL innodb_buffer_pool_size = \(bufferPoolMB) * 1048576")
    let flush = try db.scalar("SELECT @@innodb_flush_log_at_trx_commit").description
    let version = db.serverVersion
    report("# CloudAccounting benchmarks")
    report("")
    report("- date: \(try db.scalar("SELECT DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%dT%H:%i:%sZ')").description)")
    report("- server: MariaDB \(version), innodb_flush_log_at_trx_commit=\(flush), buffer pool \(try db.scalar("SELECT @@innodb_buffer_pool_size DIV 1048576").description) MB, redo log \(try db.scalar("SELECT @@innodb_log_file_size DIV 1048576").description) MB")
    report("- machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / 1_073_741_824) GiB")
    report("")
    let wanted = Set(only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    defer {
      if !keep {
        for names in used {
          _ = try? db.run("DROP DATABASE IF EXISTS \(quoteIdent(names.accounting))")
          _ = try? db.run("DROP DATABASE IF EXISTS \(quoteIdent(names.inventory))")
        }
      }
    }
    if wanted.contains("triggers") {
      let names = try pair("t")
      used.append(names)
      try TriggerBench(db: db, names: names, vms: vms, updates: updates, rounds: rounds).run()
    }
    if wanted.contains("rollup") {
      let sizes = rollupVMs.split(separator: ",").compactMap { Int($0) }
      let names = try pair("")
      used.append(names)
      try RollupBench(db: db, names: names, sizes: sizes, rounds: max(3, rounds / 2)).run()
    }
    if wanted.contains("simulate") {
      let sizes = simulateSizes.split(separator: ",").compactMap { SimulationSize(rawValue: String($0)) }
      let names = try pair("s")
      used.append(names)
      try SimulateBench(db: db, names: names, sizes: sizes).run()
    }
    if wanted.contains("views") {
      let names = try pair("v")
      used.append(names)
      try ViewBench(db: db, names: names, rounds: rounds).run()
    }
    if wanted.contains("purge") {
      let names = try pair("p")
      used.append(names)
      try PurgeBench(db: db, names: names, vms: purgeVMs, batchRows: 10_000, rounds: rounds).run()
    }
    if wanted.contains("concurrency") {
      let (names, plain) = (try pair("c"), try pair("cp"))
      used += [names, plain]
      try ConcurrencyBench(db: db, options: options, names: names, plainNames: plain).run()
    }
  }
}

/// Prints a line of the report (stdout; Scripts/bench keeps it for BENCHMARKS.md).
func report(_ line: String) {
  FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Progress on stderr.
func progress(_ line: String) {
  FileHandle.standardError.write(Data((line + "\n").utf8))
}

func median(_ xs: [Double]) -> Double {
  let s = xs.sorted()
  guard !s.isEmpty else { return .nan }
  return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func seconds(_ d: Swift.Duration) -> Double {
  Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func timed(_ body: () throws -> Void) rethrows -> Double {
  let clock = ContinuousClock()
  let start = clock.now
  try body()
  return seconds(clock.now - start)
}

func fmt(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }

/// Free space (GiB) on the file system where the server keeps its data (a server on this
/// machine), else on the working directory's.
func freeGiB(_ db: Connection) -> Double {
  let datadir = (try? db.scalar("SELECT @@datadir").string) ?? ""
  let files = FileManager.default
  let path = files.fileExists(atPath: datadir) ? datadir : files.currentDirectoryPath
  let attributes = try? FileManager.default.attributesOfFileSystem(forPath: path)
  let bytes = (attributes?[.systemFreeSize] as? NSNumber)?.doubleValue ?? 0
  return bytes / 1_073_741_824
}

/// Whether a benchmark has the `minimumGiB` it builds; when not, the report says it was skipped.
func enoughFreeSpace(_ db: Connection, minimumGiB: Double) -> Bool {
  let free = freeGiB(db)
  guard free < minimumGiB else { return true }
  report(
    "Skipped: \(fmt(free, 1)) GiB free where the server keeps its data, under the \(fmt(minimumGiB, 0)) GiB this benchmark needs."
  )
  report("")
  return false
}

/// Drops and installs the benchmark schema pair with the reference inventory.
func installFresh(_ db: Connection, _ names: SchemaNames) throws {
  try db.run("DROP DATABASE IF EXISTS \(names.accounting)")
  try db.run("DROP DATABASE IF EXISTS \(names.inventory)")
  _ = try Installer(db: db, bundle: try SQLBundle.embedded()).install(
    InstallOptions(names: names, withInventory: true, now: "2026-01-01 00:00:00"))
}
