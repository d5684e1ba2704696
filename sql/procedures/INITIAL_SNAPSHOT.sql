-- INITIAL_SNAPSHOT: starts accounting on an inventory that already holds resources (run by
-- `accounting install` at its --now). At p_now (NULL: UTC_TIMESTAMP()) it opens a row for every
-- resource whose "opens" condition holds and that has no open row: managed VMs
-- in ON, OFF or PAUSED, or LOCKED/UNKNOWN with a hypervisor (power not ON), reserved physical
-- machines, stored images and their FINISHED conversions, external volumes, allocated public IPs,
-- private VLANs; and records every existing named object's current name, valid from p_now, when
-- it has no name history yet. Interns the hypervisor types, image types and formats in use.
-- A second call opens and records nothing. A row never opens before the end of the resource's
-- last interval (an install --now behind it opens at that end: no overlap). Set-based, one
-- statement per kind (each maps its own snapshot view's columns to its event table); it starts no
-- transaction of its own: the caller decides (the installer runs it in one).
-- Example: CALL kinton_accounting.INITIAL_SNAPSHOT('2026-01-05 13:00:00');
CREATE OR REPLACE PROCEDURE kinton_accounting.INITIAL_SNAPSHOT(IN p_now DATETIME)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Open intervals for every resource already in use and record current names, at p_now (NULL = now); idempotent. Example: CALL INITIAL_SNAPSHOT(''2026-01-05 13:00:00'')'
BEGIN
  DECLARE v_at DATETIME DEFAULT COALESCE(p_now, UTC_TIMESTAMP());

  -- interned strings first, so the rows below can point at them
  INSERT IGNORE INTO kinton_accounting.object_name (name)
  SELECT DISTINCT x.name
    FROM (SELECT CONVERT(vdc.hypervisorType USING utf8mb4) COLLATE utf8mb4_bin AS name
            FROM kinton.virtualdatacenter vdc WHERE vdc.hypervisorType IS NOT NULL
          UNION ALL SELECT CONVERT(vi.diskFormatType USING utf8mb4) COLLATE utf8mb4_bin
            FROM kinton.virtualimage vi WHERE vi.diskFormatType IS NOT NULL
          UNION ALL SELECT CONVERT(c.targetType USING utf8mb4) COLLATE utf8mb4_bin
            FROM kinton.virtualimage_conversion c WHERE c.targetType IS NOT NULL
          UNION ALL SELECT _utf8mb4'TEMPLATE' COLLATE utf8mb4_bin
          UNION ALL SELECT _utf8mb4'INSTANCE' COLLATE utf8mb4_bin
          UNION ALL SELECT _utf8mb4'TEMPLATE-CONVERSION' COLLATE utf8mb4_bin
          UNION ALL SELECT _utf8mb4'INSTANCE-CONVERSION' COLLATE utf8mb4_bin) AS x
   WHERE NOT EXISTS (SELECT 1 FROM kinton_accounting.object_name o WHERE o.name = x.name);

  -- managed VMs deployed without an open row (the snapshot rule: capture_vm_snapshot)
  INSERT INTO kinton_accounting.accounting_event_vm
    (idVM, idEnterprise, idVirtualDataCenter, idVirtualApp, cpu, ram, hd, startTime, stopTime,
     consolidated, costCode, hypervisorType, idHypervisorType, idDataCenter, region, haEnabled,
     antiAffinity, idHardwareProfile, powerOn, account_id, internal_provider_id)
  SELECT s.idVM, s.idEnterprise, s.idVirtualDataCenter, s.idVirtualApp, s.cpu, s.ram, s.hd,
         GREATEST(v_at, COALESCE((SELECT MAX(x.stopTime) FROM kinton_accounting.accounting_event_vm x
                                   WHERE x.idVM = s.idVM), v_at)),
         NULL, 0, s.costCode, s.hypervisorType, s.idHypervisorType, s.idDataCenter, s.region,
         s.haEnabled, s.antiAffinity, s.idHardwareProfile, IF(s.power <=> 1, 1, 0),
         s.account_id, s.internal_provider_id
    FROM kinton_accounting.capture_vm_snapshot s
   WHERE s.deployedWithoutHistory = 1
     AND NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_event_vm x
                      WHERE x.idVM = s.idVM AND x.isOpen = 1);

  -- reserved physical machines (capture_pm_snapshot)
  INSERT INTO kinton_accounting.accounting_event_pm
    (idPhysicalMachine, idEnterprise, cpu, ram, startTime, stopTime, idDataCenter, region,
     consolidated, account_id)
  SELECT s.idPhysicalMachine, s.idEnterprise, s.cpu, s.ram,
         GREATEST(v_at, COALESCE((SELECT MAX(x.stopTime) FROM kinton_accounting.accounting_event_pm x
                                   WHERE x.idPhysicalMachine = s.idPhysicalMachine), v_at)),
         NULL, s.idDataCenter, s.region, 0, s.account_id
    FROM kinton_accounting.capture_pm_snapshot s
   WHERE NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_event_pm x
                      WHERE x.idPhysicalMachine = s.idPhysicalMachine AND x.isOpen = 1);

  -- stored images and their FINISHED conversions (capture_repository_snapshot), by the
  -- statement the image triggers also run for one image's conversions
  CALL kinton_accounting.OPEN_REPOSITORY_EVENTS(v_at, NULL, 0);

  -- external volumes (capture_storage_snapshot)
  INSERT INTO kinton_accounting.accounting_event_storage
    (idManagement, idEnterprise, idVirtualDataCenter, idVirtualApp, idVirtualMachine, sizeMB,
     idTier, startTime, stopTime, idDataCenter, region, consolidated, account_id)
  SELECT s.idManagement, s.idEnterprise, s.idVirtualDataCenter, s.idVirtualApp, s.idVirtualMachine,
         s.sizeMB, s.idTier,
         GREATEST(v_at, COALESCE((SELECT MAX(x.stopTime) FROM kinton_accounting.accounting_event_storage x
                                   WHERE x.idManagement = s.idManagement), v_at)),
         NULL, s.idDataCenter, s.region, 0, s.account_id
    FROM kinton_accounting.capture_storage_snapshot s
   WHERE NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_event_storage x
                      WHERE x.idManagement = s.idManagement AND x.isOpen = 1);

  -- allocated public IPs (capture_ip_snapshot)
  INSERT INTO kinton_accounting.accounting_event_ips
    (idManagement, ip, vlan_network_id, idEnterprise, idVirtualDataCenter, startTime, stopTime,
     idDataCenter, region, consolidated, account_id)
  SELECT s.idManagement, s.ip, s.vlan_network_id, s.idEnterprise, s.idVirtualDataCenter,
         GREATEST(v_at, COALESCE((SELECT MAX(x.stopTime) FROM kinton_accounting.accounting_event_ips x
                                   WHERE x.idManagement = s.idManagement), v_at)),
         NULL, s.idDataCenter, s.region, 0, s.account_id
    FROM kinton_accounting.capture_ip_snapshot s
   WHERE NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_event_ips x
                      WHERE x.idManagement = s.idManagement AND x.isOpen = 1);

  -- private VLANs (capture_vlan_snapshot)
  INSERT INTO kinton_accounting.accounting_event_vlan
    (vlan_network_id, idEnterprise, idVirtualDataCenter, startTime, stopTime, idDataCenter,
     region, consolidated, account_id)
  SELECT s.vlan_network_id, s.idEnterprise, s.idVirtualDataCenter,
         GREATEST(v_at, COALESCE((SELECT MAX(x.stopTime) FROM kinton_accounting.accounting_event_vlan x
                                   WHERE x.vlan_network_id = s.vlan_network_id), v_at)),
         NULL, s.idDataCenter, s.region, 0, s.account_id
    FROM kinton_accounting.capture_vlan_snapshot s
   WHERE NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_event_vlan x
                      WHERE x.vlan_network_id = s.vlan_network_id AND x.isOpen = 1);

  -- current names of objects without a name history
  INSERT INTO kinton_accounting.name_history (objectKind, idObject, validFrom, validTo, name)
  SELECT s.kind, s.id, v_at, NULL, COALESCE(s.name, '')
    FROM (SELECT 1 AS kind, t.idEnterprise AS id, CONVERT(t.name USING utf8mb4) AS name FROM kinton.enterprise t
          UNION ALL SELECT 2, t.idDataCenter, CONVERT(t.name USING utf8mb4) FROM kinton.datacenter t
          UNION ALL SELECT 3, t.idVirtualDataCenter, CONVERT(t.name USING utf8mb4) FROM kinton.virtualdatacenter t
          UNION ALL SELECT 4, t.idVirtualApp, CONVERT(t.name USING utf8mb4) FROM kinton.virtualapp t
          UNION ALL SELECT 5, t.idVM, CONVERT(t.name USING utf8mb4) FROM kinton.virtualmachine t
          UNION ALL SELECT 6, t.idPhysicalMachine, CONVERT(t.name USING utf8mb4) FROM kinton.physicalmachine t
          UNION ALL SELECT 7, t.idImage, CONVERT(t.name USING utf8mb4) FROM kinton.virtualimage t
          UNION ALL SELECT 8, t.idCostCode, CONVERT(t.name USING utf8mb4) FROM kinton.costcode t
          UNION ALL SELECT 9, t.idTier, CONVERT(t.name USING utf8mb4) FROM kinton.storage_tier t
          UNION ALL SELECT 10, t.idHardwareProfile, CONVERT(t.name USING utf8mb4) FROM kinton.hardwareprofile t
          UNION ALL SELECT 11, t.idManagement, CONVERT(t.name USING utf8mb4) FROM kinton.rasd_management t
                     WHERE t.idResourceType = '8'
          UNION ALL SELECT 12, t.vlan_network_id, CONVERT(t.network_name USING utf8mb4) FROM kinton.vlan_network t) AS s
   WHERE NOT EXISTS (SELECT 1 FROM kinton_accounting.name_history h
                      WHERE h.objectKind = s.kind AND h.idObject = s.id);
END
