import AccountingKit

extension TestSchema {
  /// One VM through the triggers: deployed ON at 10:15 with 2 cpu, resized to 4 at 11:30,
  /// powered OFF at 12:45 (2026-01-05), in enterprise 1 Acme, VDC 1 (datacenter 1), vApp 1.
  func oneVMThroughTheTriggers() throws {
    try clock("2026-01-05 10:00:00")
    try exec(
      """
      INSERT INTO {inv}.datacenter (idDataCenter, name, region) VALUES (1, 'dc1', 'eu-west');
      INSERT INTO {inv}.enterprise (idEnterprise, name) VALUES (1, 'Acme');
      INSERT INTO {inv}.virtualdatacenter (idVirtualDataCenter, idEnterprise, idDataCenter, name, hypervisorType)
        VALUES (1, 1, 1, 'vdc-1', 'KVM');
      INSERT INTO {inv}.virtualapp (idVirtualApp, idVirtualDataCenter, idEnterprise, name) VALUES (1, 1, 1, 'app-1');
      """)
    try clock("2026-01-05 10:15:00")
    try exec(
      "INSERT INTO {inv}.virtualmachine (name, idEnterprise, idVirtualApp, cpu, ram, hd, state) VALUES ('web-1', 1, 1, 2, 2048, 1073741824, 'ON')")
    try clock("2026-01-05 11:30:00")
    try exec("UPDATE {inv}.virtualmachine SET cpu = 4 WHERE idVM = 1")
    try clock("2026-01-05 12:45:00")
    try exec("UPDATE {inv}.virtualmachine SET state = 'OFF' WHERE idVM = 1")
  }
}
