-- capture_storage_snapshot: the one rule for what an external volume's accounting interval
-- records: one row per rasd_management row of type '8', with the snapshot columns as
-- accounting_event_storage stores them (owner: its VDC's enterprise). REGISTER_STORAGE_EVENT,
-- INITIAL_SNAPSHOT and VERIFY_CAPTURE (through capture_storage_drift) read it.
-- Internal: not granted to the reporting role.
-- Example: SELECT * FROM kinton_accounting.capture_storage_snapshot WHERE idManagement = 3;
CREATE OR REPLACE
  ALGORITHM = MERGE
  SQL SECURITY INVOKER
VIEW kinton_accounting.capture_storage_snapshot AS
SELECT rm.idManagement AS idManagement,
       COALESCE(vdc.idEnterprise, 0) AS idEnterprise,
       COALESCE(rm.idVirtualDataCenter, 0) AS idVirtualDataCenter,
       COALESCE(rm.idVirtualApp, 0) AS idVirtualApp,
       COALESCE(rm.idVM, 0) AS idVirtualMachine,
       COALESCE(rm.sizeMB, 0) AS sizeMB,
       rm.idTier AS idTier,
       vdc.idDataCenter AS idDataCenter,
       CONVERT(dc.region USING utf8mb4) AS region,
       CONVERT(en.internal_customer_id USING utf8mb4) AS account_id
  FROM kinton.rasd_management rm
  LEFT JOIN (kinton.virtualdatacenter vdc
             LEFT JOIN kinton.datacenter dc ON dc.idDataCenter = vdc.idDataCenter
             LEFT JOIN kinton.enterprise en ON en.idEnterprise = vdc.idEnterprise)
         ON vdc.idVirtualDataCenter = rm.idVirtualDataCenter
 WHERE rm.idResourceType = '8'
