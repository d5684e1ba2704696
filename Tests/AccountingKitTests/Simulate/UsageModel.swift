import AccountingKit
import AccountingSimulator

/// An independent model of the accounting, in plain Swift, for resource
/// types 1, 2, 3 (vcpu, vram, vhd of deployed managed VMs), 4 (external volumes, bytes), 5 (public
/// IPs) and 15 to 18 (vcpu and vram, ON and not ON). It reads nothing but a simulation's operation
/// log: it keeps its own copy of the inventory's rows, and after every row written it recomputes,
/// from the contract's rules alone, what each VM, volume and IP holds; a change closes the resource's
/// interval and opens the next at that second. Then it spreads the intervals over hours.
///
/// Rules, as the contract states them:
/// - a VM is held while it is managed (`idType` 1) and deployed: from `ON`, `OFF` or `PAUSED` until
///   `NOT_ALLOCATED`, `ALLOCATED`, `CONFIGURED`, its delete or `idType` 0; `LOCKED` and `UNKNOWN`
///   keep whatever it held (deployed or not, and its power state); power is ON for `ON` only;
/// - its owners: its `idEnterprise`, its `idVirtualApp` and that vApp's current VDC;
/// - a volume (`rasd_management` type '8') is held while its row exists: owner its VDC's
///   enterprise, its VDC, its vApp or 0; units `sizeMB` × 1048576;
/// - an IP is held while `idVirtualDataCenter` is set on a `PUBLIC` network: its VDC's enterprise,
///   its VDC, vApp 0; one unit;
/// - an interval [start, stop) counts in hour H when start < H + 3600 and stop > H (an open one
///   runs to the end of the period); a zero-length interval counts nowhere;
/// - per (hour, type, resource, enterprise, VDC, vApp): resourceUnits the largest units held in
///   the hour, usageSeconds the seconds held, unitSeconds the sum of units × seconds.
///
/// Sums are per hour: one row covers at most 3600 seconds, so units below 2^52 (a volume's
/// 2^32 MB) times seconds stay below 2^64; an overflow stops the test rather than wrap.
struct UsageModel {
  struct Key: Hashable, Comparable, CustomStringConvertible {
    let hour: Int64
    let type: Int
    let resource: Int
    let enterprise: Int
    let vdc: Int
    let vapp: Int

    static func < (a: Key, b: Key) -> Bool {
      (a.hour, a.type, a.resource, a.enterprise, a.vdc, a.vapp) < (
        b.hour, b.type, b.resource, b.enterprise, b.vdc, b.vapp
      )
    }

    var description: String {
      "hour \(hour) type \(type) resource \(resource) enterprise \(enterprise) vdc \(vdc) vapp \(vapp)"
    }
  }

  struct Usage: Equatable, CustomStringConvertible {
    var units: UInt64 = 0
    var seconds: Int64 = 0
    var unitSeconds: UInt64 = 0

    var description: String { "units \(units), seconds \(seconds), unitSeconds \(unitSeconds)" }
  }

  /// What a resource holds: owners, units per type, and for VMs the power state.
  private struct Holding: Equatable {
    let enterprise: Int
    let vdc: Int
    let vapp: Int
    let units: [UInt64]  // VM: cpu, ram, hd; volume: bytes; IP: 1
    let powerOn: Bool
  }

  private enum Resource: Hashable {
    case vm(Int)
    case volume(Int)
    case ip(Int)
  }

  private struct Interval {
    let resource: Resource
    let holding: Holding
    let start: Int64
    let stop: Int64
  }

  /// table → id → column → value, as written.
  private var rows: [InventoryTable: [Int: [String: SQLValue]]] = [:]
  private var open: [Resource: (holding: Holding, start: Int64)] = [:]
  private var closed: [Interval] = []
  private let end: Int64

  /// Replays `log` and returns the hourly rows of every hour before `end`.
  static func predict(_ log: [SimulatedOperation], end: Int64) throws -> [Key: Usage] {
    var model = UsageModel(end: end)
    for op in log {
      for write in op.writes {
        model.apply(write)
        model.settle(at: op.time)
      }
    }
    return try model.hourly()
  }

  private init(end: Int64) { self.end = end }

  private func int(_ v: SQLValue?) -> Int? {
    guard let v else { return nil }
    switch v {
    case .int(let x): return Int(x)
    case .uint(let x): return Int(x)
    case .text(let s), .decimal(let s): return Int(s)
    default: return nil
    }
  }

  private func text(_ v: SQLValue?) -> String? {
    guard let v, v != .null else { return nil }
    return v.description
  }

  private mutating func apply(_ w: RowWrite) {
    switch w.verb {
    case .insert:
      var row: [String: SQLValue] = [:]
      for f in w.fields { row[f.column] = f.value }
      rows[w.table, default: [:]][w.id] = row
    case .update:
      for f in w.fields { rows[w.table]![w.id]![f.column] = f.value }
    case .delete:
      rows[w.table]![w.id] = nil
    }
  }

