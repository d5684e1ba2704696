-- accounting_rollup_ledger: one row per processed hour, written in the same transaction as the
-- hour's detail rows and summary deltas. An hour without a row is unprocessed. The fingerprint
-- (fpCount, fpSeconds, fpHash) describes the event rows that overlapped the hour, each clipped to it:
-- their number, the sum of their clipped seconds and the BIT_XOR of a 64-bit hash of each
-- contribution (event, clipped start and stop, snapshot), so a recheck can tell that the hour's
-- events changed without keeping them. runs counts how often the hour was processed; the previous
-- version of a row that changed goes to accounting_rollup_ledger_history.
-- Example: SELECT * FROM kinton_accounting.accounting_rollup_ledger ORDER BY starttime DESC LIMIT 24;
CREATE TABLE IF NOT EXISTS kinton_accounting.accounting_rollup_ledger (
  starttime DATETIME NOT NULL,
  processedAt DATETIME NOT NULL,
  runs INT UNSIGNED NOT NULL DEFAULT 1,
  detailRows INT UNSIGNED NOT NULL,
  resourceUnits DECIMAL(38,0) NOT NULL,
  unitSeconds DECIMAL(38,0) NOT NULL,
  durationMicros BIGINT UNSIGNED NOT NULL,
  fpCount INT UNSIGNED NOT NULL,
  fpSeconds BIGINT UNSIGNED NOT NULL,
  fpHash BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (starttime)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Processed hours: when, rows, totals, duration and the fingerprint of their events'
