import AccountingKit
import Testing

/// What ROLLUP_HOUR writes for one hour: one detail row per (hour, type,
/// resource, owner, discriminator), MAX units, seconds held, exact units x seconds, attributes from
/// the hour's last interval, names valid at H+3599 s. Events are written directly (no triggers);
/// every expected number is worked out by hand in the comments.
///
/// Rows of `detail(hour, type:)`: idResource, idEnterprise, idVirtualDataCenter, idVirtualApp,
/// idDiscriminator, resourceName, resourceUnits, usageSeconds, unitSeconds, idAccountingEvent.
@Suite(.serialized)
struct RollupHourTests {
  let t: TestSchema
  let h = "2026-01-05 13:00:00"
  let tb: Int64 = 10_737_418_240  // 10 GiB of hd

  init() throws {
    t = try TestSchema("rollhour")
    try t.rollupNames()
  }

  @Test func intervalInsideOneHour() throws {
    try t.vmEvent("2026-01-05 13:10:00", "2026-01-05 13:40:00", cpu: 2, ram: 2048, hd: tb)
    #expect(try t.rollupHour(h)[1...2] == ["new", "6"])
    // Deployed, ON, no HA, no layer, no cost code: types 1, 2, 3, 7, 15, 17, each for 1800 s.
    #expect(try t.detailTypes(h) == ["1", "2", "3", "7", "15", "17"])
    #expect(
      try t.detail(h, type: 1) == [["1", "1", "10", "100", "0", "vm-1", "2", "1800", "3600", "1"]])
    #expect(
      try t.detail(h, type: 2) == [
        ["1", "1", "10", "100", "0", "vm-1", "2048", "1800", "3686400", "1"]
      ])
    // 10737418240 x 1800 = 19327352832000
    #expect(
      try t.detail(h, type: 3) == [
        ["1", "1", "10", "100", "0", "vm-1", "10737418240", "1800", "19327352832000", "1"]
      ])
    #expect(
      try t.detail(h, type: 7) == [["1", "1", "10", "100", "101", "KVM", "1", "1800", "1800", "1"]])
    #expect(
      try t.detail(h, type: 15) == [["1", "1", "10", "100", "0", "vm-1", "2", "1800", "3600", "1"]])
    #expect(
      try t.detail(h, type: 17) == [
        ["1", "1", "10", "100", "0", "vm-1", "2048", "1800", "3686400", "1"]
      ])
    #expect(
      try t.rows(
        """
        SELECT starttime, endTime, enterpriseName, virtualDataCenter, virtualApp, virtualmachine, idVirtualMachine,
               costCode, costCodeName, idStorageTier, storageTierName, idDataCenter, dataCenterName,
               idHardwareProfile, hypervisorType, region, internal_provider_id, account_id
        FROM {acc}.accounting_event_detail WHERE idAccountingResourceType = 1
        """)
        == [
          [
            "2026-01-05 13:00:00", "2026-01-05 14:00:00", "Acme", "prod", "web", "vm-1", "1", nil,
            nil, nil, nil, "1",
            "BCN", nil, "KVM", "eu-south", "prov-1", "ACC-1",
          ]
        ])
    #expect(try t.rollupHour("2026-01-05 12:00:00")[2] == "0")
    #expect(try t.rollupHour("2026-01-05 14:00:00")[2] == "0")
  }

  @Test func intervalCrossingTwoHours() throws {
    try t.vmEvent("2026-01-05 13:30:00", "2026-01-05 14:15:00", cpu: 4)
    try t.rollupHour(h)
    try t.rollupHour("2026-01-05 14:00:00")
    // 13:30-14:00 is 1800 s x 4 = 7200; 14:00-14:15 is 900 s x 4 = 3600.
    #expect(
      try t.detail(h, type: 1) == [["1", "1", "10", "100", "0", "vm-1", "4", "1800", "7200", "1"]])
    #expect(
      try t.detail("2026-01-05 14:00:00", type: 1) == [
        ["1", "1", "10", "100", "0", "vm-1", "4", "900", "3600", "1"]
      ])
  }

  @Test func intervalCrossingTenHours() throws {
    try t.vmEvent("2026-01-05 04:20:00", "2026-01-05 13:10:00", cpu: 2)
    // 03:00 .. 14:00: twelve hours processed, the interval touches ten of them.
    #expect(
      try t.rows(
        "CALL {acc}.ROLLUP_RECOMPUTE(?, ?)", .datetime("2026-01-05 03:00:00"),
        .datetime("2026-01-05 15:00:00")
      )
      .first?.prefix(3) == ["12", "0", "60"])
    var expected: [[String?]] = [["2026-01-05 04:00:00", "2400", "4800"]]  // 04:20-05:00
    for hour in 5...12 {
      expected.append(["2026-01-05 \(hour < 10 ? "0" : "")\(hour):00:00", "3600", "7200"])
    }
    expected.append(["2026-01-05 13:00:00", "600", "1200"])  // 13:00-13:10
    #expect(
      try t.rows(
        "SELECT starttime, usageSeconds, unitSeconds FROM {acc}.accounting_event_detail WHERE idAccountingResourceType = 1 ORDER BY starttime"
      ) == expected)
    // 2400 + 8 x 3600 + 600 = 31800 s = 04:20 .. 13:10
    #expect(
      try t.scalar(
        "SELECT SUM(usageSeconds) FROM {acc}.accounting_event_detail WHERE idAccountingResourceType = 1"
      ) == "31800")
  }

  @Test func intervalStoppingExactlyOnTheHour() throws {
    try t.vmEvent(vm: 1, "2026-01-05 12:30:00", "2026-01-05 14:00:00")
    try t.vmEvent(vm: 2, "2026-01-05 14:00:00", nil)
    for hour in ["2026-01-05 12:00:00", h, "2026-01-05 14:00:00"] { try t.rollupHour(hour) }
    #expect(
      try t.detail("2026-01-05 12:00:00", type: 1) == [
        ["1", "1", "10", "100", "0", "vm-1", "2", "1800", "3600", "1"]
      ])
    #expect(
      try t.detail(h, type: 1) == [["1", "1", "10", "100", "0", "vm-1", "2", "3600", "7200", "1"]])
    // VM 1 stopped at 14:00: nothing in 14:00-15:00; VM 2 started at 14:00: nothing before.
    #expect(
      try t.detail("2026-01-05 14:00:00", type: 1) == [
        ["2", "1", "10", "100", "0", "vm-2", "2", "3600", "7200", "2"]
      ])
  }

  @Test func zeroLengthIntervalCountsNowhere() throws {
    try t.vmEvent("2026-01-05 13:20:00", "2026-01-05 13:20:00")
    #expect(try t.rollupHour(h)[2] == "0")
    #expect(try t.ledger() == [["2026-01-05 13:00:00", "1", "0", "0", "0"]])
  }

  @Test func resizeMidHourTakesTheMaximumAndExactUnitSeconds() throws {
    try t.vmEvent("2026-01-05 13:00:00", "2026-01-05 13:15:00", cpu: 2, ram: 2048)
    try t.vmEvent("2026-01-05 13:15:00", nil, cpu: 8, ram: 8192)
    try t.rollupHour(h)
    // cpu: MAX 8; 2 x 900 + 8 x 2700 = 23400. ram: 2048 x 900 + 8192 x 2700 = 23961600.
    #expect(
      try t.detail(h, type: 1) == [["1", "1", "10", "100", "0", "vm-1", "8", "3600", "23400", "2"]])
    #expect(
      try t.detail(h, type: 2) == [
        ["1", "1", "10", "100", "0", "vm-1", "8192", "3600", "23961600", "2"]
      ])
    #expect(
      try t.detail(h, type: 15) == [
        ["1", "1", "10", "100", "0", "vm-1", "8", "3600", "23400", "2"]
      ])
  }

  @Test func costCodeChangeMidHour() throws {
    try t.vmEvent("2026-01-05 13:00:00", "2026-01-05 13:20:00", cpu: 2, costCode: 1)
    try t.vmEvent("2026-01-05 13:20:00", nil, cpu: 2, costCode: 2)
    try t.rollupHour(h)
    // Type 1 is not split by the cost code: one row, 2 cores for 3600 s, the last cost code.
    #expect(
      try t.detail(h, type: 1) == [["1", "1", "10", "100", "0", "vm-1", "2", "3600", "7200", "2"]])
    #expect(
      try t.rows(
        "SELECT costCode, costCodeName FROM {acc}.accounting_event_detail WHERE idAccountingResourceType = 1"
      )
        == [["2", "Windows"]])
    // Type 24: one row per cost code, each with its seconds.
    #expect(
      try t.detail(h, type: 24) == [
        ["1", "1", "10", "100", "1", "Linux", "1", "1200", "1200", "1"],
        ["1", "1", "10", "100", "2", "Windows", "1", "2400", "2400", "2"],
      ])
  }

  @Test func hypervisorTypeChangeMidHour() throws {
    try t.vmEvent(vm: 1, "2026-01-05 13:00:00", "2026-01-05 13:45:00", hypervisor: "KVM")
    try t.vmEvent(vm: 1, "2026-01-05 13:45:00", nil, hypervisor: "VMX_04")
    try t.vmEvent(vm: 2, "2026-01-05 12:00:00", nil, hypervisor: "XEN")  // not interned yet (id 0)
    try t.rollupHour(h)
    // object_name: 101 KVM, 102 VMX_04 given; XEN interned by the rollup as the next id, 103.
    #expect(
      try t.detail(h, type: 7) == [
        ["1", "1", "10", "100", "101", "KVM", "1", "2700", "2700", "1"],
        ["1", "1", "10", "100", "102", "VMX_04", "1", "900", "900", "2"],
        ["2", "1", "10", "100", "103", "XEN", "1", "3600", "3600", "3"],
      ])
    #expect(try t.scalar("SELECT name FROM {acc}.object_name WHERE idObjectName = 103") == "XEN")
    #expect(
      try t.rows(
        "SELECT idResource, hypervisorType, usageSeconds FROM {acc}.accounting_event_detail WHERE idAccountingResourceType = 1 ORDER BY idResource"
      ) == [["1", "VMX_04", "3600"], ["2", "XEN", "3600"]])
  }

  @Test func ownerChangeMidHourGivesTwoRows() throws {
    try t.vmEvent(
      "2026-01-05 13:00:00", "2026-01-05 13:40:00", cpu: 2, enterprise: 1, vdc: 10, vApp: 100)
    try t.vmEvent("2026-01-05 13:40:00", nil, cpu: 2, enterprise: 2, vdc: 20, vApp: 200)
    try t.rollupHour(h)
    #expect(
      try t.detail(h, type: 1) == [
        ["1", "1", "10", "100", "0", "vm-1", "2", "2400", "4800", "1"],
        ["1", "2", "20", "200", "0", "vm-1", "2", "1200", "2400", "2"],
      ])
    #expect(
      try t.rows(
        """
        SELECT enterpriseName, virtualDataCenter, virtualApp FROM {acc}.accounting_event_detail
        WHERE idAccountingResourceType = 1 ORDER BY idEnterprise
        """) == [["Acme", "prod", "web"], ["Beta", "dev", "db"]])
  }

  @Test func haAndAntiAffinityOnlyWhenSet() throws {
    try t.vmEvent(vm: 1, "2026-01-05 12:00:00", nil, ha: 1, antiAffinity: 0)
    try t.vmEvent(vm: 2, "2026-01-05 12:00:00", nil, ha: 0, antiAffinity: 1)
    try t.rollupHour(h)
    #expect(
      try t.detail(h, type: 8) == [["1", "1", "10", "100", "0", "vm-1", "1", "3600", "3600", "1"]])
    #expect(
      try t.detail(h, type: 12) == [["2", "1", "10", "100", "0", "vm-2", "1", "3600", "3600", "2"]])
  }

  @Test func openIntervalCountsEveryHourFromItsStart() throws {
    try t.vmEvent("2026-01-04 10:00:00", nil, cpu: 2)
    #expect(try t.rollupHour("2026-01-04 09:00:00")[2] == "0")
    try t.rollupHour("2026-01-04 10:00:00")
    try t.rollupHour(h)
    #expect(
      try t.detail("2026-01-04 10:00:00", type: 1) == [
        ["1", "1", "10", "100", "0", "vm-1", "2", "3600", "7200", "1"]
      ])
    #expect(
      try t.detail(h, type: 1) == [["1", "1", "10", "100", "0", "vm-1", "2", "3600", "7200", "1"]])
  }

  @Test func poweredOffHalfTheHourSplitsOnAndOff() throws {
    try t.vmEvent("2026-01-05 13:00:00", "2026-01-05 13:30:00", cpu: 4, ram: 4096, powerOn: 1)
    try t.vmEvent("2026-01-05 13:30:00", nil, cpu: 4, ram: 4096, powerOn: 0)
    try t.rollupHour(h)
    // 4 x 1800 = 7200; 4096 x 1800 = 7372800
    #expect(
      try t.detail(h, type: 15) == [["1", "1", "10", "100", "0", "vm-1", "4", "1800", "7200", "1"]])
    #expect(
      try t.detail(h, type: 16) == [["1", "1", "10", "100", "0", "vm-1", "4", "1800", "7200", "2"]])
    #expect(
      try t.detail(h, type: 17) == [
        ["1", "1", "10", "100", "0", "vm-1", "4096", "1800", "7372800", "1"]
      ])
    #expect(
      try t.detail(h, type: 18) == [
        ["1", "1", "10", "100", "0", "vm-1", "4096", "1800", "7372800", "2"]
      ])
    // Deployed the whole hour either way: 4 x 3600 = 14400
    #expect(
      try t.detail(h, type: 1) == [["1", "1", "10", "100", "0", "vm-1", "4", "3600", "14400", "2"]])
  }

  @Test func publicIP() throws {
    try t.ipEvent("2026-01-05 13:00:00", "2026-01-05 13:30:00", enterprise: 1, vdc: 10)
    // Released and allocated to another VDC at 13:30.
    try t.ipEvent("2026-01-05 13:30:00", nil, enterprise: 2, vdc: 20)
    try t.rollupHour(h)
    #expect(
      try t.detail(h, type: 5) == [
        ["8", "1", "10", "0", "0", "10.0.0.8", "1", "1800", "1800", "1"],
        ["8", "2", "20", "0", "0", "10.0.0.8", "1", "1800", "1800", "2"],
      ])
    #expect(try t.detailTypes(h) == ["5"])
  }

  @Test func privateVLAN() throws {
    try t.vlanEvent("2026-01-05 12:59:59", nil)
    try t.rollupHour("2026-01-05 12:00:00")
    try t.rollupHour(h)
    #expect(
      try t.detail("2026-01-05 12:00:00", type: 6) == [
        ["4", "1", "10", "0", "0", "lan-4", "1", "1", "1", "1"]
      ])
    #expect(
      try t.detail(h, type: 6) == [["4", "1", "10", "0", "0", "lan-4", "1", "3600", "3600", "1"]])
  }

  @Test func volumeResizedRetieredAndDetached() throws {
    try t.volumeEvent(
      "2026-01-05 13:00:00", "2026-01-05 13:20:00", sizeMB: 1024, tier: 1, attachedVM: 1)
    try t.volumeEvent("2026-01-05 13:20:00", nil, sizeMB: 2048, tier: 2, attachedVM: 0)
    try t.rollupHour(h)
    // Type 4 (bytes = sizeMB x 1048576): one row, MAX 2147483648;
    // 1073741824 x 1200 + 2147483648 x 2400 = 1288490188800 + 5153960755200 = 6442450944000.
    #expect(
      try t.detail(h, type: 4) == [
        ["7", "1", "10", "100", "0", "data-7", "2147483648", "3600", "6442450944000", "2"]
      ])
    // Attributes from the last interval: detached, tier 2.
    #expect(
      try t.rows(
        """
        SELECT idVirtualMachine, virtualmachine, idStorageTier, storageTierName FROM {acc}.accounting_event_detail
        WHERE idAccountingResourceType = 4
        """) == [["0", nil, "2", "Silver"]])
    // Type 13: the tier is the discriminator, one row each.
    #expect(
      try t.detail(h, type: 13) == [
        ["7", "1", "10", "100", "1", "Gold", "1073741824", "1200", "1288490188800", "1"],
        ["7", "1", "10", "100", "2", "Silver", "2147483648", "2400", "5153960755200", "2"],
      ])
  }

  @Test func volumeAttachedToAVMShowsItsName() throws {
    try t.volumeEvent("2026-01-05 12:00:00", nil, sizeMB: 1, tier: nil, attachedVM: 2)
    try t.rollupHour(h)
    // 1 MB = 1048576 bytes; x 3600 = 3774873600. No tier: type 13 with discriminator 0.
    #expect(
      try t.detail(h, type: 13) == [
        ["7", "1", "10", "100", "0", nil, "1048576", "3600", "3774873600", "1"]
      ])
    #expect(
      try t.rows(
        "SELECT idVirtualMachine, virtualmachine FROM {acc}.accounting_event_detail WHERE idAccountingResourceType = 4"
      )
        == [["2", "vm-2"]])
  }

  @Test func reservedPhysicalMachine() throws {
    try t.pmEvent("2026-01-05 13:00:00", "2026-01-05 13:45:00", cpu: 32, ram: 65536)
    try t.rollupHour(h)
    // 32 x 2700 = 86400; 65536 x 2700 = 176947200
    #expect(
      try t.detail(h, type: 9) == [["3", "1", "0", "0", "0", "pm-3", "32", "2700", "86400", "1"]])
    #expect(
      try t.detail(h, type: 10) == [
        ["3", "1", "0", "0", "0", "pm-3", "65536", "2700", "176947200", "1"]
      ])
    #expect(try t.detailTypes(h) == ["9", "10"])
  }

  @Test func repositoryImageAndConversion() throws {
    try t.repositoryEvent("2026-01-05 12:00:00", nil, conversion: 0, bytes: 2_147_483_648)
    try t.repositoryEvent("2026-01-05 13:30:00", nil, conversion: 9, bytes: 1_073_741_824)
    try t.rollupHour(h)
    // 2147483648 x 3600 = 7730941132800; 1073741824 x 1800 = 1932735283200
    #expect(
      try t.detail(h, type: 11) == [
        ["5", "1", "0", "0", "0", "debian", "2147483648", "3600", "7730941132800", "1"],
        ["5", "1", "0", "0", "9", "debian", "1073741824", "1800", "1932735283200", "2"],
      ])
  }

  @Test func namesAreThoseValidAtTheHoursLastSecond() throws {
    try t.exec(
      """
      UPDATE {acc}.name_history SET validTo = '2026-01-05 13:59:59' WHERE objectKind = 5 AND idObject = 1;
      INSERT INTO {acc}.name_history (objectKind, idObject, validFrom, validTo, name)
        VALUES (5, 1, '2026-01-05 13:59:59', NULL, 'vm-one');
      UPDATE {acc}.name_history SET validTo = '2026-01-05 14:00:00' WHERE objectKind = 1 AND idObject = 1;
      INSERT INTO {acc}.name_history (objectKind, idObject, validFrom, validTo, name)
        VALUES (1, 1, '2026-01-05 14:00:00', NULL, 'Acme Corp');
      """)
    try t.vmEvent("2026-01-05 12:00:00", nil)
    for hour in ["2026-01-05 12:00:00", h, "2026-01-05 14:00:00"] { try t.rollupHour(hour) }
    // Renamed at 13:59:59 (the last second of 13:00): 13:00 shows the new name. The enterprise
    // renamed at 14:00:00 shows its old name until 13:00 included.
    #expect(
      try t.rows(
        """
        SELECT starttime, resourceName, virtualmachine, enterpriseName FROM {acc}.accounting_event_detail
        WHERE idAccountingResourceType = 1 ORDER BY starttime
        """)
        == [
          ["2026-01-05 12:00:00", "vm-1", "vm-1", "Acme"],
          ["2026-01-05 13:00:00", "vm-one", "vm-one", "Acme"],
          ["2026-01-05 14:00:00", "vm-one", "vm-one", "Acme Corp"],
        ])
  }

  @Test func disabledTypesProduceNothing() throws {
    try t.exec(
      "UPDATE {acc}.accounting_parameter SET value = '0' WHERE name IN ('resource_type.1.enabled', 'resource_type.15.enabled')"
    )
    try t.vmEvent("2026-01-05 12:00:00", nil)
    try t.volumeEvent("2026-01-05 12:00:00", nil)
    try t.rollupHour(h)
    #expect(try t.detailTypes(h) == ["2", "3", "4", "7", "13", "17"])
  }

  @Test func processingAgainReplacesAndKeepsSummariesExact() throws {
    try t.vmEvent("2026-01-05 13:00:00", "2026-01-05 13:30:00", cpu: 2)
    #expect(try t.rollupHour(h)[1] == "new")
    let first = try t.allDetail()
    #expect(try t.rollupHour(h)[1] == "unchanged")
    #expect(try t.allDetail() == first)
    // A correction of the event: the hour's rows and its share of the summaries are replaced.
    try t.exec("UPDATE {acc}.accounting_event_vm SET cpu = 6 WHERE idVMAccountingEvent = 1")
    #expect(try t.rollupHour(h)[1] == "changed")
    #expect(
      try t.detail(h, type: 1) == [["1", "1", "10", "100", "0", "vm-1", "6", "1800", "10800", "1"]])
    #expect(
      try t.rows(
        """
        SELECT 'h', resourceUnits, unitSeconds, detailRows FROM {acc}.accounting_summary_hourly WHERE idAccountingResourceType = 1
        UNION ALL SELECT 'd', resourceUnits, unitSeconds, detailRows FROM {acc}.accounting_summary_daily WHERE idAccountingResourceType = 1
        UNION ALL SELECT 'm', resourceUnits, unitSeconds, detailRows FROM {acc}.accounting_summary_monthly WHERE idAccountingResourceType = 1
        """) == [["h", "6", "10800", "1"], ["d", "6", "10800", "1"], ["m", "6", "10800", "1"]])
    #expect(try t.ledger() == [["2026-01-05 13:00:00", "3", "6", "1", "1800"]])
    #expect(
      try t.rows(
        "SELECT starttime, runs, detailRows, unitSeconds FROM {acc}.accounting_rollup_ledger_history"
      )
        // previous totals: types 1, 2, 3, 7, 15, 17 over 1800 s with cpu 2:
        // 3600 + 3686400 + 19327352832000 + 1800 + 3600 + 3686400 = 19327360213800
        == [["2026-01-05 13:00:00", "2", "6", "19327360213800"]])
    // The event removed: the hour empties, and so do its summaries.
    try t.exec("DELETE FROM {acc}.accounting_event_vm")
    #expect(try t.rollupHour(h)[1...2] == ["changed", "0"])
    #expect(try t.allSummaries() == [])
  }
}
