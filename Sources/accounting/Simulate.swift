import AccountingKit
import AccountingSimulator
import ArgumentParser

struct SimulateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "simulate",
    abstract: "Write a simulated cloud into the inventory, so that the triggers account for it.",
    discussion: """
      A deterministic workload generator: the same seed and size give the same operations and the \
      same rows. It builds a cloud at --start (datacenters, racks, reserved machines, enterprises, \
      VDCs, vApps, images, VMs, volumes, networks and IPs, in bulk), then runs its activity one \
      operation at a time over --days simulated days, moving the session clock (SET TIMESTAMP): \
      VMs deployed, powered off and on, paused, locked, resized, moved, undeployed and deleted; \
      volumes created, resized, attached, detached and deleted; IPs allocated and released; VLANs \
      created and deleted; images converted; machines reserved; renames. Install first \
      (accounting install --with-inventory). Progress goes to stderr every few seconds; the \
      summary is one line on stdout.

      Sizes: small (3 enterprises, 30 VMs, 2 days), demo (4, 100, 3), 10k (40, 10000, 1), \
      100k (200, 100000, 1); --vms, --enterprises and --days override the size's values.
      """)

  @OptionGroup var connection: ConnectionFlags
  @OptionGroup var schemas: SchemaFlags

  @Option(help: "The seed: the same seed and size give the same operations and rows.")
  var seed: UInt64 = 1

  @Option(help: "The size: small, demo, 10k or 100k.")
  var size: String = SimulationSize.demo.rawValue

  @Option(help: "VMs the setup creates (default: the size's).")
  var vms: Int?

  @Option(help: "Enterprises (default: the size's).")
  var enterprises: Int?

  @Option(help: "Simulated days (default: the size's).")
  var days: Int?

  @Option(
    help:
      "Activity operations per simulated day (default: 7 per VM up to 1000 VMs, then 7000 + 1 per VM)."
  )
  var opsPerDay: Int?

  @Flag(
    help: "Write into an inventory that accounting install --with-inventory did not create (its resources would be billed).")
  var anyInventory = false

  @Option(help: "The start of the simulated period (UTC), when the setup happens.")
  var start: String = "2026-01-05T00:00:00Z"

  func run() throws {
    let names = try schemas.names()
    guard let preset = SimulationSize(rawValue: size) else {
      throw ValidationError("bad size '\(size)': small, demo, 10k or 100k")
    }
    guard let at = try parseTime(start), let startSeconds = UnixTime.seconds(at) else {
      throw ValidationError("bad time '\(start)'")
    }
    var options = SimulationOptions(
      size: preset, seed: seed, vms: vms, enterprises: enterprises, days: days,
      operationsPerDay: opsPerDay,
      start: startSeconds, keepLog: false)
    options.anyInventory = anyInventory
    do { try options.validate() } catch { throw ValidationError(String(describing: error)) }
    try connection.session { db in
      let simulator = Simulator(
        db: db, names: names, options: options, logger: connection.logger("accounting.simulate"))
      let result = try simulator.run { printError($0.line) }
      print(result.summary)
    }
  }
}
