-- accounting_summary_daily: per UTC day, enterprise, VDC and resource type, the sums of the hourly
-- detail rows (resourceUnits, unitSeconds) and how many rows they are. ROLLUP_DO_HOUR keeps it in the
-- hour's own transaction: it takes an hour's old share out and adds its new share, and deletes a row
-- whose detailRows reaches 0. Names are those of the chronologically last processed hour of the day
-- that had rows for the key (namesHour). Signed columns: the rollup adds signed deltas.
-- Example: SELECT * FROM kinton_accounting.accounting_summary_daily WHERE starttime = '2026-01-05';
CREATE TABLE IF NOT EXISTS kinton_accounting.accounting_summary_daily (
  starttime DATETIME NOT NULL,
  idEnterprise INT UNSIGNED NOT NULL,
  idVirtualDataCenter INT UNSIGNED NOT NULL,
  idAccountingResourceType TINYINT UNSIGNED NOT NULL,
  resourceUnits DECIMAL(38,0) NOT NULL,
  unitSeconds DECIMAL(38,0) NOT NULL,
  detailRows INT NOT NULL,
  enterpriseName VARCHAR(255) NULL,
  virtualDataCenter VARCHAR(255) NULL,
  namesHour DATETIME NULL,
  PRIMARY KEY (starttime, idEnterprise, idVirtualDataCenter, idAccountingResourceType)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Daily sums of accounting_event_detail per enterprise, VDC and type (kept by the rollup)'
