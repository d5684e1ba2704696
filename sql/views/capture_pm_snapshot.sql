-- capture_pm_snapshot: the one rule for what a reserved physical machine's accounting interval
-- records: one row per physical machine reserved to an enterprise (idEnterprise set), with the
-- snapshot columns as accounting_event_pm stores them. REGISTER_PM_EVENT, INITIAL_SNAPSHOT and
-- VERIFY_CAPTURE (through capture_pm_drift) read it. A machine not reserved has no row.
-- Internal: not granted to the reporting role.
-- Example: SELECT * FROM kinton_accounting.capture_pm_snapshot WHERE idPhysicalMachine = 1;
CREATE OR REPLACE
  ALGORITHM = MERGE
  SQL SECURITY INVOKER
VIEW kinton_accounting.capture_pm_snapshot AS
SELECT p.idPhysicalMachine AS idPhysicalMachine,
       p.idEnterprise AS idEnterprise,
       COALESCE(p.cpu, 0) AS cpu,
       COALESCE(p.ram, 0) AS ram,
       p.idDataCenter AS idDataCenter,
       CONVERT(dc.region USING utf8mb4) AS region,
       CONVERT(en.internal_customer_id USING utf8mb4) AS account_id
  FROM kinton.physicalmachine p
  LEFT JOIN kinton.datacenter dc ON dc.idDataCenter = p.idDataCenter
  LEFT JOIN kinton.enterprise en ON en.idEnterprise = p.idEnterprise
 WHERE p.idEnterprise IS NOT NULL
