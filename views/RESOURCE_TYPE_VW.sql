-- RESOURCE_TYPE_VW: the resource types, one row each: id, name, the unit of resourceUnits
-- (cores, MB, bytes, count), the readable unit of usage over time (core·h, GiB·h, h) and the
-- divisor that turns unit-hours into it (MB / 1024 and bytes / 2^30 to GiB; 1 otherwise), what
-- the type measures and whether it is enabled. The one place that says how a type's usage is
-- read: `accounting report` and the HTML report convert through it; the reporting role may read it.
-- Example: SELECT d.starttime, t.resourceType, SUM(d.unitSeconds) / 3600 / t.unitDivisor AS usage_, t.readableUnit
--            FROM kinton_accounting.ACCOUNT_PERIOD_USAGE_VW d
--            JOIN kinton_accounting.RESOURCE_TYPE_VW t USING (idAccountingResourceType)
--           GROUP BY d.starttime, t.idAccountingResourceType;
CREATE OR REPLACE SQL SECURITY DEFINER VIEW kinton_accounting.RESOURCE_TYPE_VW AS
SELECT t.idAccountingResourceType AS idAccountingResourceType,
       t.name AS resourceType,
       t.unit AS unit,
       CASE t.unit WHEN 'cores' THEN 'core·h' WHEN 'MB' THEN 'GiB·h' WHEN 'bytes' THEN 'GiB·h' ELSE 'h' END AS readableUnit,
       CAST(CASE t.unit WHEN 'MB' THEN 1024 WHEN 'bytes' THEN 1073741824 ELSE 1 END AS UNSIGNED) AS unitDivisor,
       t.resource AS resource,
       t.resourceNameFrom AS resourceNameFrom,
       NULLIF(t.discriminator, '') AS discriminator,
       t.rowWhen AS rowWhen,
       CAST(COALESCE(p.value = '1', 0) AS UNSIGNED) AS enabled
  FROM kinton_accounting.accounting_resource_type t
  LEFT JOIN kinton_accounting.accounting_parameter p ON p.name = t.enabledParameter
