import AccountingKit
import Testing

/// Shared helpers of the rollup suites. The rollup must not depend on the triggers:
/// these tests write event rows and name history directly, then call the procedures.
///
/// Names (`rollupNames`), all valid from 2026-01-01 00:00:00:
/// - enterprises 1 Acme, 2 Beta; VDCs 10 prod, 20 dev; vApps 100 web, 200 db; datacenter 1 BCN
/// - cost codes 1 Linux, 2 Windows; tiers 1 Gold, 2 Silver
/// - VMs 1 vm-1, 2 vm-2; volume 7 data-7; VLAN 4 lan-4; physical machine 3 pm-3; image 5 debian
/// - hypervisor types interned in object_name: 101 KVM, 102 VMX_04
extension TestSchema {
  func rollupNames() throws {
    try exec(
      """
      INSERT INTO {acc}.name_history (objectKind, idObject, validFrom, validTo, name) VALUES
        (1, 1, '2026-01-01 00:00:00', NULL, 'Acme'), (1, 2, '2026-01-01 00:00:00', NULL, 'Beta'),
        (3, 10, '2026-01-01 00:00:00', NULL, 'prod'), (3, 20, '2026-01-01 00:00:00', NULL, 'dev'),
        (4, 100, '2026-01-01 00:00:00', NULL, 'web'), (4, 200, '2026-01-01 00:00:00', NULL, 'db'),
        (2, 1, '2026-01-01 00:00:00', NULL, 'BCN'),
        (8, 1, '2026-01-01 00:00:00', NULL, 'Linux'), (8, 2, '2026-01-01 00:00:00', NULL, 'Windows'),
        (9, 1, '2026-01-01 00:00:00', NULL, 'Gold'), (9, 2, '2026-01-01 00:00:00', NULL, 'Silver'),
        (5, 1, '2026-01-01 00:00:00', NULL, 'vm-1'), (5, 2, '2026-01-01 00:00:00', NULL, 'vm-2'),
        (11, 7, '2026-01-01 00:00:00', NULL, 'data-7'), (12, 4, '2026-01-01 00:00:00', NULL, 'lan-4'),
        (6, 3, '2026-01-01 00:00:00', NULL, 'pm-3'), (7, 5, '2026-01-01 00:00:00', NULL, 'debian');
      INSERT INTO {acc}.object_name (idObjectName, name) VALUES (101, 'KVM'), (102, 'VMX_04');
      """)
  }

  /// One interval of a managed VM, written directly. Hypervisor types: "KVM" (101), "VMX_04" (102).
  func vmEvent(
    vm: Int = 1, _ start: String, _ stop: String?, cpu: Int = 2, ram: Int = 2048,
    hd: Int64 = 10_737_418_240,
    enterprise: Int = 1, vdc: Int = 10, vApp: Int = 100, costCode: Int? = nil,
    hypervisor: String? = "KVM",
    ha: Int = 0, antiAffinity: Int = 0, powerOn: Int = 1, profile: Int? = nil
  ) throws {
    let hvid: Int64 = hypervisor == "KVM" ? 101 : hypervisor == "VMX_04" ? 102 : 0
    try exec(
      """
      INSERT INTO {acc}.accounting_event_vm
        (idVM, idEnterprise, idVirtualDataCenter, idVirtualApp, cpu, ram, hd, startTime, stopTime, costCode,
         hypervisorType, idHypervisorType, idDataCenter, region, haEnabled, antiAffinity, idHardwareProfile,
         powerOn, account_id, internal_provider_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'eu-south', ?, ?, ?, ?, 'ACC-1', ?)
      """,
      .int(Int64(vm)), .int(Int64(enterprise)), .int(Int64(vdc)), .int(Int64(vApp)),
      .int(Int64(cpu)),
      .int(Int64(ram)), .int(hd), .datetime(start), stop.map { .datetime($0) } ?? .null,
      costCode.map { .int(Int64($0)) } ?? .null, hypervisor.map { .text($0) } ?? .null, .int(hvid),
      .int(Int64(ha)), .int(Int64(antiAffinity)), profile.map { .int(Int64($0)) } ?? .null,
      .int(Int64(powerOn)), .text("prov-\(vm)"))
  }

