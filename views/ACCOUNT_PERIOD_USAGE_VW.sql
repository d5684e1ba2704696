-- ACCOUNT_PERIOD_USAGE_VW: the hourly detail as it is, one row per (hour, type, resource, owner,
-- discriminator), with the reference columns (names as valid at the end of that hour) and the
-- exact time-weighted quantities. The 0 sentinels of the detail key show as NULL.
-- The type names are LEFT JOINed: a usage row never drops out for want of one, and the usage
-- table leads the plan.
-- Example: SELECT enterpriseName, resourceType, SUM(unitHours) FROM kinton_accounting.ACCOUNT_PERIOD_USAGE_VW
--          WHERE starttime >= '2026-01-01' AND starttime < '2026-02-01' GROUP BY 1, 2;
CREATE OR REPLACE SQL SECURITY DEFINER VIEW kinton_accounting.ACCOUNT_PERIOD_USAGE_VW AS
SELECT d.starttime AS starttime,
       d.endTime AS endTime,
       d.idAccountingResourceType AS idAccountingResourceType,
       t.name AS resourceType,
       d.resourceName AS resourceName,
       d.resourceUnits AS resourceUnits,
       d.idEnterprise AS idEnterprise,
       NULLIF(d.idVirtualDataCenter, 0) AS idVirtualDataCenter,
       NULLIF(d.idVirtualApp, 0) AS idVirtualApp,
       NULLIF(d.idVirtualMachine, 0) AS idVirtualMachine,
       d.enterpriseName AS enterpriseName,
       d.virtualDataCenter AS virtualDataCenter,
       d.virtualApp AS virtualApp,
       d.virtualmachine AS virtualmachine,
       d.costCode AS costCode,
       d.idStorageTier AS idStorageTier,
       d.costCodeName AS costCodeName,
       d.storageTierName AS storageTierName,
       d.idDataCenter AS idDataCenter,
       d.dataCenterName AS dataCenterName,
       d.idHardwareProfile AS idHardwareProfile,
       d.idAccountingEvent AS idAccountingEvent,
       d.hypervisorType AS hypervisorType,
       d.region AS region,
       d.internal_provider_id AS internal_provider_id,
       d.account_id AS account_id,
       d.idResource AS idResource,
       d.usageSeconds AS usageSeconds,
       d.unitSeconds AS unitSeconds,
       CAST(d.unitSeconds / 3600 AS DECIMAL(38,6)) AS unitHours
  FROM kinton_accounting.accounting_event_detail d
  LEFT JOIN kinton_accounting.accounting_resource_type t
    ON t.idAccountingResourceType = d.idAccountingResourceType
