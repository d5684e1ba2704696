-- capture_vm_snapshot: the one rule for what a VM's accounting interval records, computed from
-- the inventory: one row per virtualmachine row, with every snapshot column as the event table
-- stores it. REGISTER_VM_EVENT (the VM triggers), RESNAPSHOT_VMS (the parents' set-based
-- re-snapshots), INITIAL_SNAPSHOT and VERIFY_CAPTURE all read it, so the rule lives here only.
--   power     1 ON; 0 OFF or PAUSED; NULL LOCKED or UNKNOWN (the open row's power state holds:
--             a change to these states changes nothing); -1 not deployed (NOT_ALLOCATED,
--             ALLOCATED, CONFIGURED, any other state) or not managed (idType <> 1).
--   deployedWithoutHistory  1 when the VM counts as deployed where no open row tells (the
--             initial snapshot, verify): ON, OFF or PAUSED, or LOCKED/UNKNOWN on a hypervisor.
--   parentVApp, parentVdc, parentHypervisor, parentPM, parentRack, parentImage: the parents'
--             keys as stored (NULL where a link is missing), so that a parent's re-snapshot
--             selects its VMs here too, through the parents' indexes.
-- Every join is a LEFT JOIN on a primary or unique key, parents nested under the table that
-- names them: a query that reads only the VM's own columns (cpu, ram, hd, layer, profile, power)
-- touches virtualmachine alone (MariaDB's table elimination drops a nest whose columns are not
-- used), which keeps the trigger's common path to one primary-key read.
-- Internal: not granted to the reporting role.
-- Example: SELECT * FROM kinton_accounting.capture_vm_snapshot WHERE idVM = 42;
CREATE OR REPLACE
  ALGORITHM = MERGE
  SQL SECURITY INVOKER
VIEW kinton_accounting.capture_vm_snapshot AS
SELECT vm.idVM AS idVM,
       vm.idVirtualApp AS parentVApp,
       va.idVirtualDataCenter AS parentVdc,
       vm.idHypervisor AS parentHypervisor,
       h.idPhysicalMachine AS parentPM,
       pm.idRack AS parentRack,
       vm.idImage AS parentImage,
       CASE WHEN NOT (vm.idType <=> 1) THEN -1
            WHEN vm.state = 'ON' THEN 1
            WHEN vm.state IN ('OFF', 'PAUSED') THEN 0
            WHEN vm.state IN ('LOCKED', 'UNKNOWN') THEN NULL
            ELSE -1 END AS power,
       (vm.idType <=> 1
        AND (vm.state IN ('ON', 'OFF', 'PAUSED')
             OR (vm.state IN ('LOCKED', 'UNKNOWN') AND vm.idHypervisor IS NOT NULL))) AS deployedWithoutHistory,
       COALESCE(vm.idEnterprise, 0) AS idEnterprise,
       COALESCE(va.idVirtualDataCenter, 0) AS idVirtualDataCenter,
       COALESCE(vm.idVirtualApp, 0) AS idVirtualApp,
       COALESCE(vm.cpu, 0) AS cpu,
       COALESCE(vm.ram, 0) AS ram,
       COALESCE(vm.hd, 0) AS hd,
       vi.cost_code AS costCode,
       CONVERT(vdc.hypervisorType USING utf8mb4) COLLATE utf8mb4_bin AS hypervisorType,
       COALESCE(o.idObjectName, 0) AS idHypervisorType,
       vdc.idDataCenter AS idDataCenter,
       CONVERT(dc.region USING utf8mb4) AS region,
       IF(COALESCE(r.haEnabled, 0) <> 0, 1, 0) AS haEnabled,
       IF(vm.layer IS NULL, 0, 1) AS antiAffinity,
       vm.idHardwareProfile AS idHardwareProfile,
       CONVERT(en.internal_customer_id USING utf8mb4) AS account_id,
       CONVERT(vm.providerId USING utf8mb4) AS internal_provider_id
  FROM kinton.virtualmachine vm
  LEFT JOIN (kinton.virtualapp va
             LEFT JOIN (kinton.virtualdatacenter vdc
                        LEFT JOIN kinton.datacenter dc ON dc.idDataCenter = vdc.idDataCenter
                        LEFT JOIN kinton_accounting.object_name o
                               ON o.name = CONVERT(vdc.hypervisorType USING utf8mb4) COLLATE utf8mb4_bin)
                    ON vdc.idVirtualDataCenter = va.idVirtualDataCenter)
         ON va.idVirtualApp = vm.idVirtualApp
  LEFT JOIN (kinton.hypervisor h
             LEFT JOIN (kinton.physicalmachine pm
                        LEFT JOIN kinton.rack r ON r.idRack = pm.idRack)
                    ON pm.idPhysicalMachine = h.idPhysicalMachine)
         ON h.id = vm.idHypervisor
  LEFT JOIN kinton.virtualimage vi ON vi.idImage = vm.idImage
  LEFT JOIN kinton.enterprise en ON en.idEnterprise = vm.idEnterprise
