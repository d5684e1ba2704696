-- capture_storage_drift: every open accounting_event_storage row beside its volume's snapshot
-- (capture_storage_snapshot): `differences` lists the snapshot columns that differ ('' when
-- current), NULL when the volume is gone or no longer an external volume. VERIFY_CAPTURE reports
-- from it. Internal: not granted to the reporting role.
-- Example: SELECT * FROM kinton_accounting.capture_storage_drift WHERE NOT (differences <=> '');
CREATE OR REPLACE
  ALGORITHM = MERGE
  SQL SECURITY INVOKER
VIEW kinton_accounting.capture_storage_drift AS
SELECT e.idStorageAccountingEvent AS idStorageAccountingEvent,
       e.idManagement AS idManagement,
       IF(s.idManagement IS NULL, NULL,
          CONCAT_WS(', ',
            IF(e.idEnterprise <=> s.idEnterprise, NULL, 'idEnterprise'),
            IF(e.idVirtualDataCenter <=> s.idVirtualDataCenter, NULL, 'idVirtualDataCenter'),
            IF(e.idVirtualApp <=> s.idVirtualApp, NULL, 'idVirtualApp'),
            IF(e.idVirtualMachine <=> s.idVirtualMachine, NULL, 'idVirtualMachine'),
            IF(e.sizeMB <=> s.sizeMB, NULL, 'sizeMB'),
            IF(e.idTier <=> s.idTier, NULL, 'idTier'))) AS differences
  FROM kinton_accounting.accounting_event_storage e
  LEFT JOIN kinton_accounting.capture_storage_snapshot s ON s.idManagement = e.idManagement
 WHERE e.isOpen = 1
