import AccountingKit
import Testing

/// The snapshot rules themselves (the capture_*_snapshot views), read directly: every
/// register procedure, the parents' re-snapshots, the initial snapshot and verify take a
/// resource's snapshot from them, so each rule is proved here once, on rows written muted (no
/// trigger involved), against values worked out by hand from the fixture.
@Suite(.serialized)
struct SnapshotRuleTests {
  let t: TestSchema
  init() throws {
    t = try TestSchema("snaprule")
    try t.captureFixture()
  }

  @Test func vmSnapshot() throws {
    try t.exec("SET @accounting_mute = 1")
    try t.insertVM("on-ha", state: "ON", hypervisor: 1, image: 1, layer: "front", profile: 1)  // rack 1: HA on
    try t.insertVM("paused", state: "PAUSED", vApp: 2, hypervisor: 2, image: 2)  // VDC 2, rack 2: HA off
    try t.insertVM("locked-on-host", state: "LOCKED", hypervisor: 3, image: nil)  // pm 3 has no rack
    try t.insertVM("unknown-nowhere", state: "UNKNOWN", hypervisor: nil)
    try t.insertVM("configured", state: "CONFIGURED")
    try t.insertVM("imported", state: "ON", type: 0)
    try t.exec("SET @accounting_mute = NULL")
    let kvm = try t.scalar("SELECT idObjectName FROM {acc}.object_name WHERE name = 'KVM'")
    let vmx = try t.scalar("SELECT idObjectName FROM {acc}.object_name WHERE name = 'VMX_04'")
    #expect(kvm != nil && vmx != nil)
    #expect(
      try t.rows(
        """
        SELECT idVM, power, deployedWithoutHistory, idEnterprise, idVirtualDataCenter, idVirtualApp,
               cpu, ram, hd, costCode, hypervisorType, idHypervisorType, idDataCenter, region,
               haEnabled, antiAffinity, idHardwareProfile, account_id, internal_provider_id,
               parentVApp, parentVdc, parentHypervisor, parentPM, parentRack, parentImage
        FROM {acc}.capture_vm_snapshot ORDER BY idVM
        """) == [
          ["1", "1", "1", "1", "1", "1", "2", "4096", "10737418240", "1", "KVM", kvm, "1", "eu-south",
           "1", "1", "1", "ACC-1", nil, "1", "1", "1", "1", "1", "1"],
          ["2", "0", "1", "1", "2", "2", "2", "4096", "10737418240", nil, "VMX_04", vmx, "2", "eu-central",
           "0", "0", nil, "ACC-1", nil, "2", "2", "2", "2", "2", "2"],
          ["3", nil, "1", "1", "1", "1", "2", "4096", "10737418240", nil, "KVM", kvm, "1", "eu-south",
           "0", "0", nil, "ACC-1", nil, "1", "1", "3", "3", nil, nil],
          ["4", nil, "0", "1", "1", "1", "2", "4096", "10737418240", "1", "KVM", kvm, "1", "eu-south",
           "0", "0", nil, "ACC-1", nil, "1", "1", nil, nil, nil, "1"],
          ["5", "-1", "0", "1", "1", "1", "2", "4096", "10737418240", "1", "KVM", kvm, "1", "eu-south",
           "1", "0", nil, "ACC-1", nil, "1", "1", "1", "1", "1", "1"],
          ["6", "-1", "0", "1", "1", "1", "2", "4096", "10737418240", "1", "KVM", kvm, "1", "eu-south",
           "1", "0", nil, "ACC-1", nil, "1", "1", "1", "1", "1", "1"],
        ])
  }

  @Test func otherResourcesSnapshots() throws {
    try t.exec(
      """
      SET @accounting_mute = 1;
      UPDATE {inv}.physicalmachine SET idEnterprise = 2 WHERE idPhysicalMachine = 2;
      INSERT INTO {inv}.rasd_management (idResourceType, idVirtualDataCenter, idVirtualApp, idVM, name, sizeMB, idTier)
        VALUES ('8', 3, NULL, NULL, 'vol', 512, 2), ('10', 1, NULL, NULL, 'nic', 0, NULL);
      INSERT INTO {inv}.vlan_network (network_name, networktype, idVirtualDataCenter)
        VALUES ('private', 'INTERNAL', 2), ('public', 'PUBLIC', NULL);
      INSERT INTO {inv}.ip_pool_management (vlan_network_id, ip, idVirtualDataCenter)
        VALUES (2, '203.0.113.9', 1), (2, '203.0.113.10', NULL), (1, '10.0.0.1', 2);
      UPDATE {inv}.virtualimage SET available = 0 WHERE idImage = 2;
      INSERT INTO {inv}.virtualimage_conversion (idImage, targetType, size, state)
        VALUES (1, 'QCOW2', 300, 'FINISHED'), (1, 'VMDK', 400, 'FAILED'), (2, 'QCOW2', 500, 'FINISHED');
      SET @accounting_mute = NULL;
      """)
    // reserved by Beta (no account), pm 2 in BCN
    #expect(
      try t.rows("SELECT * FROM {acc}.capture_pm_snapshot")
        == [["2", "2", "16", "131072", "1", "eu-south", nil]])
    // the type-8 row only, owned by VDC 3's enterprise (Beta)
    #expect(
      try t.rows("SELECT * FROM {acc}.capture_storage_snapshot")
        == [["1", "2", "3", "0", "0", "512", "2", "1", "eu-south", nil]])
    // the INTERNAL network of VDC 2 (Acme, MAD)
    #expect(
      try t.rows("SELECT * FROM {acc}.capture_vlan_snapshot") == [["1", "1", "2", "2", "eu-central", "ACC-1"]])
    // the allocated address on the PUBLIC network only
    #expect(
      try t.rows("SELECT * FROM {acc}.capture_ip_snapshot")
        == [["1", "203.0.113.9", "2", "1", "1", "1", "eu-south", "ACC-1"]])
    // image 1 (stored) and its FINISHED conversion; image 2 is not available, so neither it
    // nor its conversion counts
    #expect(
      try t.rows("SELECT * FROM {acc}.capture_repository_snapshot ORDER BY idImage, idConversion") == [
        ["1", "0", "1", "TEMPLATE", "RAW", "2147483648", "1", "1", "eu-south", "ACC-1"],
        ["1", "1", "1", "TEMPLATE-CONVERSION", "QCOW2", "300", "1", "1", "eu-south", "ACC-1"],
      ])
  }
}
