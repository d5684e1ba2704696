import AccountingKit
import Testing

/// One name rule for the rollup and the name functions: the names the views carry for an hour
/// [H, H+1h) are those `ABQ_*_ID_TO_NAME_AT(id, H + 3599 s)` returns, that is the name valid at the
/// hour's last second, or the object's first recorded name when it was first named after it.
/// Events and name history are written directly (no triggers); every expected name is worked out
/// by hand below, never by calling the code under test.
///
/// Name history (hours rolled up: 12:00, 13:00, 14:00 on 2026-01-05; their last seconds 12:59:59,
/// 13:59:59, 14:59:59):
/// - enterprise 1: Acme from 01-01, Acme Corp from 01-05 13:30 (renamed mid-period)
/// - VDC 10: prod from 01-01, production from 01-05 14:00:00 (13:59:59 still prod)
/// - vApp 100: web from 01-05 16:00 only (first named after every hour: web throughout)
/// - VM 1: vm-1 from 01-01, vm-one from 01-05 12:59:59 (the last second itself counts)
/// - datacenter 1: BCN from 01-06 only (first named after every hour)
/// - cost code 1: Linux from 01-05 13:10 (after 12:59:59: its first name), Linux-2 from 14:30
/// - physical machine 3: pm-3 from 01-07 only; image 5: debian from 01-01, debian-12 from 13:00
/// - volume 7: data-7 from 01-05 15:00 only; tier 1: Gold from 01-01
@Suite(.serialized)
struct NameRuleTests {
  let t: TestSchema
  let hours = ["2026-01-05 12:00:00", "2026-01-05 13:00:00", "2026-01-05 14:00:00"]

  init() throws {
    t = try TestSchema("namerule")
    try t.exec(
      """
      INSERT INTO {acc}.name_history (objectKind, idObject, validFrom, validTo, name) VALUES
        (1, 1, '2026-01-01 00:00:00', '2026-01-05 13:30:00', 'Acme'),
        (1, 1, '2026-01-05 13:30:00', NULL, 'Acme Corp'),
        (3, 10, '2026-01-01 00:00:00', '2026-01-05 14:00:00', 'prod'),
        (3, 10, '2026-01-05 14:00:00', NULL, 'production'),
        (4, 100, '2026-01-05 16:00:00', NULL, 'web'),
        (5, 1, '2026-01-01 00:00:00', '2026-01-05 12:59:59', 'vm-1'),
        (5, 1, '2026-01-05 12:59:59', NULL, 'vm-one'),
        (2, 1, '2026-01-06 00:00:00', NULL, 'BCN'),
        (8, 1, '2026-01-05 13:10:00', '2026-01-05 14:30:00', 'Linux'),
        (8, 1, '2026-01-05 14:30:00', NULL, 'Linux-2'),
        (6, 3, '2026-01-07 00:00:00', NULL, 'pm-3'),
        (7, 5, '2026-01-01 00:00:00', '2026-01-05 13:00:00', 'debian'),
        (7, 5, '2026-01-05 13:00:00', NULL, 'debian-12'),
        (11, 7, '2026-01-05 15:00:00', NULL, 'data-7'),
        (9, 1, '2026-01-01 00:00:00', NULL, 'Gold');
      INSERT INTO {acc}.object_name (idObjectName, name) VALUES (101, 'KVM');
      """)
    // Every resource held from 12:00 on, open.
    try t.vmEvent(vm: 1, "2026-01-05 12:00:00", nil, costCode: 1)
    try t.volumeEvent("2026-01-05 12:00:00", nil)
    try t.pmEvent("2026-01-05 12:00:00", nil)
    try t.repositoryEvent("2026-01-05 12:00:00", nil, bytes: 1000)
    for hour in hours { try t.rollupHour(hour) }
  }

  /// VM 1's vCPU rows: resourceName, enterpriseName, virtualDataCenter, virtualApp,
  /// virtualmachine, costCodeName, dataCenterName per hour.
  let vmNames: [[String?]] = [
    ["2026-01-05 12:00:00", "vm-one", "Acme", "prod", "web", "vm-one", "Linux", "BCN"],
    ["2026-01-05 13:00:00", "vm-one", "Acme Corp", "prod", "web", "vm-one", "Linux", "BCN"],
    ["2026-01-05 14:00:00", "vm-one", "Acme Corp", "production", "web", "vm-one", "Linux-2", "BCN"],
  ]

