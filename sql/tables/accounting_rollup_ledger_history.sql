-- accounting_rollup_ledger_history: the previous version of a ledger row, saved when processing the
-- hour again changed its fingerprint or its totals (late data, a DBA's correction, a recompute that
-- found something different). Reprocessing that changes nothing adds no row.
-- Example: SELECT * FROM kinton_accounting.accounting_rollup_ledger_history
--          WHERE starttime = '2026-01-05 13:00:00' ORDER BY idLedgerHistory;
CREATE TABLE IF NOT EXISTS kinton_accounting.accounting_rollup_ledger_history (
  idLedgerHistory BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  starttime DATETIME NOT NULL,
  replacedAt DATETIME NOT NULL,
  processedAt DATETIME NOT NULL,
  runs INT UNSIGNED NOT NULL,
  detailRows INT UNSIGNED NOT NULL,
  resourceUnits DECIMAL(38,0) NOT NULL,
  unitSeconds DECIMAL(38,0) NOT NULL,
  durationMicros BIGINT UNSIGNED NOT NULL,
  fpCount INT UNSIGNED NOT NULL,
  fpSeconds BIGINT UNSIGNED NOT NULL,
  fpHash BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (idLedgerHistory),
  KEY ix_ledger_history_hour (starttime)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Previous versions of accounting_rollup_ledger rows whose hour changed'
