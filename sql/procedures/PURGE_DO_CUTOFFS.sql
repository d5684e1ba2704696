-- PURGE_DO_CUTOFFS: the rules of the contract, one row per table into the temporary table
-- tmp_purge_plan (pos, tableName, parameter, retentionDays, cutoff; rowsToDelete and
-- partitionsToDrop left 0 for PURGE_PLAN to count), in the order the purge goes,
-- for PURGE_PLAN, PURGE_BATCH and PURGE_RUN. Clients call PURGE_PLAN.
--   A kind's cut-off is p_now minus its retention in days, rounded down to the start of a UTC
--   month, so a month is kept or purged whole at every level. Rows strictly before it go.
--   Never an unprocessed hour: every cut-off but the log's is capped at the start of the month of
--   the first unprocessed hour (counted from max(start, floor): ROLLUP_PROCESSED_THROUGH);
--   before the first rollup there is nothing to cap at, and only the log is purged (cutoff NULL:
--   nothing goes).
--   The processed floor moves up, never down, to the latest of the cut-offs of closed events,
--   hourly detail and the ledger (p_floor_new); the daily and monthly cut-offs never pass it, so
--   no summary of an hour that a recompute may still rebuild is deleted.
-- The tables, their order and their retention parameter: accounting_managed_table (the six event
-- tables by retention.closed_events_days, the detail and the hourly summary by detail_days, the
-- daily and monthly summaries by daily_days and monthly_days, the ledger and its history by
-- ledger_days, the log by log_days).
-- Errors: 30303 PURGE_BAD_PARAMETER (a retention missing or not a whole number of days, 1 to 36500).
-- Example: CALL kinton_accounting.PURGE_DO_CUTOFFS('2026-03-10 00:00:00', @old, @new);
--          SELECT * FROM kinton_accounting.tmp_purge_plan ORDER BY pos;
CREATE OR REPLACE PROCEDURE kinton_accounting.PURGE_DO_CUTOFFS(
  IN p_now DATETIME,
  OUT p_floor_old DATETIME,
  OUT p_floor_new DATETIME
)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Computes the purge cut-offs into tmp_purge_plan (internal: PURGE_PLAN is the public entry). OUT: floor now, floor after'
BEGIN
  DECLARE v_now DATETIME;
  DECLARE v_through DATETIME;
  DECLARE v_cap DATETIME;
  DECLARE v_events DATETIME;
  DECLARE v_detail DATETIME;
  DECLARE v_ledger DATETIME;
  DECLARE v_bad VARCHAR(64);
  DECLARE v_msg VARCHAR(512);

  SET v_now = COALESCE(p_now, UTC_TIMESTAMP());

  DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_purge_plan;
  CREATE TEMPORARY TABLE kinton_accounting.tmp_purge_plan (
    pos TINYINT UNSIGNED NOT NULL,
    tableName VARCHAR(64) NOT NULL,
    parameter VARCHAR(64) NOT NULL,
    retentionDays INT NULL,
    cutoff DATETIME NULL,
    rowsToDelete BIGINT UNSIGNED NOT NULL DEFAULT 0,
    partitionsToDrop INT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (pos),
    UNIQUE KEY (tableName)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

  INSERT INTO kinton_accounting.tmp_purge_plan (pos, tableName, parameter)
  SELECT m.purgeOrder, m.tableName, m.retentionParameter
  FROM kinton_accounting.accounting_managed_table m;

  UPDATE kinton_accounting.tmp_purge_plan t
  LEFT JOIN kinton_accounting.accounting_parameter p ON p.name = t.parameter
  SET t.retentionDays = IF(TRIM(p.value) REGEXP '^[0-9]{1,5}$', CAST(TRIM(p.value) AS UNSIGNED), NULL);
  SET v_bad = (SELECT MIN(t.parameter) FROM kinton_accounting.tmp_purge_plan t
               WHERE t.retentionDays IS NULL OR t.retentionDays < 1 OR t.retentionDays > 36500);
  IF v_bad IS NOT NULL THEN
    SET v_msg = CONCAT('PURGE_BAD_PARAMETER: ', v_bad, ' must be a whole number of days from 1 to 36500, is ',
                       COALESCE((SELECT QUOTE(p.value) FROM kinton_accounting.accounting_parameter p
                                 WHERE p.name = v_bad), 'missing'));
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_purge_plan;
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30303, MESSAGE_TEXT = v_msg;
  END IF;

  -- Each kind's cut-off: now - retention, rounded down to the start of its UTC month.
  UPDATE kinton_accounting.tmp_purge_plan t
  SET t.cutoff = TIMESTAMP(DATE(v_now - INTERVAL t.retentionDays DAY)
                           - INTERVAL (DAYOFMONTH(v_now - INTERVAL t.retentionDays DAY) - 1) DAY);

  -- The first unprocessed hour at or after max(start, floor), as ROLLUP_DO_CONSOLIDATE finds it
  -- (ROLLUP_PROCESSED_THROUGH; NULL before the first rollup).
  CALL kinton_accounting.ROLLUP_PROCESSED_THROUGH(p_floor_old, v_through);
  IF v_through IS NOT NULL THEN
    SET v_cap = TIMESTAMP(DATE(v_through) - INTERVAL (DAYOFMONTH(v_through) - 1) DAY);
  END IF;

  -- Never at or above the first unprocessed hour's month; nothing at all before the first rollup.
  UPDATE kinton_accounting.tmp_purge_plan t
  SET t.cutoff = IF(v_cap IS NULL, NULL, LEAST(t.cutoff, v_cap))
  WHERE t.tableName <> 'accounting_log';

  SET v_events = (SELECT t.cutoff FROM kinton_accounting.tmp_purge_plan t WHERE t.tableName = 'accounting_event_vm');
  SET v_detail = (SELECT t.cutoff FROM kinton_accounting.tmp_purge_plan t WHERE t.tableName = 'accounting_event_detail');
  SET v_ledger = (SELECT t.cutoff FROM kinton_accounting.tmp_purge_plan t WHERE t.tableName = 'accounting_rollup_ledger');
  IF v_cap IS NULL THEN
    SET p_floor_new = p_floor_old;
  ELSE
    SET p_floor_new = GREATEST(COALESCE(p_floor_old, v_events), v_events, v_detail, v_ledger);
  END IF;

  -- Summaries of hours at or above the floor stay: a recompute takes an hour's old share out of
  -- its day's and month's rows, which must still be there.
  UPDATE kinton_accounting.tmp_purge_plan t
  SET t.cutoff = LEAST(t.cutoff, p_floor_new)
  WHERE t.tableName IN ('accounting_summary_daily', 'accounting_summary_monthly') AND t.cutoff IS NOT NULL;
END
