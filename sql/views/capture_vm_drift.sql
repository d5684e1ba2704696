-- capture_vm_drift: every open accounting_event_vm row beside its VM's snapshot
-- (capture_vm_snapshot), with `differences`: the snapshot columns whose values differ, comma
-- separated, '' when the open row is current. The one comparison of a VM's open row with its
-- inventory: the parents' set-based re-snapshots (RESNAPSHOT_VMS) close and reopen the rows
-- that differ, VERIFY_CAPTURE reports them. `power` and the parents' keys are the snapshot's
-- (power -1: the VM is no longer deployed; its open row is verify's to report, not a re-snapshot).
-- The power state of a LOCKED or UNKNOWN VM (power NULL) is the open row's by definition.
-- Internal: not granted to the reporting role.
-- Example: SELECT idVM, differences FROM kinton_accounting.capture_vm_drift WHERE differences <> '';
CREATE OR REPLACE
  ALGORITHM = MERGE
  SQL SECURITY INVOKER
VIEW kinton_accounting.capture_vm_drift AS
SELECT e.idVMAccountingEvent AS idVMAccountingEvent,
       e.idVM AS idVM,
       s.power AS power,
       s.parentVApp AS parentVApp,
       s.parentVdc AS parentVdc,
       s.parentHypervisor AS parentHypervisor,
       s.parentPM AS parentPM,
       s.parentRack AS parentRack,
       s.parentImage AS parentImage,
       CONCAT_WS(', ',
         IF(e.idEnterprise <=> s.idEnterprise, NULL, 'idEnterprise'),
         IF(e.idVirtualDataCenter <=> s.idVirtualDataCenter, NULL, 'idVirtualDataCenter'),
         IF(e.idVirtualApp <=> s.idVirtualApp, NULL, 'idVirtualApp'),
         IF(e.cpu <=> s.cpu, NULL, 'cpu'),
         IF(e.ram <=> s.ram, NULL, 'ram'),
         IF(e.hd <=> s.hd, NULL, 'hd'),
         IF(e.costCode <=> s.costCode, NULL, 'costCode'),
         IF(CAST(e.hypervisorType AS BINARY) <=> CAST(s.hypervisorType AS BINARY), NULL, 'hypervisorType'),
         IF(e.haEnabled <=> s.haEnabled, NULL, 'haEnabled'),
         IF(e.antiAffinity <=> s.antiAffinity, NULL, 'antiAffinity'),
         IF(e.idHardwareProfile <=> s.idHardwareProfile, NULL, 'idHardwareProfile'),
         IF(e.powerOn <=> COALESCE(s.power, e.powerOn), NULL, 'powerOn')) AS differences
  FROM kinton_accounting.accounting_event_vm e
  JOIN kinton_accounting.capture_vm_snapshot s ON s.idVM = e.idVM
 WHERE e.isOpen = 1
