-- VERIFY_CAPTURE: lists what the capture got wrong or missed, as one result set (kind,
-- idResource, problem), empty when all is well; `accounting verify` prints it and exits 2 when
-- it is not empty. Per the contract, for every event kind: a resource whose "opens" condition
-- holds without an open row; an open row whose resource is gone or no longer qualifies; and an
-- open row whose snapshot differs from the inventory (typically after changes made with
-- @accounting_mute = 1). A managed VM in LOCKED or UNKNOWN is accepted with or without an open
-- row (and its power state is not compared). Conversions are reported under kind 'repository'
-- with the image id. Read-only. Two branches per kind (no open row; an open row that is wrong),
-- each joining its own snapshot view and inventory table and wording its own problems.
-- Example: CALL kinton_accounting.VERIFY_CAPTURE();
CREATE OR REPLACE PROCEDURE kinton_accounting.VERIFY_CAPTURE()
READS SQL DATA
SQL SECURITY INVOKER
COMMENT 'One result set (kind, idResource, problem) of capture problems; empty when consistent. Example: CALL VERIFY_CAPTURE()'
BEGIN
  SELECT p.kind, p.idResource, p.problem
    FROM (
    -- VMs (the snapshot rule: capture_vm_snapshot)
    SELECT 'vm' AS kind, s.idVM AS idResource,
           CONCAT('managed VM in ', vm.state, ' has no open interval') AS problem
      FROM kinton_accounting.capture_vm_snapshot s
      JOIN kinton.virtualmachine vm ON vm.idVM = s.idVM
     WHERE s.power >= 0
       AND NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_event_vm x
                        WHERE x.idVM = s.idVM AND x.isOpen = 1)
    UNION ALL
    SELECT 'vm', e.idVM,
           CASE WHEN vm.idVM IS NULL THEN 'open interval of a VM that does not exist'
                WHEN NOT (vm.idType <=> 1) THEN 'open interval of an imported VM (idType <> 1)'
                ELSE CONCAT('open interval of a VM in ', vm.state) END
      FROM kinton_accounting.accounting_event_vm e
      LEFT JOIN kinton.virtualmachine vm ON vm.idVM = e.idVM
      LEFT JOIN kinton_accounting.capture_vm_snapshot s ON s.idVM = e.idVM
     WHERE e.isOpen = 1 AND (s.idVM IS NULL OR s.power <=> -1)
    UNION ALL
    SELECT 'vm', d.idVM, CONCAT('open interval differs from the inventory: ', d.differences)
      FROM kinton_accounting.capture_vm_drift d
     WHERE d.differences <> '' AND NOT (d.power <=> -1)
    UNION ALL
    -- reserved physical machines
    SELECT 'pm', s.idPhysicalMachine, 'reserved physical machine has no open interval'
      FROM kinton_accounting.capture_pm_snapshot s
     WHERE NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_event_pm x
                        WHERE x.idPhysicalMachine = s.idPhysicalMachine AND x.isOpen = 1)
    UNION ALL
    SELECT 'pm', d.idPhysicalMachine,
           CASE WHEN d.differences IS NOT NULL THEN CONCAT('open interval differs from the inventory: ', d.differences)
                WHEN p.idPhysicalMachine IS NULL THEN 'open interval of a physical machine that does not exist'
                ELSE 'open interval of a physical machine that is not reserved' END
      FROM kinton_accounting.capture_pm_drift d
      LEFT JOIN kinton.physicalmachine p ON p.idPhysicalMachine = d.idPhysicalMachine
     WHERE NOT (d.differences <=> '')
    UNION ALL
    -- stored images and their finished conversions (conversions reported with the image id)
    SELECT 'repository', s.idImage,
           IF(s.idConversion = 0, 'stored image has no open interval',
              CONCAT('finished conversion ', s.idConversion, ' of a stored image has no open interval'))
      FROM kinton_accounting.capture_repository_snapshot s
     WHERE NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_event_repository x
                        WHERE x.idImage = s.idImage AND x.idConversion = s.idConversion AND x.isOpen = 1)
    UNION ALL
    SELECT 'repository', d.idImage,
           CASE WHEN d.idConversion = 0 THEN
                  CASE WHEN d.differences IS NOT NULL THEN CONCAT('open interval differs from the inventory: ', d.differences)
                       WHEN vi.idImage IS NULL THEN 'open interval of an image that does not exist'
                       ELSE 'open interval of an image that is not stored' END
                ELSE CONCAT('open interval of conversion ', d.idConversion,
                  CASE WHEN d.differences IS NOT NULL THEN CONCAT(' differs from the inventory: ', d.differences)
                       WHEN c.id IS NULL OR NOT (c.idImage <=> d.idImage) THEN ' that does not exist'
                       WHEN NOT (c.state <=> 'FINISHED') THEN ' that is not FINISHED'
                       ELSE ' of an image that is not stored' END) END
      FROM kinton_accounting.capture_repository_drift d
      LEFT JOIN kinton.virtualimage vi ON vi.idImage = d.idImage
      LEFT JOIN kinton.virtualimage_conversion c ON c.id = d.idConversion
     WHERE NOT (d.differences <=> '')
    UNION ALL
    -- external volumes
    SELECT 'storage', s.idManagement, 'external volume has no open interval'
      FROM kinton_accounting.capture_storage_snapshot s
     WHERE NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_event_storage x
                        WHERE x.idManagement = s.idManagement AND x.isOpen = 1)
    UNION ALL
    SELECT 'storage', d.idManagement,
           CASE WHEN d.differences IS NOT NULL THEN CONCAT('open interval differs from the inventory: ', d.differences)
                WHEN rm.idManagement IS NULL THEN 'open interval of a volume that does not exist'
                ELSE 'open interval of a row that is not an external volume' END
      FROM kinton_accounting.capture_storage_drift d
      LEFT JOIN kinton.rasd_management rm ON rm.idManagement = d.idManagement
     WHERE NOT (d.differences <=> '')
    UNION ALL
    -- allocated public IPs
    SELECT 'ip', s.idManagement, 'allocated public IP has no open interval'
      FROM kinton_accounting.capture_ip_snapshot s
     WHERE NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_event_ips x
                        WHERE x.idManagement = s.idManagement AND x.isOpen = 1)
    UNION ALL
    SELECT 'ip', d.idManagement,
           CASE WHEN d.differences IS NOT NULL THEN CONCAT('open interval differs from the inventory: ', d.differences)
                WHEN ipm.idManagement IS NULL THEN 'open interval of an IP that does not exist'
                WHEN ipm.idVirtualDataCenter IS NULL THEN 'open interval of an IP that is not allocated'
                ELSE 'open interval of an IP that is not on a PUBLIC network' END
      FROM kinton_accounting.capture_ip_drift d
      LEFT JOIN kinton.ip_pool_management ipm ON ipm.idManagement = d.idManagement
     WHERE NOT (d.differences <=> '')
    UNION ALL
    -- private VLANs
    SELECT 'vlan', s.vlan_network_id, 'private VLAN has no open interval'
      FROM kinton_accounting.capture_vlan_snapshot s
     WHERE NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_event_vlan x
                        WHERE x.vlan_network_id = s.vlan_network_id AND x.isOpen = 1)
    UNION ALL
    SELECT 'vlan', d.vlan_network_id,
           CASE WHEN d.differences IS NOT NULL THEN CONCAT('open interval differs from the inventory: ', d.differences)
                WHEN n.vlan_network_id IS NULL THEN 'open interval of a VLAN that does not exist'
                ELSE 'open interval of a network that is not INTERNAL' END
      FROM kinton_accounting.capture_vlan_drift d
      LEFT JOIN kinton.vlan_network n ON n.vlan_network_id = d.vlan_network_id
     WHERE NOT (d.differences <=> '')
    ) AS p
   ORDER BY p.kind, p.idResource, p.problem;
END
