-- HOURLY_USAGE_MAX_VW: per (hour, type, resourceName, enterprise, VDC, datacenter) the largest
-- units and seconds held by any one resource of that name, and the exact sum of unit-seconds.
-- Not grouped by VM or vApp (the reference semantics).
-- The type names are LEFT JOINed: a usage row never drops out for want of one, and the usage
-- table leads the plan.
-- Example: SELECT resourceName, MAX(resourceUnits) FROM kinton_accounting.HOURLY_USAGE_MAX_VW
--          WHERE idAccountingResourceType = 1 AND starttime >= '2026-01-05' GROUP BY resourceName;
CREATE OR REPLACE SQL SECURITY DEFINER VIEW kinton_accounting.HOURLY_USAGE_MAX_VW AS
SELECT d.starttime AS starttime,
       MAX(d.endTime) AS endTime,
       d.idAccountingResourceType AS idAccountingResourceType,
       MAX(t.name) AS resourceType,
       d.resourceName AS resourceName,
       MAX(d.resourceUnits) AS resourceUnits,
       d.idEnterprise AS idEnterprise,
       MAX(d.enterpriseName) AS enterpriseName,
       NULLIF(d.idVirtualDataCenter, 0) AS idVirtualDataCenter,
       MAX(d.virtualDataCenter) AS virtualDataCenter,
       d.idDataCenter AS idDataCenter,
       MAX(d.usageSeconds) AS usageSeconds,
       SUM(d.unitSeconds) AS unitSeconds,
       CAST(SUM(d.unitSeconds) / 3600 AS DECIMAL(38,6)) AS unitHours
  FROM kinton_accounting.accounting_event_detail d
  LEFT JOIN kinton_accounting.accounting_resource_type t
    ON t.idAccountingResourceType = d.idAccountingResourceType
 GROUP BY d.starttime, d.idAccountingResourceType, d.resourceName, d.idEnterprise, d.idVirtualDataCenter,
          d.idDataCenter
