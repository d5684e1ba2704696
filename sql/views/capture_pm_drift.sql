-- capture_pm_drift: every open accounting_event_pm row beside its machine's snapshot
-- (capture_pm_snapshot): `differences` lists the snapshot columns that differ ('' when current),
-- NULL when the machine is gone or no longer reserved. VERIFY_CAPTURE reports from it.
-- Internal: not granted to the reporting role.
-- Example: SELECT * FROM kinton_accounting.capture_pm_drift WHERE NOT (differences <=> '');
CREATE OR REPLACE
  ALGORITHM = MERGE
  SQL SECURITY INVOKER
VIEW kinton_accounting.capture_pm_drift AS
SELECT e.idPMAccountingEvent AS idPMAccountingEvent,
       e.idPhysicalMachine AS idPhysicalMachine,
       IF(s.idPhysicalMachine IS NULL, NULL,
          CONCAT_WS(', ',
            IF(e.idEnterprise <=> s.idEnterprise, NULL, 'idEnterprise'),
            IF(e.cpu <=> s.cpu, NULL, 'cpu'),
            IF(e.ram <=> s.ram, NULL, 'ram'))) AS differences
  FROM kinton_accounting.accounting_event_pm e
  LEFT JOIN kinton_accounting.capture_pm_snapshot s ON s.idPhysicalMachine = e.idPhysicalMachine
 WHERE e.isOpen = 1
