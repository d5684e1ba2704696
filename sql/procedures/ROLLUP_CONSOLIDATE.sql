-- ROLLUP_CONSOLIDATE: sets consolidated = 1 on closed events whose hours are all processed (see
-- ROLLUP_DO_CONSOLIDATE), in short transactions of its own. The tool calls it after the last
-- ROLLUP_HOUR of a run. Returns one row: eventsConsolidated, processedThrough (the end of the
-- processed hours counted from the start; NULL before the first run).
-- Errors: 30201 ROLLUP_LOCKED, 30203 ROLLUP_IN_TRANSACTION.
-- Example: CALL kinton_accounting.ROLLUP_CONSOLIDATE();
CREATE OR REPLACE PROCEDURE kinton_accounting.ROLLUP_CONSOLIDATE()
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Flags closed events whose hours are all processed; returns eventsConsolidated, processedThrough'
BEGIN
  DECLARE v_events BIGINT UNSIGNED;
  DECLARE v_through DATETIME;
  DECLARE v_autocommit TINYINT DEFAULT NULL;
  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    CALL kinton_accounting.JOB_LEAVE(0, v_autocommit);
    RESIGNAL;
  END;

  -- Outside any transaction, with autocommit on (the session's setting comes back on the way out).
  CALL kinton_accounting.JOB_ENTER('rollup', v_autocommit);
  CALL kinton_accounting.ROLLUP_DO_CONSOLIDATE(v_events, v_through);
  -- Budget thresholds the processed hours crossed (nothing to read without a budget).
  CALL kinton_accounting.BUDGET_NOTICES();
  SELECT v_events AS eventsConsolidated, v_through AS processedThrough;
  SET autocommit = v_autocommit;
END
