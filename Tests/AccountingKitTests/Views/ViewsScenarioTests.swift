import AccountingKit
import Testing

/// Every view of the contract on the scenario of `viewsScenario()` (ViewsSupport.swift): the
/// events go through the triggers, `ROLLUP_RUN(2026-02-01 02:00, NULL, 0, 0)` processes the 40
/// hours 2026-01-30 10:00 .. 2026-02-01 01:00, and each view must return exactly the rows worked
/// out here by hand.
///
/// Hand computation, per hour (units × seconds; a VM is 2 cpu/2048 MB/10 GiB until 23:30, then
/// 4 cpu/4096 MB; VM 2 is 1 cpu/1024 MB/5 GiB; 10 GiB = 10737418240, 5 GiB = 5368709120 bytes;
/// the volume is 1024 MB = 1073741824 bytes until 00:00, then 2048 MB = 2147483648 bytes):
/// - Jan 30 10:00: VLAN 10:00-10:30, 1800 s.
/// - 22:00: VM 1 22:15-23:00 = 2700 s (cpu 2 × 2700 = 5400; ram 2048 × 2700 = 5529600;
///   hd 10737418240 × 2700 = 28991029248000); volume 22:30-23:00 = 1800 s (1073741824 × 1800 =
///   1932735283200); IP 22:40-23:00 = 1200 s.
/// - 23:00: VM 1 two intervals, 1800 s at 2 cpu + 1800 s at 4 cpu: MAX 4, 3600 + 7200 = 10800;
///   ram 2048 × 1800 + 4096 × 1800 = 11059200; hd × 3600 = 38654705664000. VM 2 23:50-24:00 =
///   600 s (600; 1024 × 600 = 614400; 5368709120 × 600 = 3221225472000). Volume 3600 s
///   (3865470566400); IP 3600 s.
/// - 00:00: VM 1 ON 00:00-00:45 (2700 s) and OFF 00:45-01:00 (900 s): types 1-3, 7 for 3600 s
///   (4 × 3600 = 14400; 4096 × 3600 = 14745600; hd 38654705664000), type 15 4 × 2700 = 10800,
///   16 4 × 900 = 3600, 17 4096 × 2700 = 11059200, 18 4096 × 900 = 3686400. VM 2 ON 00:00-00:20
///   (1200 s) and OFF 00:20-01:00 (2400 s): 3600, 1024 × 3600 = 3686400, 5368709120 × 3600 =
///   19327352832000; 15: 1200, 16: 2400, 17: 1228800, 18: 2457600. Volume 2147483648 × 3600 =
///   7730941132800; IP 3600 s.
/// - 01:00: VM 1 OFF 3600 s (as 00:00 for types 1-3, 7; 16: 14400, 18: 14745600); VM 2 OFF
///   01:00-01:40 = 2400 s (2400, 2457600, 5368709120 × 2400 = 12884901888000); volume as 00:00;
///   IP 01:00-01:05 = 300 s.
/// unitHours = unitSeconds / 3600 to six decimals (600 / 3600 = 0.166667).
@Suite(.serialized)
struct ViewsScenarioTests {
  let t: TestSchema

  init() throws {
    t = try TestSchema("views")
    try t.viewsScenario()
    try t.clock("2026-02-01 02:00:30")  // the log line's time
    let run = try t.rollupAt("2026-02-01 02:00:00")
    // done, 40 new hours, 0 changed, 59 detail rows, 7 closed events consolidated (all but VM 1's
    // and the volume's open ones).
    #expect(Array(run.prefix(5)) == ["done", "40", "0", "59", "7"])
    try t.exec("SET TIMESTAMP = DEFAULT")
  }

  let h30 = "2026-01-30 10:00:00"
  let h22 = "2026-01-31 22:00:00"
  let h23 = "2026-01-31 23:00:00"
  let h00 = "2026-02-01 00:00:00"
  let h01 = "2026-02-01 01:00:00"

  // Owners as the detail shows them: idEnterprise, idVirtualDataCenter, idVirtualApp,
  // idVirtualMachine, enterpriseName, virtualDataCenter, virtualApp, virtualmachine.
  func vm1(_ name: String) -> [String?] { ["1", "1", "1", "1", "Acme", "prod", "web", name] }
  let vm2: [String?] = ["1", "1", "1", "2", "Acme", "prod", "web", "b-app"]
  func ip(_ beta: String) -> [String?] { ["2", "2", nil, nil, beta, "lab", nil, nil] }
  let vlan: [String?] = ["1", "1", nil, nil, "Acme", "prod", nil, nil]

  /// One ACCOUNT_PERIOD_USAGE_VW row in the columns `periodColumns` selects.
  func row(
    _ hour: String, _ type: Int, _ name: String, _ units: String, _ owner: [String?], ev: Int,
    res: Int,
    _ secs: Int, _ unitSeconds: String, _ unitHours: String
  ) -> [String?] {
    [hour, String(type), name, units] + owner + [
      String(ev), String(res), String(secs), unitSeconds, unitHours,
    ]
  }

  let periodColumns = """
    starttime, idAccountingResourceType, resourceName, resourceUnits, idEnterprise, idVirtualDataCenter,
    idVirtualApp, idVirtualMachine, enterpriseName, virtualDataCenter, virtualApp, virtualmachine,
    idAccountingEvent, idResource, usageSeconds, unitSeconds, unitHours
    """
  let periodOrder = "starttime, idAccountingResourceType, idResource, idEnterprise"