  /// One interval of external volume 7 (by default) in VDC 10 of enterprise 1.
  func volumeEvent(
    _ start: String, _ stop: String?, volume: Int = 7, sizeMB: Int = 1024, tier: Int? = 1,
    vApp: Int = 100,
    attachedVM: Int = 1, enterprise: Int = 1, vdc: Int = 10
  ) throws {
    try exec(
      """
      INSERT INTO {acc}.accounting_event_storage
        (idManagement, idEnterprise, idVirtualDataCenter, idVirtualApp, idVirtualMachine, sizeMB, idTier,
         startTime, stopTime, idDataCenter, region)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'eu-south')
      """,
      .int(Int64(volume)), .int(Int64(enterprise)), .int(Int64(vdc)), .int(Int64(vApp)),
      .int(Int64(attachedVM)),
      .int(Int64(sizeMB)), tier.map { .int(Int64($0)) } ?? .null, .datetime(start),
      stop.map { .datetime($0) } ?? .null)
  }

  func ipEvent(
    _ start: String, _ stop: String?, ip: String = "10.0.0.8", id: Int = 8, enterprise: Int = 1,
    vdc: Int = 10
  )
    throws
  {
    try exec(
      """
      INSERT INTO {acc}.accounting_event_ips
        (idManagement, ip, vlan_network_id, idEnterprise, idVirtualDataCenter, startTime, stopTime, idDataCenter, region)
      VALUES (?, ?, 4, ?, ?, ?, ?, 1, 'eu-south')
      """,
      .int(Int64(id)), .text(ip), .int(Int64(enterprise)), .int(Int64(vdc)), .datetime(start),
      stop.map { .datetime($0) } ?? .null)
  }

  func vlanEvent(
    _ start: String, _ stop: String?, vlan: Int = 4, enterprise: Int = 1, vdc: Int = 10
  ) throws {
    try exec(
      """
      INSERT INTO {acc}.accounting_event_vlan
        (vlan_network_id, idEnterprise, idVirtualDataCenter, startTime, stopTime, idDataCenter, region)
      VALUES (?, ?, ?, ?, ?, 1, 'eu-south')
      """,
      .int(Int64(vlan)), .int(Int64(enterprise)), .int(Int64(vdc)), .datetime(start),
      stop.map { .datetime($0) } ?? .null)
  }

  func pmEvent(
    _ start: String, _ stop: String?, pm: Int = 3, cpu: Int = 32, ram: Int = 65536,
    enterprise: Int = 1
  ) throws {
    try exec(
      """
      INSERT INTO {acc}.accounting_event_pm (idPhysicalMachine, idEnterprise, cpu, ram, startTime, stopTime, idDataCenter, region)
      VALUES (?, ?, ?, ?, ?, ?, 1, 'eu-south')
      """,
      .int(Int64(pm)), .int(Int64(enterprise)), .int(Int64(cpu)), .int(Int64(ram)),
      .datetime(start),
      stop.map { .datetime($0) } ?? .null)
  }

  /// An image (conversion 0) or one of its conversions stored in repository 1 for enterprise 1.
  func repositoryEvent(
    _ start: String, _ stop: String?, image: Int = 5, conversion: Int = 0, bytes: Int64,
    enterprise: Int = 1
  )
    throws
  {
    try exec(
      """
      INSERT INTO {acc}.accounting_event_repository
        (idImage, idConversion, idEnterprise, idImageTypeName, idImageFormatName, imageSize, idRepository,
         startTime, stopTime, idDataCenter, region)
      VALUES (?, ?, ?, NULL, NULL, ?, 1, ?, ?, 1, 'eu-south')
      """,
      .int(Int64(image)), .int(Int64(conversion)), .int(Int64(enterprise)), .int(bytes),
      .datetime(start),
      stop.map { .datetime($0) } ?? .null)
  }

  /// CALL ROLLUP_HOUR: [starttime, status, detailRows, durationMicros].
  @discardableResult
  func rollupHour(_ hour: String) throws -> [String?] {
    try rows("CALL {acc}.ROLLUP_HOUR(?)", .datetime(hour)).first ?? []
  }

  /// CALL ROLLUP_RUN: [status, hoursNew, hoursChanged, detailRows, eventsConsolidated, firstHour,
  /// lastHour, processedThrough] (durationMicros left out).
  @discardableResult
  func rollupRun(now: String, until: String? = nil, settle: Int? = nil, recheck: Int? = nil) throws
    -> [String?]
  {
    let row =
      try rows(
        "CALL {acc}.ROLLUP_RUN(?, ?, ?, ?)", .datetime(now), until.map { .datetime($0) } ?? .null,
        settle.map { .int(Int64($0)) } ?? .null, recheck.map { .int(Int64($0)) } ?? .null
      ).first ?? []
    return Array(row.prefix(8))
  }

