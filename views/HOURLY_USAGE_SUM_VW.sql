-- HOURLY_USAGE_SUM_VW: per (hour, enterprise, VDC, type) the sum of the detail rows' units
-- (reference unit-hours) and the exact sum of unit-seconds. Read from accounting_summary_hourly,
-- which the rollup writes with each hour in the hour's own transaction (one row per hour,
-- enterprise, VDC and type, the sums of exactly that hour's detail rows, the names valid at the
-- hour's last second), so the view groups nothing and a range of hours is a primary-key range.
-- Kept and purged with the hourly detail.
-- The type names are LEFT JOINed: a usage row never drops out for want of one, and the usage
-- table leads the plan.
-- Example: SELECT enterpriseName, SUM(unitHours) FROM kinton_accounting.HOURLY_USAGE_SUM_VW
--          WHERE idAccountingResourceType = 2 AND starttime >= '2026-01-05' GROUP BY enterpriseName;
CREATE OR REPLACE SQL SECURITY DEFINER VIEW kinton_accounting.HOURLY_USAGE_SUM_VW AS
SELECT s.starttime AS starttime,
       s.starttime + INTERVAL 1 HOUR AS endTime,
       s.idAccountingResourceType AS idAccountingResourceType,
       t.name AS resourceType,
       s.idEnterprise AS idEnterprise,
       s.enterpriseName AS enterpriseName,
       NULLIF(s.idVirtualDataCenter, 0) AS idVirtualDataCenter,
       s.virtualDataCenter AS virtualDataCenter,
       s.resourceUnits AS resourceUnits,
       s.unitSeconds AS unitSeconds,
       CAST(s.unitSeconds / 3600 AS DECIMAL(38,6)) AS unitHours
  FROM kinton_accounting.accounting_summary_hourly s
  LEFT JOIN kinton_accounting.accounting_resource_type t
    ON t.idAccountingResourceType = s.idAccountingResourceType