  /// Every detail row of the scenario, by hand (the hour's last interval gives idAccountingEvent:
  /// for the ON-only types 15 and 17 at 00:00 that is the last ON interval).
  var expectedPeriodRows: [[String?]] {
    let vol1 = vm1("a-web")
    let vol2 = vm1("a-web-2")
    return [
      row(h30, 6, "lan-1", "1", vlan, ev: 1, res: 2, 1800, "1800", "0.500000"),

      row(h22, 1, "a-web", "2", vm1("a-web"), ev: 1, res: 1, 2700, "5400", "1.500000"),
      row(h22, 2, "a-web", "2048", vm1("a-web"), ev: 1, res: 1, 2700, "5529600", "1536.000000"),
      row(
        h22, 3, "a-web", "10737418240", vm1("a-web"), ev: 1, res: 1, 2700, "28991029248000",
        "8053063680.000000"),
      row(
        h22, 4, "vol-1", "1073741824", vol1, ev: 1, res: 1, 1800, "1932735283200",
        "536870912.000000"),
      row(h22, 5, "203.0.113.7", "1", ip("Beta"), ev: 1, res: 1, 1200, "1200", "0.333333"),
      row(h22, 7, "KVM", "1", vm1("a-web"), ev: 1, res: 1, 2700, "2700", "0.750000"),
      row(
        h22, 13, "Gold", "1073741824", vol1, ev: 1, res: 1, 1800, "1932735283200",
        "536870912.000000"),
      row(h22, 15, "a-web", "2", vm1("a-web"), ev: 1, res: 1, 2700, "5400", "1.500000"),
      row(h22, 17, "a-web", "2048", vm1("a-web"), ev: 1, res: 1, 2700, "5529600", "1536.000000"),

      row(h23, 1, "a-web", "4", vm1("a-web"), ev: 2, res: 1, 3600, "10800", "3.000000"),
      row(h23, 1, "b-app", "1", vm2, ev: 3, res: 2, 600, "600", "0.166667"),
      row(h23, 2, "a-web", "4096", vm1("a-web"), ev: 2, res: 1, 3600, "11059200", "3072.000000"),
      row(h23, 2, "b-app", "1024", vm2, ev: 3, res: 2, 600, "614400", "170.666667"),
      row(
        h23, 3, "a-web", "10737418240", vm1("a-web"), ev: 2, res: 1, 3600, "38654705664000",
        "10737418240.000000"),
      row(
        h23, 3, "b-app", "5368709120", vm2, ev: 3, res: 2, 600, "3221225472000", "894784853.333333"),
      row(
        h23, 4, "vol-1", "1073741824", vol1, ev: 1, res: 1, 3600, "3865470566400",
        "1073741824.000000"),
      row(h23, 5, "203.0.113.7", "1", ip("Beta"), ev: 1, res: 1, 3600, "3600", "1.000000"),
      row(h23, 7, "KVM", "1", vm1("a-web"), ev: 2, res: 1, 3600, "3600", "1.000000"),
      row(h23, 7, "KVM", "1", vm2, ev: 3, res: 2, 600, "600", "0.166667"),
      row(
        h23, 13, "Gold", "1073741824", vol1, ev: 1, res: 1, 3600, "3865470566400",
        "1073741824.000000"),
      row(h23, 15, "a-web", "4", vm1("a-web"), ev: 2, res: 1, 3600, "10800", "3.000000"),
      row(h23, 15, "b-app", "1", vm2, ev: 3, res: 2, 600, "600", "0.166667"),
      row(h23, 17, "a-web", "4096", vm1("a-web"), ev: 2, res: 1, 3600, "11059200", "3072.000000"),
      row(h23, 17, "b-app", "1024", vm2, ev: 3, res: 2, 600, "614400", "170.666667"),

      row(h00, 1, "a-web-2", "4", vm1("a-web-2"), ev: 5, res: 1, 3600, "14400", "4.000000"),
      row(h00, 1, "b-app", "1", vm2, ev: 4, res: 2, 3600, "3600", "1.000000"),
      row(
        h00, 2, "a-web-2", "4096", vm1("a-web-2"), ev: 5, res: 1, 3600, "14745600", "4096.000000"),
      row(h00, 2, "b-app", "1024", vm2, ev: 4, res: 2, 3600, "3686400", "1024.000000"),
      row(
        h00, 3, "a-web-2", "10737418240", vm1("a-web-2"), ev: 5, res: 1, 3600, "38654705664000",
        "10737418240.000000"),
      row(
        h00, 3, "b-app", "5368709120", vm2, ev: 4, res: 2, 3600, "19327352832000",
        "5368709120.000000"),
      row(
        h00, 4, "vol-1", "2147483648", vol2, ev: 2, res: 1, 3600, "7730941132800",
        "2147483648.000000"),
      row(h00, 5, "203.0.113.7", "1", ip("Beta"), ev: 1, res: 1, 3600, "3600", "1.000000"),
      row(h00, 7, "KVM", "1", vm1("a-web-2"), ev: 5, res: 1, 3600, "3600", "1.000000"),
      row(h00, 7, "KVM", "1", vm2, ev: 4, res: 2, 3600, "3600", "1.000000"),
      row(
        h00, 13, "Gold", "2147483648", vol2, ev: 2, res: 1, 3600, "7730941132800",
        "2147483648.000000"),
      row(h00, 15, "a-web-2", "4", vm1("a-web-2"), ev: 2, res: 1, 2700, "10800", "3.000000"),
      row(h00, 15, "b-app", "1", vm2, ev: 3, res: 2, 1200, "1200", "0.333333"),
      row(h00, 16, "a-web-2", "4", vm1("a-web-2"), ev: 5, res: 1, 900, "3600", "1.000000"),
      row(h00, 16, "b-app", "1", vm2, ev: 4, res: 2, 2400, "2400", "0.666667"),
      row(
        h00, 17, "a-web-2", "4096", vm1("a-web-2"), ev: 2, res: 1, 2700, "11059200", "3072.000000"),
      row(h00, 17, "b-app", "1024", vm2, ev: 3, res: 2, 1200, "1228800", "341.333333"),
      row(h00, 18, "a-web-2", "4096", vm1("a-web-2"), ev: 5, res: 1, 900, "3686400", "1024.000000"),
      row(h00, 18, "b-app", "1024", vm2, ev: 4, res: 2, 2400, "2457600", "682.666667"),

      row(h01, 1, "a-web-2", "4", vm1("a-web-2"), ev: 5, res: 1, 3600, "14400", "4.000000"),
      row(h01, 1, "b-app", "1", vm2, ev: 4, res: 2, 2400, "2400", "0.666667"),
      row(
        h01, 2, "a-web-2", "4096", vm1("a-web-2"), ev: 5, res: 1, 3600, "14745600", "4096.000000"),
      row(h01, 2, "b-app", "1024", vm2, ev: 4, res: 2, 2400, "2457600", "682.666667"),
      row(
        h01, 3, "a-web-2", "10737418240", vm1("a-web-2"), ev: 5, res: 1, 3600, "38654705664000",
        "10737418240.000000"),
      row(
        h01, 3, "b-app", "5368709120", vm2, ev: 4, res: 2, 2400, "12884901888000",
        "3579139413.333333"),
      row(
        h01, 4, "vol-1", "2147483648", vol2, ev: 2, res: 1, 3600, "7730941132800",
        "2147483648.000000"),
      row(
        h01, 5, "203.0.113.7", "1", ip(TestSchema.betaRenamed), ev: 1, res: 1, 300, "300",
        "0.083333"),
      row(h01, 7, "KVM", "1", vm1("a-web-2"), ev: 5, res: 1, 3600, "3600", "1.000000"),
      row(h01, 7, "KVM", "1", vm2, ev: 4, res: 2, 2400, "2400", "0.666667"),
      row(
        h01, 13, "Gold", "2147483648", vol2, ev: 2, res: 1, 3600, "7730941132800",
        "2147483648.000000"),
      row(h01, 16, "a-web-2", "4", vm1("a-web-2"), ev: 5, res: 1, 3600, "14400", "4.000000"),
      row(h01, 16, "b-app", "1", vm2, ev: 4, res: 2, 2400, "2400", "0.666667"),
      row(
        h01, 18, "a-web-2", "4096", vm1("a-web-2"), ev: 5, res: 1, 3600, "14745600", "4096.000000"),
      row(h01, 18, "b-app", "1024", vm2, ev: 4, res: 2, 2400, "2457600", "682.666667"),
    ]
  }

