-- HOURLY_COST_VW: cost per (hour, enterprise, VDC, resource type, price list and version), with the
-- usage beside it: the detail rows priced by cost_detail's rule (the enterprise's assigned list
-- at each hour, else 'default'; the list's version valid at the hour; the type's price for the
-- row's discriminator, else for every discriminator). A period in which a list's version changes
-- gives one row per version. cost = SUM(unitSeconds × unitPrice) / 3600 / unitDivisor, exact to
-- 12 decimals (in the list's currency, per readable unit-hour: core·h, GiB·h, h), summed before
-- any rounding: round it half up to minorUnits (the currency's minor unit digits) only where it is
-- printed, after summing (ROUND(SUM(cost), minorUnits)); unpricedUnitSeconds: the
-- usage of the group that no price covers (cost NULL when none of it is priced). Read from the
-- hourly detail (so it is kept and purged with it). Names are those valid at the end of the
-- group's last hour, as in the usage views.
-- Example: SELECT enterpriseName, currency, SUM(cost) FROM kinton_accounting.HOURLY_COST_VW
--          WHERE starttime >= '2026-01-05 00:00:00' AND starttime < '2026-01-06 00:00:00' GROUP BY idEnterprise, enterpriseName, currency;
CREATE OR REPLACE SQL SECURITY DEFINER VIEW kinton_accounting.HOURLY_COST_VW AS
SELECT c.starttime AS starttime,
       c.starttime + INTERVAL 1 HOUR AS endTime,
       c.idEnterprise AS idEnterprise,
       COALESCE(kinton_accounting.ABQ_ENT_ID_TO_NAME_AT(c.idEnterprise, MAX(c.starttime) + INTERVAL 3599 SECOND),
                MAX(c.enterpriseName)) AS enterpriseName,
       NULLIF(c.idVirtualDataCenter, 0) AS idVirtualDataCenter,
       COALESCE(kinton_accounting.ABQ_VDC_ID_TO_NAME_AT(NULLIF(c.idVirtualDataCenter, 0), MAX(c.starttime) + INTERVAL 3599 SECOND),
                MAX(c.virtualDataCenter)) AS virtualDataCenter,
       c.idAccountingResourceType AS idAccountingResourceType,
       MAX(t.resourceType) AS resourceType,
       MAX(t.readableUnit) AS readableUnit,
       CAST(SUM(c.unitSeconds) AS DECIMAL(38,0)) AS unitSeconds,
       CAST(SUM(c.unitSeconds) / 3600 / MAX(t.unitDivisor) AS DECIMAL(38,6)) AS usageReadable,
       MAX(c.priceList) AS priceList,
       c.priceVersion AS priceVersion,
       MAX(c.currency) AS currency,
       CAST(SUM(c.priced) / (3600 * MAX(t.unitDivisor)) AS DECIMAL(38,12)) AS cost,
       MAX(c.minorUnits) AS minorUnits,
       CAST(SUM(IF(c.unitPrice IS NULL, c.unitSeconds, 0)) AS DECIMAL(38,0)) AS unpricedUnitSeconds
  FROM kinton_accounting.cost_detail c
  JOIN kinton_accounting.RESOURCE_TYPE_VW t ON t.idAccountingResourceType = c.idAccountingResourceType
 GROUP BY 1, c.idEnterprise, c.idVirtualDataCenter, c.idAccountingResourceType, c.idPriceList, c.priceVersion
