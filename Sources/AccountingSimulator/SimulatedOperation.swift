import AccountingKit

/// The operation log of a simulation: every operation the workload generator performed, in order,
/// with its simulated time and the rows it wrote, exactly as they went to the server (prepared
/// statements, one per write). A test can replay it into a model of its own: nothing else is
/// needed to know what the inventory went through, provided the simulation started on an empty
/// inventory (an insert names every column the accounting reads; the others keep their defaults).
public struct SimulatedOperation: Sendable, Equatable {
  /// Seconds since 1970-01-01 00:00:00 UTC: the session clock (`SET TIMESTAMP`) of every write.
  public let time: Int64
  public let kind: Kind
  /// The writes, in the order they ran; all at `time`.
  public let writes: [RowWrite]

  public init(time: Int64, kind: Kind, writes: [RowWrite]) {
    self.time = time
    self.kind = kind
    self.writes = writes
  }

  /// `time` as the server writes a DATETIME, `2026-01-05 13:00:00`.
  public var timeText: String { UnixTime.text(time) }

  /// What an operation does, for counting and for the summary. `setup` writes the initial cloud in
  /// bulk (multi-row INSERTs of up to 1,000 rows, one operation per statement); the others are the
  /// activity, one at a time.
  public enum Kind: String, Sendable, CaseIterable, Comparable {
    case setup
    // VMs
    case createVM, deployVM, powerOff, powerOn, pause, lock, unlock, resizeVM, describeVM, moveVM
    case undeployVM, deleteVM, changeVMType
    // vApps
    case createVApp, moveVApp
    // external volumes
    case createVolume, resizeVolume, retierVolume, attachVolume, detachVolume, deleteVolume
    // networks
    case allocateIP, releaseIP, createVLAN, deleteVLAN
    // physical infrastructure
    case reservePM, unreservePM, toggleRackHA
    // images
    case createImage, convertImage, finishConversion, changeCostCode, deleteImage
    // names
    case rename

    public static func < (a: Kind, b: Kind) -> Bool {
      allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The kinds of the activity (all but `setup`).
    public static var activity: [Kind] { allCases.filter { $0 != .setup } }
  }
}

/// One row written to the inventory: an INSERT (every column given, the primary key included), an
/// UPDATE of some columns by primary key, or a DELETE by primary key.
public struct RowWrite: Sendable, Equatable {
  public enum Verb: String, Sendable, Equatable {
    case insert, update, delete
  }

  public let table: InventoryTable
  public let verb: Verb
  /// The primary key's value.
  public let id: Int
  /// The columns written (an INSERT's other columns, or an UPDATE's SET list), in statement order;
  /// empty for a DELETE. The primary key is not repeated here.
  public let fields: [Field]

  public init(table: InventoryTable, verb: Verb, id: Int, fields: [Field]) {
    self.table = table
    self.verb = verb
    self.id = id
    self.fields = fields
  }

  /// The value written to `column`, nil when this write does not name it.
  public subscript(_ column: String) -> SQLValue? {
    fields.first { $0.column == column }?.value
  }

  public static func insert(_ table: InventoryTable, _ id: Int, _ fields: [Field]) -> RowWrite {
    RowWrite(table: table, verb: .insert, id: id, fields: fields)
  }

  public static func update(_ table: InventoryTable, _ id: Int, _ fields: [Field]) -> RowWrite {
    RowWrite(table: table, verb: .update, id: id, fields: fields)
  }

  public static func delete(_ table: InventoryTable, _ id: Int) -> RowWrite {
    RowWrite(table: table, verb: .delete, id: id, fields: [])
  }
}

/// A column and the value written to it.
public struct Field: Sendable, Equatable {
  public let column: String
  public let value: SQLValue

  public init(_ column: String, _ value: SQLValue) {
    self.column = column
    self.value = value
  }
}

/// The tables of the reference inventory and their primary keys.
public enum InventoryTable: String, Sendable, CaseIterable {
  case enterprise, datacenter, rack, physicalmachine, hypervisor, costcode, hardwareprofile
  case storageTier = "storage_tier"
  case virtualdatacenter, virtualapp, repository, virtualimage
  case virtualimageConversion = "virtualimage_conversion"
  case virtualmachine
  case rasdManagement = "rasd_management"
  case vlanNetwork = "vlan_network"
  case ipPoolManagement = "ip_pool_management"

  public var primaryKey: String {
    switch self {
    case .enterprise: return "idEnterprise"
    case .datacenter: return "idDataCenter"
    case .rack: return "idRack"
    case .physicalmachine: return "idPhysicalMachine"
    case .hypervisor: return "id"
    case .costcode: return "idCostCode"
    case .hardwareprofile: return "idHardwareProfile"
    case .storageTier: return "idTier"
    case .virtualdatacenter: return "idVirtualDataCenter"
    case .virtualapp: return "idVirtualApp"
    case .repository: return "idRepository"
    case .virtualimage: return "idImage"
    case .virtualimageConversion: return "id"
    case .virtualmachine: return "idVM"
    case .rasdManagement: return "idManagement"
    case .vlanNetwork: return "vlan_network_id"
    case .ipPoolManagement: return "idManagement"
    }
  }

  /// The column holding the object's name (`network_name` for networks, the address for IPs).
  public var nameColumn: String {
    switch self {
    case .vlanNetwork: return "network_name"
    case .ipPoolManagement: return "ip"
    case .hypervisor: return "type"
    case .virtualimageConversion: return "targetType"
    default: return "name"
    }
  }
}

/// UTC times as seconds since the epoch, without Foundation (proleptic Gregorian calendar).
public enum UnixTime {
  /// Seconds since 1970-01-01 00:00:00 UTC of a server DATETIME text `2026-01-05 13:00:00` (the
  /// form `UTCTime.parse` returns); nil when it is not one.
  public static func seconds(_ datetime: String) -> Int64? {
    let parts = datetime.split(separator: " ")
    guard parts.count == 2 else { return nil }
    let d = parts[0].split(separator: "-").compactMap { Int64($0) }
    let t = parts[1].prefix(8).split(separator: ":").compactMap { Int64($0) }
    guard d.count == 3, t.count == 3 else { return nil }
    return days(year: d[0], month: d[1], day: d[2]) * 86_400 + t[0] * 3600 + t[1] * 60 + t[2]
  }

  /// `2026-01-05 13:00:00` for a number of seconds since the epoch.
  public static func text(_ seconds: Int64) -> String {
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let rest = seconds - days * 86_400
    let (y, m, d) = civil(days)
    return
      "\(UTCTime.pad(y, 4))-\(UTCTime.pad(m))-\(UTCTime.pad(d)) \(UTCTime.pad(rest / 3600)):\(UTCTime.pad(rest % 3600 / 60)):\(UTCTime.pad(rest % 60))"
  }

  /// ISO 8601, `2026-01-05T13:00:00Z`.
  public static func iso(_ seconds: Int64) -> String {
    UTCTime.iso(text(seconds))
  }

  /// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
  static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  static func civil(_ days: Int64) -> (Int64, Int64, Int64) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }


}
