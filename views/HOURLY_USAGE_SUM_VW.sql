-- HOURLY_USAGE_SUM_VW: per (hour, enterprise, VDC, type) the sum of the detail rows' units
-- (reference unit-hours) and the exact sum of unit-seconds.
-- Example: SELECT enterpriseName, SUM(unitHours) FROM kinton_accounting.HOURLY_USAGE_SUM_VW
--          WHERE idAccountingResourceType = 2 AND starttime >= '2026-01-05' GROUP BY enterpriseName;
CREATE OR REPLACE SQL SECURITY DEFINER VIEW kinton_accounting.HOURLY_USAGE_SUM_VW AS
SELECT d.starttime AS starttime,
       MAX(d.endTime) AS endTime,
       d.idAccountingResourceType AS idAccountingResourceType,
       MAX(t.name) AS resourceType,
       d.idEnterprise AS idEnterprise,
       MAX(d.enterpriseName) AS enterpriseName,
       NULLIF(d.idVirtualDataCenter, 0) AS idVirtualDataCenter,
       MAX(d.virtualDataCenter) AS virtualDataCenter,
       SUM(d.resourceUnits) AS resourceUnits,
       SUM(d.unitSeconds) AS unitSeconds,
       CAST(SUM(d.unitSeconds) / 3600 AS DECIMAL(38,6)) AS unitHours
  FROM kinton_accounting.accounting_event_detail d
  JOIN kinton_accounting.accounting_resource_type t
    ON t.idAccountingResourceType = d.idAccountingResourceType
 GROUP BY d.starttime, d.idEnterprise, d.idVirtualDataCenter, d.idAccountingResourceType
