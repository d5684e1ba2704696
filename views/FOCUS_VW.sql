-- FOCUS_VW: the priced usage as FOCUS 1.0 (the FinOps Open Cost and Usage Specification) reads it:
-- one row per charge (hour, resource, resource type, owner, discriminator), columns named by the
-- specification's Column IDs. Costs come from cost_detail (the one pricing rule); there are no
-- discounts, so BilledCost = EffectiveCost = ListCost = ContractedCost and ListUnitPrice =
-- ContractedUnitPrice. Quantities are readable unit-hours (Core-Hours, GiB-Hours, Hours). Usage
-- that no price covers is not a charge and is left out (the cost views show it as unpriced). Ids
-- are strings unique across kinds (vm/42, volume/7, enterprise/3), as FOCUS consumers join on
-- ResourceId. The operator's name (InvoiceIssuerName, ProviderName, PublisherName) is the
-- parameter focus.operator_name. Two columns of ours follow, prefixed x_ as FOCUS asks of
-- custom columns: x_HourStart (the charge's hour as a DATETIME, to select a period by index) and
-- x_EnterpriseId. `accounting report --format focus` writes the FOCUS columns as CSV. Each row's
-- cost is rounded to 12 decimals (a share of 3600 × 2^30 has no finite decimal), so a period's
-- BilledCost total equals the cost views' total (summed before dividing) to within 10^-12 per row,
-- and exactly at the currency's minor unit.
-- Example: SELECT ChargePeriodStart, ResourceId, BilledCost, BillingCurrency FROM kinton_accounting.FOCUS_VW
--          WHERE ChargePeriodStart >= '2026-01-05T00:00:00Z' AND ChargePeriodStart < '2026-01-06T00:00:00Z';
CREATE OR REPLACE SQL SECURITY DEFINER VIEW kinton_accounting.FOCUS_VW AS
SELECT CAST(NULL AS CHAR(1)) AS AvailabilityZone,
       CAST(c.priced / (3600 * t.unitDivisor) AS DECIMAL(38,12)) AS BilledCost,
       COALESCE(NULLIF(c.account_id, ''), CONCAT('enterprise/', c.idEnterprise)) AS BillingAccountId,
       c.enterpriseName AS BillingAccountName,
       c.currency AS BillingCurrency,
       DATE_FORMAT(c.starttime, '%Y-%m-01T00:00:00Z') AS BillingPeriodStart,
       DATE_FORMAT(CAST(DATE_FORMAT(c.starttime, '%Y-%m-01') AS DATETIME) + INTERVAL 1 MONTH, '%Y-%m-%dT00:00:00Z') AS BillingPeriodEnd,
       'Usage' AS ChargeCategory,
       CAST(NULL AS CHAR(1)) AS ChargeClass,
       CONCAT(t.resourceType, ' of ', t.resource, ' ', COALESCE(c.resourceName, c.idResource)) AS ChargeDescription,
       'Usage-Based' AS ChargeFrequency,
       DATE_FORMAT(c.starttime + INTERVAL 1 HOUR, '%Y-%m-%dT%H:00:00Z') AS ChargePeriodEnd,
       DATE_FORMAT(c.starttime, '%Y-%m-%dT%H:00:00Z') AS ChargePeriodStart,
       CAST(NULL AS CHAR(1)) AS CommitmentDiscountCategory,
       CAST(NULL AS CHAR(1)) AS CommitmentDiscountId,
       CAST(NULL AS CHAR(1)) AS CommitmentDiscountName,
       CAST(NULL AS CHAR(1)) AS CommitmentDiscountStatus,
       CAST(NULL AS CHAR(1)) AS CommitmentDiscountType,
       CAST(CAST(c.unitSeconds AS DECIMAL(38,12)) / (3600 * t.unitDivisor) AS DECIMAL(38,12)) AS ConsumedQuantity,
       CASE t.readableUnit WHEN 'core·h' THEN 'Core-Hours' WHEN 'GiB·h' THEN 'GiB-Hours' ELSE 'Hours' END AS ConsumedUnit,
       CAST(c.priced / (3600 * t.unitDivisor) AS DECIMAL(38,12)) AS ContractedCost,
       c.unitPrice AS ContractedUnitPrice,
       CAST(c.priced / (3600 * t.unitDivisor) AS DECIMAL(38,12)) AS EffectiveCost,
       o.value AS InvoiceIssuerName,
       CAST(c.priced / (3600 * t.unitDivisor) AS DECIMAL(38,12)) AS ListCost,
       c.unitPrice AS ListUnitPrice,
       'Standard' AS PricingCategory,
       CAST(CAST(c.unitSeconds AS DECIMAL(38,12)) / (3600 * t.unitDivisor) AS DECIMAL(38,12)) AS PricingQuantity,
       CASE t.readableUnit WHEN 'core·h' THEN 'Core-Hours' WHEN 'GiB·h' THEN 'GiB-Hours' ELSE 'Hours' END AS PricingUnit,
       o.value AS ProviderName,
       o.value AS PublisherName,
       NULLIF(c.region, '') AS RegionId,
       NULLIF(c.region, '') AS RegionName,
       CONCAT(CASE k.resourceKind WHEN 1 THEN 'vm' WHEN 2 THEN 'pm' WHEN 3 THEN 'image' WHEN 4 THEN 'volume'
                                  WHEN 5 THEN 'ip' ELSE 'vlan' END, '/', c.idResource) AS ResourceId,
       COALESCE(IF(k.resourceKind = 1, c.virtualmachine, NULL), c.resourceName) AS ResourceName,
       t.resource AS ResourceType,
       CASE k.resourceKind WHEN 1 THEN 'Compute' WHEN 2 THEN 'Compute' WHEN 3 THEN 'Storage' WHEN 4 THEN 'Storage'
                           ELSE 'Networking' END AS ServiceCategory,
       CASE k.resourceKind WHEN 1 THEN 'Virtual machines' WHEN 2 THEN 'Reserved physical machines'
                           WHEN 3 THEN 'Image repository' WHEN 4 THEN 'Volumes' WHEN 5 THEN 'Public IP addresses'
                           ELSE 'Private VLANs' END AS ServiceName,
       CONCAT('type/', c.idAccountingResourceType) AS SkuId,
       CONCAT(c.priceList, '/', DATE_FORMAT(c.priceVersion, '%Y-%m-%dT%H:00:00Z'), '/type/', c.idAccountingResourceType,
              IF(c.idDiscriminator <> 0, CONCAT('/', c.idDiscriminator), '')) AS SkuPriceId,
       NULLIF(CONCAT('vdc/', NULLIF(c.idVirtualDataCenter, 0)), '') AS SubAccountId,
       IF(c.idVirtualDataCenter = 0, NULL, c.virtualDataCenter) AS SubAccountName,
       JSON_OBJECT('costCode', NULLIF(c.costCodeName, ''), 'hypervisorType', NULLIF(c.hypervisorType, ''),
                   'storageTier', NULLIF(c.storageTierName, '')) AS Tags,
       c.starttime AS x_HourStart,
       c.idEnterprise AS x_EnterpriseId
  FROM kinton_accounting.cost_detail c
  JOIN kinton_accounting.RESOURCE_TYPE_VW t ON t.idAccountingResourceType = c.idAccountingResourceType
  JOIN kinton_accounting.accounting_resource_type k ON k.idAccountingResourceType = c.idAccountingResourceType
  LEFT JOIN kinton_accounting.accounting_parameter o ON o.name = 'focus.operator_name'
 WHERE c.unitPrice IS NOT NULL
