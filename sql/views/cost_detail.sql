-- cost_detail: the one rule that prices a detail row (internal; the cost views group it). The
-- list: the enterprise's own assignment valid at the row's hour (price_assignment, latest
-- validFrom at or before it), else the list named 'default'. The version: that list's latest
-- version valid at the hour. The unit price: the version's price for the row's type and
-- discriminator if there is one, else its price for every discriminator of the type; NULL when
-- the type has none (unpriced, never zero). priced = unitSeconds × unitPrice (DECIMAL, exact); the
-- cost views sum it and divide once by 3600 × the type's unitDivisor (RESOURCE_TYPE_VW), so the
-- cost of a group is exact to 12 decimals and rounded only where a report prints it.
-- Example: SELECT * FROM kinton_accounting.cost_detail WHERE starttime = '2026-01-05 13:00:00';
CREATE OR REPLACE SQL SECURITY DEFINER VIEW kinton_accounting.cost_detail AS
SELECT d.starttime AS starttime,
       d.idEnterprise AS idEnterprise,
       d.enterpriseName AS enterpriseName,
       d.idVirtualDataCenter AS idVirtualDataCenter,
       d.virtualDataCenter AS virtualDataCenter,
       d.idAccountingResourceType AS idAccountingResourceType,
       d.idResource AS idResource,
       d.idDiscriminator AS idDiscriminator,
       d.resourceName AS resourceName,
       d.virtualmachine AS virtualmachine,
       d.region AS region,
       d.costCodeName AS costCodeName,
       d.storageTierName AS storageTierName,
       d.hypervisorType AS hypervisorType,
       d.account_id AS account_id,
       d.unitSeconds AS unitSeconds,
       l.idPriceList AS idPriceList,
       l.name AS priceList,
       l.currency AS currency,
       l.minorUnits AS minorUnits,
       v.validFrom AS priceVersion,
       COALESCE(ps.unitPrice, pa.unitPrice) AS unitPrice,
       d.unitSeconds * COALESCE(ps.unitPrice, pa.unitPrice) AS priced
  FROM kinton_accounting.accounting_event_detail d
  LEFT JOIN kinton_accounting.price_list l
    ON l.idPriceList = COALESCE(
         (SELECT a.idPriceList FROM kinton_accounting.price_assignment a
           WHERE a.idEnterprise = d.idEnterprise AND a.validFrom <= d.starttime
           ORDER BY a.validFrom DESC LIMIT 1),
         (SELECT x.idPriceList FROM kinton_accounting.price_list x WHERE x.name = 'default'))
  LEFT JOIN kinton_accounting.price_list_version v
    ON v.idPriceList = l.idPriceList
   AND v.validFrom = (SELECT MAX(w.validFrom) FROM kinton_accounting.price_list_version w
                       WHERE w.idPriceList = l.idPriceList AND w.validFrom <= d.starttime)
  LEFT JOIN kinton_accounting.price ps
    ON ps.idPriceList = v.idPriceList AND ps.validFrom = v.validFrom
   AND ps.idAccountingResourceType = d.idAccountingResourceType
   AND ps.anyDiscriminator = 0 AND ps.idDiscriminator = d.idDiscriminator
  LEFT JOIN kinton_accounting.price pa
    ON pa.idPriceList = v.idPriceList AND pa.validFrom = v.validFrom
   AND pa.idAccountingResourceType = d.idAccountingResourceType
   AND pa.anyDiscriminator = 1 AND pa.idDiscriminator = 0
