-- ROLLUP_STATE_VW: how far the hourly usage is final, one row: the rollup's first hour
-- (startHour), the processed floor below which history was purged (processedFloor, NULL before
-- any purge), the end of the newest processed hour (processedThrough, NULL before the first run),
-- how many hours are processed and when the last one was. Reports read it to say which part of a
-- period is not processed yet or purged; the reporting role may read it.
-- Example: SELECT processedThrough FROM kinton_accounting.ROLLUP_STATE_VW;
CREATE OR REPLACE SQL SECURITY DEFINER VIEW kinton_accounting.ROLLUP_STATE_VW AS
SELECT s.startHour AS startHour,
       s.processedFloor AS processedFloor,
       (SELECT MAX(l.starttime) + INTERVAL 1 HOUR FROM kinton_accounting.accounting_rollup_ledger l) AS processedThrough,
       (SELECT COUNT(*) FROM kinton_accounting.accounting_rollup_ledger l) AS hoursProcessed,
       (SELECT MAX(l.processedAt) FROM kinton_accounting.accounting_rollup_ledger l) AS lastProcessedAt
  FROM kinton_accounting.accounting_rollup_state s
 WHERE s.id = 1