  @Test func periodUsageViewCarriesTheRuleNames() throws {
    #expect(
      try t.rows(
        """
        SELECT starttime, resourceName, enterpriseName, virtualDataCenter, virtualApp, virtualmachine,
               costCodeName, dataCenterName
        FROM {acc}.ACCOUNT_PERIOD_USAGE_VW WHERE idAccountingResourceType = 1 ORDER BY starttime
        """) == vmNames)
    // The same objects through the name functions at each hour's last second.
    #expect(
      try t.rows(
        """
        SELECT starttime, {acc}.ABQ_VM_ID_TO_NAME_AT(idVirtualMachine, endTime - INTERVAL 1 SECOND),
               {acc}.ABQ_ENT_ID_TO_NAME_AT(idEnterprise, endTime - INTERVAL 1 SECOND),
               {acc}.ABQ_VDC_ID_TO_NAME_AT(idVirtualDataCenter, endTime - INTERVAL 1 SECOND),
               {acc}.ABQ_VAPP_ID_TO_NAME_AT(idVirtualApp, endTime - INTERVAL 1 SECOND),
               {acc}.ABQ_VM_ID_TO_NAME_AT(idVirtualMachine, endTime - INTERVAL 1 SECOND),
               {acc}.ABQ_COSTCODE_ID_TO_NAME_AT(costCode, endTime - INTERVAL 1 SECOND),
               {acc}.ABQ_DC_ID_TO_NAME_AT(idDataCenter, endTime - INTERVAL 1 SECOND)
        FROM {acc}.ACCOUNT_PERIOD_USAGE_VW WHERE idAccountingResourceType = 1 ORDER BY starttime
        """) == vmNames)
  }

  @Test func costCodeRowsNameTheCostCodeByTheRule() throws {
    // Type 24's resourceName is the cost code's name: Linux at 12:59:59 (its first name, recorded
    // at 13:10), Linux at 13:59:59, Linux-2 at 14:59:59.
    let expected: [[String?]] = [
      ["2026-01-05 12:00:00", "Linux", "Linux"], ["2026-01-05 13:00:00", "Linux", "Linux"],
      ["2026-01-05 14:00:00", "Linux-2", "Linux-2"],
    ]
    #expect(
      try t.rows(
        """
        SELECT starttime, resourceName, costCodeName FROM {acc}.ACCOUNT_PERIOD_USAGE_VW
        WHERE idAccountingResourceType = 24 ORDER BY starttime
        """) == expected)
    #expect(
      try t.rows(
        """
        SELECT starttime, {acc}.ABQ_COSTCODE_ID_TO_NAME_AT(idDiscriminator, endTime - INTERVAL 1 SECOND),
               {acc}.ABQ_COSTCODE_ID_TO_NAME_AT(costCode, endTime - INTERVAL 1 SECOND)
        FROM {acc}.accounting_event_detail WHERE idAccountingResourceType = 24 ORDER BY starttime
        """) == expected)
  }

  @Test func physicalMachineAndImageRowsFollowTheRule() throws {
    // PM 3 first named on 01-07: pm-3 throughout; its enterprise renamed at 13:30; datacenter BCN.
    let pm: [[String?]] = [
      ["2026-01-05 12:00:00", "pm-3", "Acme", "BCN"],
      ["2026-01-05 13:00:00", "pm-3", "Acme Corp", "BCN"],
      ["2026-01-05 14:00:00", "pm-3", "Acme Corp", "BCN"],
    ]
    #expect(
      try t.rows(
        """
        SELECT starttime, resourceName, enterpriseName, dataCenterName FROM {acc}.ACCOUNT_PERIOD_USAGE_VW
        WHERE idAccountingResourceType = 9 ORDER BY starttime
        """) == pm)
    #expect(
      try t.rows(
        """
        SELECT starttime, {acc}.ABQ_PM_ID_TO_NAME_AT(idResource, endTime - INTERVAL 1 SECOND),
               {acc}.ABQ_ENT_ID_TO_NAME_AT(idEnterprise, endTime - INTERVAL 1 SECOND),
               {acc}.ABQ_DC_ID_TO_NAME_AT(idDataCenter, endTime - INTERVAL 1 SECOND)
        FROM {acc}.ACCOUNT_PERIOD_USAGE_VW WHERE idAccountingResourceType = 9 ORDER BY starttime
        """) == pm)
    // Image 5: debian at 12:59:59, debian-12 (from 13:00) after.
    let image: [[String?]] = [
      ["2026-01-05 12:00:00", "debian"], ["2026-01-05 13:00:00", "debian-12"],
      ["2026-01-05 14:00:00", "debian-12"],
    ]
    #expect(
      try t.rows(
        """
        SELECT starttime, resourceName FROM {acc}.ACCOUNT_PERIOD_USAGE_VW
        WHERE idAccountingResourceType = 11 ORDER BY starttime
        """) == image)
    #expect(
      try t.rows(
        """
        SELECT starttime, {acc}.ABQ_IMG_ID_TO_NAME_AT(idResource, endTime - INTERVAL 1 SECOND)
        FROM {acc}.ACCOUNT_PERIOD_USAGE_VW WHERE idAccountingResourceType = 11 ORDER BY starttime
        """) == image)
  }

  @Test func volumeFirstNamedAfterTheHourKeepsThatName() throws {
    // Volume 7 first named at 15:00 (no name function for volumes): data-7 in every hour; the VM
    // it is attached to, vm-one; its vApp, web (first named at 16:00); its tier, Gold.
    #expect(
      try t.rows(
        """
        SELECT starttime, resourceName, virtualmachine, virtualApp, storageTierName
        FROM {acc}.ACCOUNT_PERIOD_USAGE_VW WHERE idAccountingResourceType = 4 ORDER BY starttime
        """)
        == [
          ["2026-01-05 12:00:00", "data-7", "vm-one", "web", "Gold"],
          ["2026-01-05 13:00:00", "data-7", "vm-one", "web", "Gold"],
          ["2026-01-05 14:00:00", "data-7", "vm-one", "web", "Gold"],
        ])
  }

  @Test func maxViewCarriesTheRuleNames() throws {
    let expected: [[String?]] = [
      ["2026-01-05 12:00:00", "vm-one", "Acme", "prod"],
      ["2026-01-05 13:00:00", "vm-one", "Acme Corp", "prod"],
      ["2026-01-05 14:00:00", "vm-one", "Acme Corp", "production"],
    ]
    #expect(
      try t.rows(
        """
        SELECT starttime, resourceName, enterpriseName, virtualDataCenter FROM {acc}.HOURLY_USAGE_MAX_VW
        WHERE idAccountingResourceType = 1 ORDER BY starttime
        """) == expected)
    #expect(
      try t.rows(
        """
        SELECT starttime, {acc}.ABQ_VM_ID_TO_NAME_AT(1, endTime - INTERVAL 1 SECOND),
               {acc}.ABQ_ENT_ID_TO_NAME_AT(idEnterprise, endTime - INTERVAL 1 SECOND),
               {acc}.ABQ_VDC_ID_TO_NAME_AT(idVirtualDataCenter, endTime - INTERVAL 1 SECOND)
        FROM {acc}.HOURLY_USAGE_MAX_VW WHERE idAccountingResourceType = 1 ORDER BY starttime
        """) == expected)
  }

  @Test func everyOwnerNameOfEveryRowAgreesWithTheFunctions() throws {
    // All rows and types of the three hours: the owner names the view carries against the
    // functions at each row's last second (NULL-safe): none disagrees.
    #expect(
      try t.scalar(
        """
        SELECT COUNT(*) FROM {acc}.ACCOUNT_PERIOD_USAGE_VW v
        WHERE NOT (v.enterpriseName <=> {acc}.ABQ_ENT_ID_TO_NAME_AT(v.idEnterprise, v.endTime - INTERVAL 1 SECOND))
           OR NOT (v.virtualDataCenter <=> {acc}.ABQ_VDC_ID_TO_NAME_AT(v.idVirtualDataCenter, v.endTime - INTERVAL 1 SECOND))
           OR NOT (v.virtualApp <=> {acc}.ABQ_VAPP_ID_TO_NAME_AT(v.idVirtualApp, v.endTime - INTERVAL 1 SECOND))
           OR NOT (v.virtualmachine <=> {acc}.ABQ_VM_ID_TO_NAME_AT(v.idVirtualMachine, v.endTime - INTERVAL 1 SECOND))
           OR NOT (v.dataCenterName <=> {acc}.ABQ_DC_ID_TO_NAME_AT(v.idDataCenter, v.endTime - INTERVAL 1 SECOND))
           OR NOT (v.costCodeName <=> {acc}.ABQ_COSTCODE_ID_TO_NAME_AT(v.costCode, v.endTime - INTERVAL 1 SECOND))
        """) == "0")
    // Types 1, 2, 3, 7, 15, 17, 24 of the VM, 4 and 13 of the volume, 9 and 10 of the PM, 11 of
    // the image: 12 rows per hour.
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.ACCOUNT_PERIOD_USAGE_VW") == "36")
  }
}