  @Test func accountPeriodUsageRows() throws {
    let rows = try t.rows(
      "SELECT \(periodColumns) FROM {acc}.ACCOUNT_PERIOD_USAGE_VW ORDER BY \(periodOrder)")
    #expect(rows.count == 59)
    for (got, want) in zip(rows, expectedPeriodRows) { #expect(got == want) }
    #expect(rows == expectedPeriodRows)
    // The columns not listed above, for every row: the hour's end, the type's name, the datacenter
    // and region of the VDC, no cost code, hardware profile or discriminator anywhere.
    #expect(
      try t.rows(
        """
        SELECT idAccountingResourceType, resourceType, COUNT(*) FROM {acc}.ACCOUNT_PERIOD_USAGE_VW
        WHERE endTime = starttime + INTERVAL 1 HOUR AND idDataCenter = 1 AND dataCenterName = 'BCN'
          AND region = 'eu-south' AND costCode IS NULL AND costCodeName IS NULL AND idHardwareProfile IS NULL
        GROUP BY 1, 2 ORDER BY 1
        """)
        == [
          ["1", "VirtualMachine-vcpu", "7"], ["2", "VirtualMachine-vram", "7"],
          ["3", "VirtualMachine-vhd", "7"],
          ["4", "ExternalStorage", "4"], ["5", "IPAddress", "4"], ["6", "VLAN", "1"],
          ["7", "VirtualMachine-hypervisorType", "7"], ["13", "VirtualMachine-tierhd", "4"],
          ["15", "vm_usage_on", "5"], ["16", "vm_usage_off", "4"], ["17", "memory_usage_on", "5"],
          ["18", "memory_usage_off", "4"],
        ])
  }