  /// Every resource a write may have touched: all VMs, volumes and IPs (small logs only).
  private mutating func settle(at time: Int64) {
    var resources: [Resource] = []
    for id in (rows[.virtualmachine] ?? [:]).keys { resources.append(.vm(id)) }
    for id in (rows[.rasdManagement] ?? [:]).keys { resources.append(.volume(id)) }
    for id in (rows[.ipPoolManagement] ?? [:]).keys { resources.append(.ip(id)) }
    for r in open.keys { resources.append(r) }  // deleted rows too
    for r in Set(resources) {
      let want = holding(r)
      let current = open[r]
      if current?.holding == want { continue }
      if let current {
        closed.append(
          Interval(resource: r, holding: current.holding, start: current.start, stop: time))
        open[r] = nil
      }
      if let want { open[r] = (want, time) }
    }
  }

  private func holding(_ r: Resource) -> Holding? {
    switch r {
    case .vm(let id):
      guard let vm = rows[.virtualmachine]?[id], int(vm["idType"]) == 1 else { return nil }
      let power: Bool
      switch text(vm["state"]) {
      case "ON": power = true
      case "OFF", "PAUSED": power = false
      case "LOCKED", "UNKNOWN":
        guard let held = open[r] else { return nil }
        power = held.holding.powerOn
      default: return nil
      }
      let vapp = int(vm["idVirtualApp"])!
      let vdc = int(rows[.virtualapp]![vapp]!["idVirtualDataCenter"])!
      return Holding(
        enterprise: int(vm["idEnterprise"])!, vdc: vdc, vapp: vapp,
        units: [UInt64(int(vm["cpu"])!), UInt64(int(vm["ram"])!), UInt64(int(vm["hd"])!)],
        powerOn: power)
    case .volume(let id):
      guard let vol = rows[.rasdManagement]?[id], text(vol["idResourceType"]) == "8" else {
        return nil
      }
      let vdc = int(vol["idVirtualDataCenter"])!
      let enterprise = int(rows[.virtualdatacenter]![vdc]!["idEnterprise"])!
      return Holding(
        enterprise: enterprise, vdc: vdc, vapp: int(vol["idVirtualApp"]) ?? 0,
        units: [UInt64(int(vol["sizeMB"])!) * 1_048_576], powerOn: false)
    case .ip(let id):
      guard let ip = rows[.ipPoolManagement]?[id], let vdc = int(ip["idVirtualDataCenter"]) else {
        return nil
      }
      let network = rows[.vlanNetwork]![int(ip["vlan_network_id"])!]!
      guard text(network["networktype"]) == "PUBLIC" else { return nil }
      let enterprise = int(rows[.virtualdatacenter]![vdc]!["idEnterprise"])!
      return Holding(enterprise: enterprise, vdc: vdc, vapp: 0, units: [1], powerOn: false)
    }
  }

  private func hourly() throws -> [Key: Usage] {
    var out: [Key: Usage] = [:]
    var all = closed
    for (r, o) in open {
      all.append(Interval(resource: r, holding: o.holding, start: o.start, stop: end))
    }
    for i in all where i.stop > i.start {
      let h = i.holding
      var types: [(type: Int, resource: Int, units: UInt64)] = []
      switch i.resource {
      case .vm(let id):
        types = [(1, id, h.units[0]), (2, id, h.units[1]), (3, id, h.units[2])]
        types +=
          h.powerOn
          ? [(15, id, h.units[0]), (17, id, h.units[1])]
          : [(16, id, h.units[0]), (18, id, h.units[1])]
      case .volume(let id): types = [(4, id, h.units[0])]
      case .ip(let id): types = [(5, id, 1)]
      }
      var hour = i.start - i.start % 3600
      while hour < i.stop && hour < end {
        let seconds = min(i.stop, hour + 3600) - max(i.start, hour)
        for t in types {
          let key = Key(
            hour: hour, type: t.type, resource: t.resource, enterprise: h.enterprise, vdc: h.vdc,
            vapp: h.vapp)
          var u = out[key] ?? Usage()
          u.units = max(u.units, t.units)
          u.seconds += seconds
          let (product, o1) = t.units.multipliedReportingOverflow(by: UInt64(seconds))
          let (sum, o2) = u.unitSeconds.addingReportingOverflow(product)
          guard !o1, !o2 else { throw ModelOverflow(key: key) }
          u.unitSeconds = sum
          out[key] = u
        }
        hour += 3600
      }
    }
    return out
  }

  struct ModelOverflow: Error, CustomStringConvertible {
    let key: Key
    var description: String { "unitSeconds overflow in the model at \(key)" }
  }
}
