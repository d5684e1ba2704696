import AccountingKit
import Testing

/// Shared inventory and helpers of the capture suites. Ids are fixed: every test starts
/// from empty tables with AUTO_INCREMENT back to 1.
///
/// - enterprises 1 Acme (account ACC-1), 2 Beta (no account)
/// - datacenters 1 BCN (eu-south), 2 MAD (eu-central)
/// - racks 1 (dc 1, HA on), 2 (dc 1, HA off); physical machines 1 (rack 1), 2 (rack 2), 3 (no rack)
/// - hypervisors 1, 2, 3 on physical machines 1, 2, 3
/// - cost codes 1 Linux, 2 Windows; hardware profiles 1 small, 2 large; tiers 1 Gold, 2 Silver
/// - VDCs 1 prod (Acme, BCN, KVM), 2 dev (Acme, MAD, VMX_04), 3 beta (Beta, BCN, KVM)
/// - vApps 1 (VDC 1), 2 (VDC 2), 3 (VDC 3); repository 1 (BCN)
/// - images 1 debian (Acme, cost code 1, 2 GiB RAW), 2 bare (Acme, no cost code, 1 GiB)
extension TestSchema {
  func captureFixture(at time: String = "2026-01-05 12:00:00") throws {
    try clock(time)
    try exec(
      """
      INSERT INTO {inv}.enterprise (name, internal_customer_id) VALUES ('Acme', 'ACC-1'), ('Beta', NULL);
      INSERT INTO {inv}.datacenter (name, region) VALUES ('BCN', 'eu-south'), ('MAD', 'eu-central');
      INSERT INTO {inv}.rack (idDataCenter, name, haEnabled) VALUES (1, 'r1', 1), (1, 'r2', 0);
      INSERT INTO {inv}.physicalmachine (idDataCenter, idRack, name, cpu, ram)
        VALUES (1, 1, 'pm1', 32, 262144), (1, 2, 'pm2', 16, 131072), (1, NULL, 'pm3', 8, 65536);
      INSERT INTO {inv}.hypervisor (idPhysicalMachine, type) VALUES (1, 'KVM'), (2, 'KVM'), (3, 'KVM');
      INSERT INTO {inv}.costcode (name) VALUES ('Linux'), ('Windows');
      INSERT INTO {inv}.hardwareprofile (name, cpu, ram) VALUES ('small', 1, 2048), ('large', 8, 32768);
      INSERT INTO {inv}.storage_tier (name) VALUES ('Gold'), ('Silver');
      INSERT INTO {inv}.virtualdatacenter (idEnterprise, idDataCenter, name, hypervisorType)
        VALUES (1, 1, 'prod', 'KVM'), (1, 2, 'dev', 'VMX_04'), (2, 1, 'beta', 'KVM');
      INSERT INTO {inv}.virtualapp (idVirtualDataCenter, idEnterprise, name)
        VALUES (1, 1, 'web'), (2, 1, 'db'), (3, 2, 'beta-app');
      INSERT INTO {inv}.repository (idDataCenter, name) VALUES (1, 'repo');
      INSERT INTO {inv}.virtualimage (idEnterprise, idRepository, name, diskFormatType, diskFileSize, cost_code)
        VALUES (1, 1, 'debian', 'RAW', 2147483648, 1), (1, 1, 'bare', 'RAW', 1073741824, NULL);
      """)
  }

  /// Inserts a managed VM (idType 1) and returns nothing: its id is the next one (1, 2, …).
  func insertVM(
    _ name: String, state: String, vApp: Int = 1, hypervisor: Int? = 1, image: Int? = 1,
    cpu: Int = 2, ram: Int = 4096, hd: Int64 = 10_737_418_240, layer: String? = nil,
    profile: Int? = nil,
    enterprise: Int = 1, type: Int = 1
  ) throws {
    try exec(
      """
      INSERT INTO {inv}.virtualmachine
        (name, idEnterprise, idVirtualApp, idHypervisor, idImage, idHardwareProfile, cpu, ram, hd, state, layer, idType)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """,
      .text(name), .int(Int64(enterprise)), .int(Int64(vApp)),
      hypervisor.map { .int(Int64($0)) } ?? .null,
      image.map { .int(Int64($0)) } ?? .null, profile.map { .int(Int64($0)) } ?? .null,
      .int(Int64(cpu)),
      .int(Int64(ram)), .int(hd), .text(state), layer.map { .text($0) } ?? .null, .int(Int64(type)))
  }

  /// A VM's intervals, oldest first: start, stop, cpu, ram, hd, powerOn.
  func vmIntervals(_ idVM: Int) throws -> [[String?]] {
    try rows(
      """
      SELECT startTime, stopTime, cpu, ram, hd, powerOn FROM {acc}.accounting_event_vm
      WHERE idVM = ? ORDER BY idVMAccountingEvent
      """, .int(Int64(idVM)))
  }

  /// A VM's intervals with owners and attributes, oldest first: start, stop, idEnterprise,
  /// idVirtualDataCenter, idVirtualApp, costCode, hypervisorType, idDataCenter, region,
  /// haEnabled, antiAffinity, idHardwareProfile, powerOn.
  func vmSnapshots(_ idVM: Int) throws -> [[String?]] {
    try rows(
      """
      SELECT startTime, stopTime, idEnterprise, idVirtualDataCenter, idVirtualApp, costCode,
             hypervisorType, idDataCenter, region, haEnabled, antiAffinity, idHardwareProfile, powerOn
      FROM {acc}.accounting_event_vm WHERE idVM = ? ORDER BY idVMAccountingEvent
      """, .int(Int64(idVM)))
  }

  /// Number of rows of an accounting table.
  func count(_ table: String) throws -> Int {
    Int(try scalar("SELECT COUNT(*) FROM {acc}.\(table)") ?? "0") ?? 0
  }

  /// VERIFY_CAPTURE's problems, each as "kind id: problem".
  func verifyProblems() throws -> [String] {
    try rows("CALL {acc}.VERIFY_CAPTURE()").map { "\($0[0] ?? "") \($0[1] ?? ""): \($0[2] ?? "")" }
  }
}
