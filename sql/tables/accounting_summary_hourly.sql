-- accounting_summary_hourly: per hour, enterprise, VDC and resource type, the sums of that hour's
-- detail rows (resourceUnits, unitSeconds) and how many rows they are, with the names valid at the
-- hour's last second. Written with the hour by ROLLUP_DO_HOUR (replaced as a whole), so the hour's
-- old share can be taken out of the daily and monthly summaries without re-reading its detail
-- rows, and HOURLY_USAGE_SUM_VW can read sums without grouping the detail. Kept and purged with
-- the hourly detail (retention.detail_days).
-- Example: SELECT * FROM kinton_accounting.accounting_summary_hourly WHERE starttime = '2026-01-05 13:00:00';
CREATE TABLE IF NOT EXISTS kinton_accounting.accounting_summary_hourly (
  starttime DATETIME NOT NULL,
  idEnterprise INT UNSIGNED NOT NULL,
  idVirtualDataCenter INT UNSIGNED NOT NULL,
  idAccountingResourceType TINYINT UNSIGNED NOT NULL,
  resourceUnits DECIMAL(38,0) NOT NULL,
  unitSeconds DECIMAL(38,0) NOT NULL,
  detailRows INT NOT NULL,
  enterpriseName VARCHAR(255) NULL,
  virtualDataCenter VARCHAR(255) NULL,
  PRIMARY KEY (starttime, idEnterprise, idVirtualDataCenter, idAccountingResourceType)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Hourly sums of accounting_event_detail per enterprise, VDC and type (kept by the rollup)'
