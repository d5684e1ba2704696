-- DAILY_USAGE_SUM_VW: per (UTC day, enterprise, VDC, type) the sums of HOURLY_USAGE_SUM_VW over the
-- UTC day's hours, read from accounting_summary_daily (kept by the rollup in each hour's transaction),
-- never from the hourly rows. Names are those of the chronologically last processed hour.
-- The type names are LEFT JOINed: a usage row never drops out for want of one, and the usage
-- table leads the plan.
-- Example: SELECT enterpriseName, resourceType, unitHours FROM kinton_accounting.DAILY_USAGE_SUM_VW
--          WHERE starttime >= '2026-01-01' AND starttime < '2026-04-01';
CREATE OR REPLACE SQL SECURITY DEFINER VIEW kinton_accounting.DAILY_USAGE_SUM_VW AS
SELECT s.starttime AS starttime,
       s.starttime + INTERVAL 1 DAY AS endTime,
       s.idAccountingResourceType AS idAccountingResourceType,
       t.name AS resourceType,
       s.idEnterprise AS idEnterprise,
       s.enterpriseName AS enterpriseName,
       NULLIF(s.idVirtualDataCenter, 0) AS idVirtualDataCenter,
       s.virtualDataCenter AS virtualDataCenter,
       s.resourceUnits AS resourceUnits,
       s.unitSeconds AS unitSeconds,
       CAST(s.unitSeconds / 3600 AS DECIMAL(38,6)) AS unitHours
  FROM kinton_accounting.accounting_summary_daily s
  LEFT JOIN kinton_accounting.accounting_resource_type t
    ON t.idAccountingResourceType = s.idAccountingResourceType
