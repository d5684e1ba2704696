-- VERIFY_CAPTURE: lists what the capture got wrong or missed, as one result set (kind,
-- idResource, problem), empty when all is well; `accounting verify` prints it and exits 2 when
-- it is not empty. Per SPEC section 3, for every event kind: a resource whose "opens" condition
-- holds without an open row; an open row whose resource is gone or no longer qualifies; and an
-- open row whose snapshot differs from the inventory (typically after changes made with
-- @accounting_mute = 1). A managed VM in LOCKED or UNKNOWN is accepted with or without an open
-- row (and its power state is not compared). Conversions are reported under kind 'repository'
-- with the image id. Read-only.
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
    SELECT 'pm', p.idPhysicalMachine, 'reserved physical machine has no open interval'
      FROM kinton.physicalmachine p
     WHERE p.idEnterprise IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_event_pm x
                        WHERE x.idPhysicalMachine = p.idPhysicalMachine AND x.isOpen = 1)
    UNION ALL
    SELECT 'pm', e.idPhysicalMachine,
           CASE WHEN p.idPhysicalMachine IS NULL THEN 'open interval of a physical machine that does not exist'
                WHEN p.idEnterprise IS NULL THEN 'open interval of a physical machine that is not reserved'
                ELSE 'open interval differs from the inventory (enterprise, cpu or ram)' END
      FROM kinton_accounting.accounting_event_pm e
      LEFT JOIN kinton.physicalmachine p ON p.idPhysicalMachine = e.idPhysicalMachine
     WHERE e.isOpen = 1
       AND NOT (p.idEnterprise <=> e.idEnterprise AND COALESCE(p.cpu, 0) <=> e.cpu
                AND COALESCE(p.ram, 0) <=> e.ram)
    UNION ALL
    -- stored images
    SELECT 'repository', vi.idImage, 'stored image has no open interval'
      FROM kinton.virtualimage vi
     WHERE vi.idEnterprise IS NOT NULL AND vi.available = 1
       AND NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_event_repository x
                        WHERE x.idImage = vi.idImage AND x.idConversion = 0 AND x.isOpen = 1)
    UNION ALL
    SELECT 'repository', e.idImage,
           CASE WHEN vi.idImage IS NULL THEN 'open interval of an image that does not exist'
                WHEN vi.idEnterprise IS NULL OR NOT (vi.available <=> 1) THEN 'open interval of an image that is not stored'
                ELSE 'open interval differs from the inventory (enterprise or size)' END
      FROM kinton_accounting.accounting_event_repository e
      LEFT JOIN kinton.virtualimage vi ON vi.idImage = e.idImage
     WHERE e.isOpen = 1 AND e.idConversion = 0
       AND NOT (vi.idEnterprise IS NOT NULL AND vi.available <=> 1
                AND vi.idEnterprise <=> e.idEnterprise AND COALESCE(vi.diskFileSize, 0) <=> e.imageSize)
    UNION ALL
    -- finished conversions of stored images
    SELECT 'repository', c.idImage, CONCAT('finished conversion ', c.id, ' of a stored image has no open interval')
      FROM kinton.virtualimage_conversion c
      JOIN kinton.virtualimage vi ON vi.idImage = c.idImage
     WHERE c.state = 'FINISHED' AND vi.idEnterprise IS NOT NULL AND vi.available = 1
       AND NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_event_repository x
                        WHERE x.idImage = c.idImage AND x.idConversion = c.id AND x.isOpen = 1)
    UNION ALL
    SELECT 'repository', e.idImage,
           CONCAT('open interval of conversion ', e.idConversion,
                  CASE WHEN c.id IS NULL OR NOT (c.idImage <=> e.idImage) THEN ' that does not exist'
                       WHEN NOT (c.state <=> 'FINISHED') THEN ' that is not FINISHED'
                       WHEN vi.idEnterprise IS NULL OR NOT (vi.available <=> 1) THEN ' of an image that is not stored'
                       ELSE ' differs from the inventory (enterprise or size)' END)
      FROM kinton_accounting.accounting_event_repository e
      LEFT JOIN kinton.virtualimage_conversion c ON c.id = e.idConversion
      LEFT JOIN kinton.virtualimage vi ON vi.idImage = e.idImage
     WHERE e.isOpen = 1 AND e.idConversion <> 0
       AND NOT (c.idImage <=> e.idImage AND c.state <=> 'FINISHED'
                AND vi.idEnterprise IS NOT NULL AND vi.available <=> 1
                AND vi.idEnterprise <=> e.idEnterprise AND COALESCE(c.size, 0) <=> e.imageSize)
    UNION ALL
    -- external volumes
    SELECT 'storage', rm.idManagement, 'external volume has no open interval'
      FROM kinton.rasd_management rm
     WHERE rm.idResourceType = '8'
       AND NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_event_storage x
                        WHERE x.idManagement = rm.idManagement AND x.isOpen = 1)
    UNION ALL
    SELECT 'storage', e.idManagement,
           CASE WHEN rm.idManagement IS NULL THEN 'open interval of a volume that does not exist'
                WHEN NOT (rm.idResourceType <=> '8') THEN 'open interval of a row that is not an external volume'
                ELSE 'open interval differs from the inventory (size, tier, VDC, vApp or VM)' END
      FROM kinton_accounting.accounting_event_storage e
      LEFT JOIN kinton.rasd_management rm ON rm.idManagement = e.idManagement
      LEFT JOIN kinton.virtualdatacenter vdc ON vdc.idVirtualDataCenter = rm.idVirtualDataCenter
     WHERE e.isOpen = 1
       AND NOT (rm.idResourceType <=> '8'
                AND e.idEnterprise <=> COALESCE(vdc.idEnterprise, 0)
                AND e.idVirtualDataCenter <=> COALESCE(rm.idVirtualDataCenter, 0)
                AND e.idVirtualApp <=> COALESCE(rm.idVirtualApp, 0)
                AND e.idVirtualMachine <=> COALESCE(rm.idVM, 0)
                AND e.sizeMB <=> COALESCE(rm.sizeMB, 0) AND e.idTier <=> rm.idTier)
    UNION ALL
    -- allocated public IPs
    SELECT 'ip', ipm.idManagement, 'allocated public IP has no open interval'
      FROM kinton.ip_pool_management ipm
      JOIN kinton.vlan_network n ON n.vlan_network_id = ipm.vlan_network_id AND n.networktype = 'PUBLIC'
     WHERE ipm.idVirtualDataCenter IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_event_ips x
                        WHERE x.idManagement = ipm.idManagement AND x.isOpen = 1)
    UNION ALL
    SELECT 'ip', e.idManagement,
           CASE WHEN ipm.idManagement IS NULL THEN 'open interval of an IP that does not exist'
                WHEN ipm.idVirtualDataCenter IS NULL THEN 'open interval of an IP that is not allocated'
                WHEN NOT (n.networktype <=> 'PUBLIC') THEN 'open interval of an IP that is not on a PUBLIC network'
                ELSE 'open interval differs from the inventory (VDC, network or address)' END
      FROM kinton_accounting.accounting_event_ips e
      LEFT JOIN kinton.ip_pool_management ipm ON ipm.idManagement = e.idManagement
      LEFT JOIN kinton.vlan_network n ON n.vlan_network_id = ipm.vlan_network_id
      LEFT JOIN kinton.virtualdatacenter vdc ON vdc.idVirtualDataCenter = ipm.idVirtualDataCenter
     WHERE e.isOpen = 1
       AND NOT (ipm.idVirtualDataCenter IS NOT NULL AND n.networktype <=> 'PUBLIC'
                AND e.idVirtualDataCenter <=> ipm.idVirtualDataCenter
                AND e.idEnterprise <=> COALESCE(vdc.idEnterprise, 0)
                AND e.vlan_network_id <=> ipm.vlan_network_id
                AND CAST(e.ip AS BINARY) <=> CAST(CONVERT(ipm.ip USING utf8mb4) AS BINARY))
    UNION ALL
    -- private VLANs
    SELECT 'vlan', n.vlan_network_id, 'private VLAN has no open interval'
      FROM kinton.vlan_network n
     WHERE n.networktype = 'INTERNAL'
       AND NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_event_vlan x
                        WHERE x.vlan_network_id = n.vlan_network_id AND x.isOpen = 1)
    UNION ALL
    SELECT 'vlan', e.vlan_network_id,
           CASE WHEN n.vlan_network_id IS NULL THEN 'open interval of a VLAN that does not exist'
                WHEN NOT (n.networktype <=> 'INTERNAL') THEN 'open interval of a network that is not INTERNAL'
                ELSE 'open interval differs from the inventory (VDC)' END
      FROM kinton_accounting.accounting_event_vlan e
      LEFT JOIN kinton.vlan_network n ON n.vlan_network_id = e.vlan_network_id
      LEFT JOIN kinton.virtualdatacenter vdc ON vdc.idVirtualDataCenter = n.idVirtualDataCenter
     WHERE e.isOpen = 1
       AND NOT (n.networktype <=> 'INTERNAL'
                AND e.idVirtualDataCenter <=> COALESCE(n.idVirtualDataCenter, 0)
                AND e.idEnterprise <=> COALESCE(vdc.idEnterprise, 0))
    ) AS p
   ORDER BY p.kind, p.idResource, p.problem;
END
