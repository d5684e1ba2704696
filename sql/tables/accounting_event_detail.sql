-- accounting_event_detail: the hourly usage, one row per (hour, type, resource, owner, discriminator)
-- as the contract defines it; written only by ROLLUP_HOUR (through ROLLUP_DO_HOUR), which
-- replaces an hour's rows as a whole. The PRIMARY KEY is the detail key: it enforces one row per key
-- and keeps an hour's rows together (an hour is written and deleted as one range). Key columns are
-- NOT NULL with 0 where a resource has none (a NULL would let a rerun add a row); the views show
-- NULL for those sentinels. Names are those valid at starttime + 3599 s. resourceUnits is the largest
-- value held in the hour, usageSeconds the seconds held, unitSeconds the exact sum of units x seconds.
-- The resource type's name is not stored: join accounting_resource_type (views do).
-- Partitioned by UTC month on starttime (the PRIMARY KEY starts with it), so that the purge drops
-- an expired month whole instead of deleting its rows: one partition pYYYYMM per month (the first
-- one also holds anything older) and pmax for everything beyond. It is created with pmax alone;
-- DETAIL_PARTITIONS_ENSURE splits pmax a month ahead (ROLLUP_RUN and `accounting rollup` call it
-- before the hours, outside their transactions). No row depends on the partitions: a month not
-- split yet stays in pmax, and the purge deletes what it cannot drop.
-- Example: SELECT * FROM kinton_accounting.accounting_event_detail
--          WHERE starttime = '2026-01-05 13:00:00' AND idAccountingResourceType = 1;
CREATE TABLE IF NOT EXISTS kinton_accounting.accounting_event_detail (
  starttime DATETIME NOT NULL,
  endTime DATETIME NOT NULL,
  idAccountingResourceType TINYINT UNSIGNED NOT NULL,
  idResource INT UNSIGNED NOT NULL,
  idEnterprise INT UNSIGNED NOT NULL,
  idVirtualDataCenter INT UNSIGNED NOT NULL,
  idVirtualApp INT UNSIGNED NOT NULL,
  idDiscriminator INT UNSIGNED NOT NULL DEFAULT 0,
  resourceName VARCHAR(255) NULL,
  resourceUnits BIGINT UNSIGNED NOT NULL,
  usageSeconds SMALLINT UNSIGNED NOT NULL,
  unitSeconds DECIMAL(38,0) NOT NULL,
  idVirtualMachine INT UNSIGNED NOT NULL DEFAULT 0,
  enterpriseName VARCHAR(255) NULL,
  virtualDataCenter VARCHAR(255) NULL,
  virtualApp VARCHAR(255) NULL,
  virtualmachine VARCHAR(255) NULL,
  costCode INT UNSIGNED NULL,
  costCodeName VARCHAR(255) NULL,
  idStorageTier INT UNSIGNED NULL,
  storageTierName VARCHAR(255) NULL,
  idDataCenter INT UNSIGNED NULL,
  dataCenterName VARCHAR(255) NULL,
  idHardwareProfile INT UNSIGNED NULL,
  idAccountingEvent BIGINT UNSIGNED NOT NULL,
  hypervisorType VARCHAR(255) NULL,
  region VARCHAR(255) NULL,
  internal_provider_id VARCHAR(255) NULL,
  account_id VARCHAR(255) NULL,
  PRIMARY KEY (starttime, idAccountingResourceType, idResource, idEnterprise, idVirtualDataCenter,
               idVirtualApp, idDiscriminator)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Hourly usage per type, resource, owner and discriminator'
  PARTITION BY RANGE COLUMNS(starttime) (PARTITION pmax VALUES LESS THAN (MAXVALUE))