  /// CALL ROLLUP_PLAN: [[starttime, reason]].
  func rollupPlan(now: String, until: String? = nil, settle: Int? = nil, recheck: Int? = nil) throws
    -> [[String?]]
  {
    try rows(
      "CALL {acc}.ROLLUP_PLAN(?, ?, ?, ?)", .datetime(now), until.map { .datetime($0) } ?? .null,
      settle.map { .int(Int64($0)) } ?? .null, recheck.map { .int(Int64($0)) } ?? .null)
  }

  /// An hour's detail rows of one type, in key order: idResource, idEnterprise,
  /// idVirtualDataCenter, idVirtualApp, idDiscriminator, resourceName, resourceUnits, usageSeconds,
  /// unitSeconds, idAccountingEvent.
  func detail(_ hour: String, type: Int) throws -> [[String?]] {
    try rows(
      """
      SELECT idResource, idEnterprise, idVirtualDataCenter, idVirtualApp, idDiscriminator, resourceName,
             resourceUnits, usageSeconds, unitSeconds, idAccountingEvent
      FROM {acc}.accounting_event_detail WHERE starttime = ? AND idAccountingResourceType = ?
      ORDER BY idResource, idEnterprise, idVirtualDataCenter, idVirtualApp, idDiscriminator
      """, .datetime(hour), .int(Int64(type)))
  }

  /// The types an hour has rows of, ascending.
  func detailTypes(_ hour: String) throws -> [String?] {
    try rows(
      """
      SELECT DISTINCT idAccountingResourceType FROM {acc}.accounting_event_detail WHERE starttime = ?
      ORDER BY idAccountingResourceType
      """, .datetime(hour)
    ).map { $0[0] }
  }

  /// Every detail row, every column, in key order: to compare whole results.
  func allDetail() throws -> [[String?]] {
    try rows(
      """
      SELECT * FROM {acc}.accounting_event_detail
      ORDER BY starttime, idAccountingResourceType, idResource, idEnterprise, idVirtualDataCenter, idVirtualApp,
               idDiscriminator
      """)
  }

  /// Every row of the hourly, daily and monthly summaries, in key order.
  func allSummaries() throws -> [[String?]] {
    var result: [[String?]] = []
    for table in [
      "accounting_summary_hourly", "accounting_summary_daily", "accounting_summary_monthly",
    ] {
      result += try rows(
        """
        SELECT '\(table)', starttime, idEnterprise, idVirtualDataCenter, idAccountingResourceType, resourceUnits,
               unitSeconds, detailRows, enterpriseName, virtualDataCenter
        FROM {acc}.\(table)
        ORDER BY starttime, idEnterprise, idVirtualDataCenter, idAccountingResourceType
        """)
    }
    return result
  }

  /// The ledger: starttime, runs, detailRows, fpCount, fpSeconds.
  func ledger() throws -> [[String?]] {
    try rows(
      "SELECT starttime, runs, detailRows, fpCount, fpSeconds FROM {acc}.accounting_rollup_ledger ORDER BY starttime"
    )
  }

  /// Forgets everything the rollup wrote (as if it never ran), keeping the events.
  func forgetRollup() throws {
    try exec(
      """
      DELETE FROM {acc}.accounting_event_detail;
      DELETE FROM {acc}.accounting_summary_hourly;
      DELETE FROM {acc}.accounting_summary_daily;
      DELETE FROM {acc}.accounting_summary_monthly;
      DELETE FROM {acc}.accounting_rollup_ledger;
      DELETE FROM {acc}.accounting_rollup_ledger_history;
      UPDATE {acc}.accounting_rollup_state SET startHour = NULL, processedFloor = NULL;
      UPDATE {acc}.accounting_event_vm SET consolidated = 0;
      UPDATE {acc}.accounting_event_storage SET consolidated = 0;
      UPDATE {acc}.accounting_event_ips SET consolidated = 0;
      """)
  }

  /// The server error number a throwing call raised (0 when it did not throw).
  func errno(_ body: () throws -> Void) -> UInt32 {
    do {
      try body()
      return 0
    } catch let error as DatabaseError {
      return error.errno
    } catch {
      return 1
    }
  }
}
