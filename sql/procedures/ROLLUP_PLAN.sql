-- ROLLUP_PLAN: what a run with these arguments would process, in order: one row per hour
-- (starttime, reason 'recheck' or 'new'); see ROLLUP_DO_PLAN for the rules. The tool holds the
-- run lock (RUN_LOCK_TAKE), calls this, then ROLLUP_HOUR for each row, then ROLLUP_CONSOLIDATE:
-- exactly what ROLLUP_RUN does in one call. On a first run it records the start (the earliest
-- event's hour) unless ROLLUP_SET_START set one. Arguments as ROLLUP_RUN (NULL: now / parameter).
-- Errors: 30201 ROLLUP_LOCKED, 30203 ROLLUP_IN_TRANSACTION, 30204 ROLLUP_BAD_ARGUMENT,
-- 30205 ROLLUP_BAD_PARAMETER.
-- Example: CALL kinton_accounting.ROLLUP_PLAN(NULL, NULL, NULL, NULL);
CREATE OR REPLACE PROCEDURE kinton_accounting.ROLLUP_PLAN(
  IN p_now DATETIME,
  IN p_until DATETIME,
  IN p_settle_seconds INT,
  IN p_recheck_hours INT
)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Lists the hours a run would process: starttime, reason (recheck|new), in order'
BEGIN
  DECLARE v_new INT UNSIGNED;
  DECLARE v_changed INT UNSIGNED;
  DECLARE v_autocommit TINYINT DEFAULT NULL;
  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    CALL kinton_accounting.JOB_LEAVE(0, v_autocommit);
    RESIGNAL;
  END;

  -- Outside any transaction, with autocommit on (the session's setting comes back on the way out).
  CALL kinton_accounting.JOB_ENTER('rollup', v_autocommit);
  CALL kinton_accounting.ROLLUP_DO_PLAN(p_now, p_until, p_settle_seconds, p_recheck_hours, v_new, v_changed);
  SELECT p.starttime, p.reason FROM kinton_accounting.tmp_rollup_plan p ORDER BY p.starttime;
  DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_plan;
  SET autocommit = v_autocommit;
END