  @Test func accountPeriodUsageEveryColumnOfOneRowPerKind() throws {
    let columns = try t.db.run(t.sql("SELECT * FROM {acc}.ACCOUNT_PERIOD_USAGE_VW LIMIT 0"))
      .resultSets.first?.columns
    // The seed's list, then the exact quantities.
    #expect(
      columns == [
        "starttime", "endTime", "idAccountingResourceType", "resourceType", "resourceName",
        "resourceUnits",
        "idEnterprise", "idVirtualDataCenter", "idVirtualApp", "idVirtualMachine", "enterpriseName",
        "virtualDataCenter", "virtualApp", "virtualmachine", "costCode", "idStorageTier",
        "costCodeName",
        "storageTierName", "idDataCenter", "dataCenterName", "idHardwareProfile",
        "idAccountingEvent",
        "hypervisorType", "region", "internal_provider_id", "account_id", "idResource",
        "usageSeconds",
        "unitSeconds", "unitHours",
      ])
    let select =
      "SELECT * FROM {acc}.ACCOUNT_PERIOD_USAGE_VW WHERE starttime = ? AND idAccountingResourceType = ? AND idResource = ?"
    // VM 1 at 00:00, vcpu: renamed at 00:30, so the name valid at 00:59:59; ON then OFF: the last
    // interval is event 5.
    #expect(
      try t.rows(select, .datetime(h00), .int(1), .int(1)) == [
        [
          h00, "2026-02-01 01:00:00", "1", "VirtualMachine-vcpu", "a-web-2", "4", "1", "1", "1",
          "1", "Acme", "prod",
          "web", "a-web-2", nil, nil, nil, nil, "1", "BCN", nil, "5", "KVM", "eu-south", "prov-a",
          "ACC-1", "1",
          "3600", "14400", "4.000000",
        ]
      ])
    // The volume on its tier at 00:00: resourceName is the tier's, attached to VM 1 (an
    // attribute), no hypervisor type.
    #expect(
      try t.rows(select, .datetime(h00), .int(13), .int(1)) == [
        [
          h00, "2026-02-01 01:00:00", "13", "VirtualMachine-tierhd", "Gold", "2147483648", "1", "1",
          "1", "1", "Acme",
          "prod", "web", "a-web-2", nil, "1", nil, "Gold", "1", "BCN", nil, "2", nil, "eu-south",
          nil, "ACC-1", "1",
          "3600", "7730941132800", "2147483648.000000",
        ]
      ])
    // The IP in its last hour: Beta renamed at 01:30 (no account id); no vApp or VM: NULL, not 0.
    #expect(
      try t.rows(select, .datetime(h01), .int(5), .int(1)) == [
        [
          h01, "2026-02-01 02:00:00", "5", "IPAddress", "203.0.113.7", "1", "2", "2", nil, nil,
          TestSchema.betaRenamed, "lab", nil, nil, nil, nil, nil, nil, "1", "BCN", nil, "1", nil,
          "eu-south", nil,
          nil, "1", "300", "300", "0.083333",
        ]
      ])
    #expect(
      try t.rows(select, .datetime(h30), .int(6), .int(2)) == [
        [
          h30, "2026-01-30 11:00:00", "6", "VLAN", "lan-1", "1", "1", "1", nil, nil, "Acme", "prod",
          nil, nil, nil,
          nil, nil, nil, "1", "BCN", nil, "1", nil, "eu-south", nil, "ACC-1", "2", "1800", "1800",
          "0.500000",
        ]
      ])
  }

  @Test func hourlyUsageMax2IsTheSameAsAccountPeriodUsage() throws {
    let a = try t.db.run(
      t.sql("SELECT * FROM {acc}.ACCOUNT_PERIOD_USAGE_VW ORDER BY \(periodOrder)"))
    let b = try t.db.run(t.sql("SELECT * FROM {acc}.HOURLY_USAGE_MAX_2_VW ORDER BY \(periodOrder)"))
    #expect(b.resultSets.first?.columns == a.resultSets.first?.columns)
    #expect(b.rows.map { $0.values.map(\.string) } == a.rows.map { $0.values.map(\.string) })
    #expect(
      try t.rows("SELECT \(periodColumns) FROM {acc}.HOURLY_USAGE_MAX_2_VW ORDER BY \(periodOrder)")
        == expectedPeriodRows)
  }

  @Test func hourlyUsageMaxRows() throws {
    let columns = try t.db.run(t.sql("SELECT * FROM {acc}.HOURLY_USAGE_MAX_VW LIMIT 0")).resultSets
      .first?.columns
    #expect(
      columns == [
        "starttime", "endTime", "idAccountingResourceType", "resourceType", "resourceName",
        "resourceUnits",
        "idEnterprise", "enterpriseName", "idVirtualDataCenter", "virtualDataCenter",
        "idDataCenter",
        "usageSeconds", "unitSeconds", "unitHours",
      ])
    // One row per (hour, type, resourceName, enterprise, VDC, datacenter): every resource has a
    // name of its own except type 7, where VM 1 and VM 2 are both "KVM" in Acme/prod and merge:
    // units MAX(1, 1), seconds MAX, unit-seconds summed (23:00: 3600 + 600 = 4200; 00:00: 3600 +
    // 3600; 01:00: 3600 + 2400).
    let acme: [String?] = ["1", "Acme", "1", "prod"]
    func m(
      _ h: String, _ type: Int, _ name: String, _ units: String, _ owner: [String?], _ secs: Int,
      _ us: String, _ uh: String
    )
      -> [String?]
    { [h, String(type), name, units] + owner + [String(secs), us, uh] }
    let beta: [String?] = ["2", "Beta", "2", "lab"]
    let betaRenamed: [String?] = ["2", TestSchema.betaRenamed, "2", "lab"]
    let expected: [[String?]] = [
      m(h30, 6, "lan-1", "1", acme, 1800, "1800", "0.500000"),
      m(h22, 1, "a-web", "2", acme, 2700, "5400", "1.500000"),
      m(h22, 2, "a-web", "2048", acme, 2700, "5529600", "1536.000000"),
      m(h22, 3, "a-web", "10737418240", acme, 2700, "28991029248000", "8053063680.000000"),
      m(h22, 4, "vol-1", "1073741824", acme, 1800, "1932735283200", "536870912.000000"),
      m(h22, 5, "203.0.113.7", "1", beta, 1200, "1200", "0.333333"),
      m(h22, 7, "KVM", "1", acme, 2700, "2700", "0.750000"),
      m(h22, 13, "Gold", "1073741824", acme, 1800, "1932735283200", "536870912.000000"),
      m(h22, 15, "a-web", "2", acme, 2700, "5400", "1.500000"),
      m(h22, 17, "a-web", "2048", acme, 2700, "5529600", "1536.000000"),
      m(h23, 1, "a-web", "4", acme, 3600, "10800", "3.000000"),
      m(h23, 1, "b-app", "1", acme, 600, "600", "0.166667"),
      m(h23, 2, "a-web", "4096", acme, 3600, "11059200", "3072.000000"),
      m(h23, 2, "b-app", "1024", acme, 600, "614400", "170.666667"),
      m(h23, 3, "a-web", "10737418240", acme, 3600, "38654705664000", "10737418240.000000"),
      m(h23, 3, "b-app", "5368709120", acme, 600, "3221225472000", "894784853.333333"),
      m(h23, 4, "vol-1", "1073741824", acme, 3600, "3865470566400", "1073741824.000000"),
      m(h23, 5, "203.0.113.7", "1", beta, 3600, "3600", "1.000000"),
      m(h23, 7, "KVM", "1", acme, 3600, "4200", "1.166667"),
      m(h23, 13, "Gold", "1073741824", acme, 3600, "3865470566400", "1073741824.000000"),
      m(h23, 15, "a-web", "4", acme, 3600, "10800", "3.000000"),
      m(h23, 15, "b-app", "1", acme, 600, "600", "0.166667"),
      m(h23, 17, "a-web", "4096", acme, 3600, "11059200", "3072.000000"),
      m(h23, 17, "b-app", "1024", acme, 600, "614400", "170.666667"),
      m(h00, 1, "a-web-2", "4", acme, 3600, "14400", "4.000000"),
      m(h00, 1, "b-app", "1", acme, 3600, "3600", "1.000000"),
      m(h00, 2, "a-web-2", "4096", acme, 3600, "14745600", "4096.000000"),
      m(h00, 2, "b-app", "1024", acme, 3600, "3686400", "1024.000000"),
      m(h00, 3, "a-web-2", "10737418240", acme, 3600, "38654705664000", "10737418240.000000"),
      m(h00, 3, "b-app", "5368709120", acme, 3600, "19327352832000", "5368709120.000000"),
      m(h00, 4, "vol-1", "2147483648", acme, 3600, "7730941132800", "2147483648.000000"),
      m(h00, 5, "203.0.113.7", "1", beta, 3600, "3600", "1.000000"),
      m(h00, 7, "KVM", "1", acme, 3600, "7200", "2.000000"),
      m(h00, 13, "Gold", "2147483648", acme, 3600, "7730941132800", "2147483648.000000"),
      m(h00, 15, "a-web-2", "4", acme, 2700, "10800", "3.000000"),
      m(h00, 15, "b-app", "1", acme, 1200, "1200", "0.333333"),
      m(h00, 16, "a-web-2", "4", acme, 900, "3600", "1.000000"),
      m(h00, 16, "b-app", "1", acme, 2400, "2400", "0.666667"),
      m(h00, 17, "a-web-2", "4096", acme, 2700, "11059200", "3072.000000"),
      m(h00, 17, "b-app", "1024", acme, 1200, "1228800", "341.333333"),
      m(h00, 18, "a-web-2", "4096", acme, 900, "3686400", "1024.000000"),
      m(h00, 18, "b-app", "1024", acme, 2400, "2457600", "682.666667"),
      m(h01, 1, "a-web-2", "4", acme, 3600, "14400", "4.000000"),
      m(h01, 1, "b-app", "1", acme, 2400, "2400", "0.666667"),
      m(h01, 2, "a-web-2", "4096", acme, 3600, "14745600", "4096.000000"),
      m(h01, 2, "b-app", "1024", acme, 2400, "2457600", "682.666667"),
      m(h01, 3, "a-web-2", "10737418240", acme, 3600, "38654705664000", "10737418240.000000"),
      m(h01, 3, "b-app", "5368709120", acme, 2400, "12884901888000", "3579139413.333333"),
      m(h01, 4, "vol-1", "2147483648", acme, 3600, "7730941132800", "2147483648.000000"),
      m(h01, 5, "203.0.113.7", "1", betaRenamed, 300, "300", "0.083333"),
      m(h01, 7, "KVM", "1", acme, 3600, "6000", "1.666667"),
      m(h01, 13, "Gold", "2147483648", acme, 3600, "7730941132800", "2147483648.000000"),
      m(h01, 16, "a-web-2", "4", acme, 3600, "14400", "4.000000"),
      m(h01, 16, "b-app", "1", acme, 2400, "2400", "0.666667"),
      m(h01, 18, "a-web-2", "4096", acme, 3600, "14745600", "4096.000000"),
      m(h01, 18, "b-app", "1024", acme, 2400, "2457600", "682.666667"),
    ]
    let rows = try t.rows(
      """
      SELECT starttime, idAccountingResourceType, resourceName, resourceUnits, idEnterprise, enterpriseName,
             idVirtualDataCenter, virtualDataCenter, usageSeconds, unitSeconds, unitHours
      FROM {acc}.HOURLY_USAGE_MAX_VW ORDER BY starttime, idAccountingResourceType, resourceName
      """)
    #expect(rows.count == 56)
    for (got, want) in zip(rows, expected) { #expect(got == want) }
    #expect(rows == expected)
    #expect(
      try t.scalar(
        """
        SELECT COUNT(*) FROM {acc}.HOURLY_USAGE_MAX_VW
        WHERE endTime = starttime + INTERVAL 1 HOUR AND idDataCenter = 1
          AND resourceType = (SELECT name FROM {acc}.accounting_resource_type r
                              WHERE r.idAccountingResourceType = HOURLY_USAGE_MAX_VW.idAccountingResourceType)
        """) == "56")
  }

  /// The sums per (hour, enterprise, VDC, type), by hand from the rows above (Acme/prod holds both
  /// VMs, the volume and the VLAN; Beta/lab the IP).
  var expectedHourlySums: [[String?]] {
    func s(
      _ h: String, _ type: Int, _ units: String, _ us: String, _ uh: String, beta: String? = nil
    ) -> [String?] {
      let owner: [String?] = beta.map { ["2", $0, "2", "lab"] } ?? ["1", "Acme", "1", "prod"]
      return [h, String(type)] + owner + [units, us, uh]
    }
    return [
      s(h30, 6, "1", "1800", "0.500000"),
      s(h22, 1, "2", "5400", "1.500000"),
      s(h22, 2, "2048", "5529600", "1536.000000"),
      s(h22, 3, "10737418240", "28991029248000", "8053063680.000000"),
      s(h22, 4, "1073741824", "1932735283200", "536870912.000000"),
      s(h22, 5, "1", "1200", "0.333333", beta: "Beta"),
      s(h22, 7, "1", "2700", "0.750000"),
      s(h22, 13, "1073741824", "1932735283200", "536870912.000000"),
      s(h22, 15, "2", "5400", "1.500000"),
      s(h22, 17, "2048", "5529600", "1536.000000"),
      // 23:00: VM 1 + VM 2: 4 + 1 = 5; 10800 + 600 = 11400; 4096 + 1024 = 5120; 11059200 + 614400
      // = 11673600; 10737418240 + 5368709120 = 16106127360; 38654705664000 + 3221225472000 =
      // 41875931136000; type 7: 1 + 1, 3600 + 600.
      s(h23, 1, "5", "11400", "3.166667"),
      s(h23, 2, "5120", "11673600", "3242.666667"),
      s(h23, 3, "16106127360", "41875931136000", "11632203093.333333"),
      s(h23, 4, "1073741824", "3865470566400", "1073741824.000000"),
      s(h23, 5, "1", "3600", "1.000000", beta: "Beta"),
      s(h23, 7, "2", "4200", "1.166667"),
      s(h23, 13, "1073741824", "3865470566400", "1073741824.000000"),
      s(h23, 15, "5", "11400", "3.166667"),
      s(h23, 17, "5120", "11673600", "3242.666667"),
      // 00:00: 14400 + 3600 = 18000; 14745600 + 3686400 = 18432000; 38654705664000 +
      // 19327352832000 = 57982058496000; 15: 10800 + 1200; 16: 3600 + 2400; 17: 11059200 +
      // 1228800; 18: 3686400 + 2457600.
      s(h00, 1, "5", "18000", "5.000000"),
      s(h00, 2, "5120", "18432000", "5120.000000"),
      s(h00, 3, "16106127360", "57982058496000", "16106127360.000000"),
      s(h00, 4, "2147483648", "7730941132800", "2147483648.000000"),
      s(h00, 5, "1", "3600", "1.000000", beta: "Beta"),
      s(h00, 7, "2", "7200", "2.000000"),
      s(h00, 13, "2147483648", "7730941132800", "2147483648.000000"),
      s(h00, 15, "5", "12000", "3.333333"),
      s(h00, 16, "5", "6000", "1.666667"),
      s(h00, 17, "5120", "12288000", "3413.333333"),
      s(h00, 18, "5120", "6144000", "1706.666667"),
      // 01:00: 14400 + 2400 = 16800; 14745600 + 2457600 = 17203200; 38654705664000 +
      // 12884901888000 = 51539607552000.
      s(h01, 1, "5", "16800", "4.666667"),
      s(h01, 2, "5120", "17203200", "4778.666667"),
      s(h01, 3, "16106127360", "51539607552000", "14316557653.333333"),
      s(h01, 4, "2147483648", "7730941132800", "2147483648.000000"),
      s(h01, 5, "1", "300", "0.083333", beta: TestSchema.betaRenamed),
      s(h01, 7, "2", "6000", "1.666667"),
      s(h01, 13, "2147483648", "7730941132800", "2147483648.000000"),
      s(h01, 16, "5", "16800", "4.666667"),
      s(h01, 18, "5120", "17203200", "4778.666667"),
    ]
  }

  let sumColumns = """
    starttime, idAccountingResourceType, idEnterprise, enterpriseName, idVirtualDataCenter, virtualDataCenter,
    resourceUnits, unitSeconds, unitHours
    """
  let sumOrder = "starttime, idEnterprise, idVirtualDataCenter, idAccountingResourceType"

  @Test func hourlyUsageSumRows() throws {
    let columns = try t.db.run(t.sql("SELECT * FROM {acc}.HOURLY_USAGE_SUM_VW LIMIT 0")).resultSets
      .first?.columns
    let sumViewColumns = [
      "starttime", "endTime", "idAccountingResourceType", "resourceType", "idEnterprise",
      "enterpriseName",
      "idVirtualDataCenter", "virtualDataCenter", "resourceUnits", "unitSeconds", "unitHours",
    ]
    #expect(columns == sumViewColumns)
    for view in ["DAILY_USAGE_SUM_VW", "MONTHLY_USAGE_SUM_VW"] {
      #expect(
        try t.db.run(t.sql("SELECT * FROM {acc}.\(view) LIMIT 0")).resultSets.first?.columns
          == sumViewColumns)
    }
    let rows = try t.rows(
      "SELECT \(sumColumns) FROM {acc}.HOURLY_USAGE_SUM_VW ORDER BY \(sumOrder)")
    let expected = expectedHourlySums.sorted { sortKey($0) < sortKey($1) }
    #expect(rows.count == 39)
    for (got, want) in zip(rows, expected) { #expect(got == want) }
    #expect(rows == expected)
    #expect(
      try t.scalar(
        """
        SELECT COUNT(*) FROM {acc}.HOURLY_USAGE_SUM_VW
        WHERE endTime = starttime + INTERVAL 1 HOUR
          AND resourceType = (SELECT name FROM {acc}.accounting_resource_type r
                              WHERE r.idAccountingResourceType = HOURLY_USAGE_SUM_VW.idAccountingResourceType)
        """) == "39")
    // The same sums as grouping the detail rows (what the view computed before it read the hourly
    // summary), names included.
    #expect(
      try t.rows(
        """
        SELECT starttime, idAccountingResourceType, idEnterprise, MAX(enterpriseName), idVirtualDataCenter,
               MAX(virtualDataCenter), SUM(resourceUnits), SUM(unitSeconds), CAST(SUM(unitSeconds) / 3600 AS DECIMAL(38,6))
        FROM {acc}.ACCOUNT_PERIOD_USAGE_VW GROUP BY starttime, idEnterprise, idVirtualDataCenter, idAccountingResourceType
        ORDER BY \(sumOrder)
        """) == expected)
  }

  /// Sort key of an expected sum row (starttime, enterprise, VDC, type), as the views are ordered.
  private func sortKey(_ r: [String?]) -> String {
    let type = Int(r[1] ?? "0") ?? 0
    return "\(r[0] ?? "")|\(r[2] ?? "")|\(r[4] ?? "")|\(type < 10 ? "0" : "")\(type)"
  }

  @Test func dailyAndMonthlyUsageSumRows() throws {
    // Days: Jan 30 is the VLAN alone; Jan 31 = 22:00 + 23:00; Feb 1 = 00:00 + 01:00. Names: those
    // of the day's (month's) last processed hour, so Beta is renamed in February only.
    func d(
      _ day: String, _ type: Int, _ units: String, _ us: String, _ uh: String, beta: String? = nil
    ) -> [String?] {
      let owner: [String?] = beta.map { ["2", $0, "2", "lab"] } ?? ["1", "Acme", "1", "prod"]
      return [day, String(type)] + owner + [units, us, uh]
    }
    let jan30 = "2026-01-30 00:00:00"
    let jan31 = "2026-01-31 00:00:00"
    let feb1 = "2026-02-01 00:00:00"
    // Jan 31: vcpu 2 + 5 = 7, 5400 + 11400 = 16800; vram 2048 + 5120 = 7168, 5529600 + 11673600 =
    // 17203200; vhd 10737418240 + 16106127360 = 26843545600, 28991029248000 + 41875931136000 =
    // 70866960384000; volume 2 × 1073741824, 1932735283200 + 3865470566400 = 5798205849600;
    // KVM 1 + 2, 2700 + 4200; IP 1 + 1, 1200 + 3600.
    let jan31Rows: [[String?]] = [
      d(jan31, 1, "7", "16800", "4.666667"),
      d(jan31, 2, "7168", "17203200", "4778.666667"),
      d(jan31, 3, "26843545600", "70866960384000", "19685266773.333333"),
      d(jan31, 4, "2147483648", "5798205849600", "1610612736.000000"),
      d(jan31, 7, "3", "6900", "1.916667"),
      d(jan31, 13, "2147483648", "5798205849600", "1610612736.000000"),
      d(jan31, 15, "7", "16800", "4.666667"),
      d(jan31, 17, "7168", "17203200", "4778.666667"),
      d(jan31, 5, "2", "4800", "1.333333", beta: "Beta"),
    ]
    // Feb 1: vcpu 5 + 5, 18000 + 16800 = 34800; vram 5120 + 5120, 18432000 + 17203200 = 35635200;
    // vhd 2 × 16106127360, 57982058496000 + 51539607552000 = 109521666048000; volume 2 ×
    // 2147483648, 2 × 7730941132800; KVM 2 + 2, 7200 + 6000; 15: 5, 12000 (00:00 only); 16: 5 +
    // 5, 6000 + 16800; 17: 5120, 12288000; 18: 5120 + 5120, 6144000 + 17203200; IP 1 + 1, 3600 +
    // 300.
    let feb1Rows: [[String?]] = [
      d(feb1, 1, "10", "34800", "9.666667"),
      d(feb1, 2, "10240", "35635200", "9898.666667"),
      d(feb1, 3, "32212254720", "109521666048000", "30422685013.333333"),
      d(feb1, 4, "4294967296", "15461882265600", "4294967296.000000"),
      d(feb1, 7, "4", "13200", "3.666667"),
      d(feb1, 13, "4294967296", "15461882265600", "4294967296.000000"),
      d(feb1, 15, "5", "12000", "3.333333"),
      d(feb1, 16, "10", "22800", "6.333333"),
      d(feb1, 17, "5120", "12288000", "3413.333333"),
      d(feb1, 18, "10240", "23347200", "6485.333333"),
      d(feb1, 5, "2", "3900", "1.083333", beta: TestSchema.betaRenamed),
    ]
    let daily = [d(jan30, 6, "1", "1800", "0.500000")] + jan31Rows + feb1Rows
    #expect(
      try t.rows("SELECT \(sumColumns) FROM {acc}.DAILY_USAGE_SUM_VW ORDER BY \(sumOrder)") == daily
    )
    #expect(
      try t.rows("SELECT DISTINCT starttime, endTime FROM {acc}.DAILY_USAGE_SUM_VW ORDER BY 1") == [
        [jan30, jan31], [jan31, feb1], [feb1, "2026-02-02 00:00:00"],
      ])
    // January = Jan 30 + Jan 31 (the VLAN joins Acme's month); February = Feb 1.
    let jan = "2026-01-01 00:00:00"
    let monthly: [[String?]] =
      [
        d(jan, 1, "7", "16800", "4.666667"),
        d(jan, 2, "7168", "17203200", "4778.666667"),
        d(jan, 3, "26843545600", "70866960384000", "19685266773.333333"),
        d(jan, 4, "2147483648", "5798205849600", "1610612736.000000"),
        d(jan, 6, "1", "1800", "0.500000"),
        d(jan, 7, "3", "6900", "1.916667"),
        d(jan, 13, "2147483648", "5798205849600", "1610612736.000000"),
        d(jan, 15, "7", "16800", "4.666667"),
        d(jan, 17, "7168", "17203200", "4778.666667"),
        d(jan, 5, "2", "4800", "1.333333", beta: "Beta"),
      ] + feb1Rows
    #expect(
      try t.rows("SELECT \(sumColumns) FROM {acc}.MONTHLY_USAGE_SUM_VW ORDER BY \(sumOrder)")
        == monthly)
    #expect(
      try t.rows("SELECT DISTINCT starttime, endTime FROM {acc}.MONTHLY_USAGE_SUM_VW ORDER BY 1")
        == [
          [jan, feb1], [feb1, "2026-03-01 00:00:00"],
        ])
  }

  @Test func hourlySumsAddUpToDailyAndDailyToMonthlyExactly() throws {
    // Per key, the sums of the finer view over the coarser period equal the coarser view's row.
    let hoursByDay = try t.rows(
      """
      SELECT DATE(starttime), idEnterprise, idVirtualDataCenter, idAccountingResourceType,
             SUM(resourceUnits), SUM(unitSeconds)
      FROM {acc}.HOURLY_USAGE_SUM_VW GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      """)
    let days = try t.rows(
      """
      SELECT DATE(starttime), idEnterprise, idVirtualDataCenter, idAccountingResourceType, resourceUnits, unitSeconds
      FROM {acc}.DAILY_USAGE_SUM_VW ORDER BY 1, 2, 3, 4
      """)
    #expect(days.count == 21)
    #expect(hoursByDay == days)
    let daysByMonth = try t.rows(
      """
      SELECT DATE_FORMAT(starttime, '%Y-%m-01'), idEnterprise, idVirtualDataCenter, idAccountingResourceType,
             SUM(resourceUnits), SUM(unitSeconds)
      FROM {acc}.DAILY_USAGE_SUM_VW GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      """)
    let months = try t.rows(
      """
      SELECT DATE(starttime), idEnterprise, idVirtualDataCenter, idAccountingResourceType, resourceUnits, unitSeconds
      FROM {acc}.MONTHLY_USAGE_SUM_VW ORDER BY 1, 2, 3, 4
      """)
    #expect(months.count == 21)
    #expect(daysByMonth == months)
    // Grand totals, by hand: resourceUnits is the sum of the detail rows' units; unitSeconds the
    // sum of the 59 rows' unit-seconds. Every level and the detail agree exactly.
    // resourceUnits: vcpu 7 + 10 = 17; vram 7168 + 10240 = 17408; vhd 26843545600 + 32212254720 =
    // 59055800320; volume and tier 2 × (2147483648 + 4294967296) = 12884901888; IP 4; VLAN 1;
    // KVM 3 + 4 = 7; 15: 12; 16: 10; 17: 12288; 18: 10240. Sum: 17 + 17408 + 59055800320 +
    // 12884901888 + 4 + 1 + 7 + 12 + 10 + 12288 + 10240 = 71940742195.
    // unitSeconds: vcpu 51600; vram 52838400; vhd 180388626432000; volume and tier 2 ×
    // 21260088115200 = 42520176230400; IP 8700; VLAN 1800; KVM 20100; 15: 28800; 16: 22800;
    // 17: 29491200; 18: 23347200. Sum: 222908802662400 + 52890000 + 82200 + 29491200 + 23347200
    // = 222908908473000.
    let expectedTotals: [String?] = ["71940742195", "222908908473000"]
    for view in [
      "ACCOUNT_PERIOD_USAGE_VW", "HOURLY_USAGE_SUM_VW", "DAILY_USAGE_SUM_VW",
      "MONTHLY_USAGE_SUM_VW",
    ] {
      #expect(
        try t.rows("SELECT SUM(resourceUnits), SUM(unitSeconds) FROM {acc}.\(view)").first
          == expectedTotals,
        "\(view)")
    }
    #expect(
      try t.rows("SELECT SUM(unitSeconds) FROM {acc}.HOURLY_USAGE_MAX_VW").first == [
        "222908908473000"
      ])
  }

  @Test func renameAfterTheFactKeepsTheOldNameInOldHours() throws {
    // After the run: VM 1 renamed again and Acme renamed at 02:10, then the next hour processed
    // and every hour recomputed: old hours keep the names valid at their end.
    try t.clock("2026-02-01 02:10:00")
    try t.exec("UPDATE {inv}.virtualmachine SET name = 'a-web-3' WHERE idVM = 1")
    try t.exec("UPDATE {inv}.enterprise SET name = 'Acme Corp' WHERE idEnterprise = 1")
    try t.exec("SET TIMESTAMP = DEFAULT")
    // One new hour, 8 rows: VM 1's types 1, 2, 3, 7, 16, 18 and the volume's 4 and 13.
    #expect(Array(try t.rollupAt("2026-02-01 03:00:00").prefix(4)) == ["done", "1", "0", "8"])
    let recompute = try t.rows(
      "CALL {acc}.ROLLUP_RECOMPUTE(?, ?)", .datetime(h30), .datetime("2026-02-01 03:00:00"))
    #expect(recompute.first?.prefix(2) == ["41", "0"])  // 41 hours, none changed
    // 02:00: VM 1 OFF at 4 cpu the whole hour (14400), its volume, no VM 2 or IP any more.
    let vcpu: [[String?]] = [
      [h22, "a-web", "Acme", "5400"],
      [h23, "a-web", "Acme", "10800"],
      [h00, "a-web-2", "Acme", "14400"],
      [h01, "a-web-2", "Acme", "14400"],
      ["2026-02-01 02:00:00", "a-web-3", "Acme Corp", "14400"],
    ]
    for view in ["ACCOUNT_PERIOD_USAGE_VW", "HOURLY_USAGE_MAX_2_VW"] {
      #expect(
        try t.rows(
          """
          SELECT starttime, virtualmachine, enterpriseName, unitSeconds FROM {acc}.\(view)
          WHERE idAccountingResourceType = 1 AND idResource = 1 ORDER BY starttime
          """) == vcpu, "\(view)")
    }
    #expect(
      try t.rows(
        """
        SELECT starttime, enterpriseName FROM {acc}.HOURLY_USAGE_SUM_VW
        WHERE idEnterprise = 1 AND idAccountingResourceType = 1 ORDER BY starttime
        """) == [
          [h22, "Acme"], [h23, "Acme"], [h00, "Acme"], [h01, "Acme"],
          ["2026-02-01 02:00:00", "Acme Corp"],
        ])
    // A day or month carries the names of its last processed hour: January keeps "Acme".
    #expect(
      try t.rows(
        "SELECT starttime, enterpriseName FROM {acc}.DAILY_USAGE_SUM_VW WHERE idEnterprise = 1 AND idAccountingResourceType = 1 ORDER BY 1"
      ) == [["2026-01-31 00:00:00", "Acme"], ["2026-02-01 00:00:00", "Acme Corp"]])
    #expect(
      try t.rows(
        "SELECT starttime, enterpriseName FROM {acc}.MONTHLY_USAGE_SUM_VW WHERE idEnterprise = 1 AND idAccountingResourceType = 1 ORDER BY 1"
      ) == [["2026-01-01 00:00:00", "Acme"], ["2026-02-01 00:00:00", "Acme Corp"]])
    // The name functions: current name, and the name valid at a time.
    #expect(
      try t.rows(
        """
        SELECT {acc}.ABQ_VM_ID_TO_NAME(1), {acc}.ABQ_VM_ID_TO_NAME_AT(1, '2026-01-31 23:59:59'),
               {acc}.ABQ_VM_ID_TO_NAME_AT(1, '2026-02-01 00:59:59'), {acc}.ABQ_ENT_ID_TO_NAME(1),
               {acc}.ABQ_ENT_ID_TO_NAME_AT(1, '2026-02-01 01:59:59')
        """) == [["a-web-3", "a-web", "a-web-2", "Acme Corp", "Acme"]])
  }

  @Test func configAndLogViews() throws {
    let config = try t.db.run(t.sql("SELECT * FROM {acc}.ACCOUNTING_CONFIG_VW ORDER BY name"))
    #expect(config.resultSets.first?.columns == ["name", "value", "defaultValue", "meaning"])
    // the contract: an enabled flag per resource type (22), settle, recheck, six retentions.
    let byName = Dictionary(uniqueKeysWithValues: config.rows.map { ($0[0].description, $0) })
    #expect(
      byName["settle_seconds"].map { [$0[1].description, $0[2].description] } == ["300", "300"])
    #expect(
      byName["recheck_hours"].map { [$0[1].description, $0[2].description] } == ["24", "24"])
    for kind in ["closed_events", "detail", "daily", "monthly", "ledger", "log"] {
      #expect(byName["retention.\(kind)_days"].map { $0[1].description } == "1095", "\(kind)")
    }
    #expect(byName["resource_type.14.enabled"].map { $0[1].description } == "0")
    #expect(byName["resource_type.1.enabled"].map { $0[1].description } == "1")
    #expect(config.rows.allSatisfy { !$0[3].description.isEmpty })
    try t.exec("UPDATE {acc}.accounting_parameter SET value = '600' WHERE name = 'settle_seconds'")
    #expect(
      try t.rows(
        "SELECT value, defaultValue FROM {acc}.ACCOUNTING_CONFIG_VW WHERE name = 'settle_seconds'")
        == [["600", "300"]])

    let log = try t.db.run(t.sql("SELECT * FROM {acc}.LOG_VW"))
    #expect(log.resultSets.first?.columns == ["logTime", "level", "source", "message"])
    let lines = try t.rows("SELECT logTime, level, source, message FROM {acc}.LOG_VW")
    #expect(lines.count == 1)
    #expect(Array(lines.first?.prefix(3) ?? []) == ["2026-02-01 02:00:30", "INFO", "rollup"])
    #expect(
      lines.first?[3]?.hasPrefix(
        "run: 40 hour(s) processed (2026-01-30 10:00:00 .. 2026-02-01 01:00:00), 40 new, 0 changed since processed; 59 detail rows; processed through 2026-02-01 02:00:00; 7 event(s) consolidated; "
      ) == true, "\(lines)")
  }
}
