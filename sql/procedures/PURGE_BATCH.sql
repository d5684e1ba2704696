-- PURGE_BATCH: one batch of the purge of one table at p_now (NULL: UTC_TIMESTAMP()): what the
-- tool calls, table after table, until `more` is 0, to show progress; PURGE_RUN does the same in
-- one call. First moves the processed floor up to where the purge at p_now puts it (before any
-- row goes, so that no rollup, recheck or recompute ever rebuilds an hour from half-purged
-- history, even when the purge is killed between batches), then deletes at most p_batch_rows
-- rows of p_table before its cut-off, in a short transaction of its own (PURGE_DO_BATCH; for
-- accounting_event_detail a whole expired monthly partition may go as one batch).
-- Returns one row: tableName, rowsDeleted, partitionDropped (its name, or NULL), more (1: call
-- again), cutoff, processedFloor (after the call).
-- Errors: 30300 PURGE_BAD_ARGUMENT (unknown table, batch outside 1 .. 1000000), 30301 PURGE_LOCKED
-- (another connection holds the rollup lock), 30302 PURGE_IN_TRANSACTION, 30303 PURGE_BAD_PARAMETER.
-- Example: CALL kinton_accounting.PURGE_BATCH('2026-03-10 00:00:00', 'accounting_event_detail', 10000);
CREATE OR REPLACE PROCEDURE kinton_accounting.PURGE_BATCH(
  IN p_now DATETIME,
  IN p_table VARCHAR(64),
  IN p_batch_rows INT
)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Moves the processed floor, then deletes one batch of one table; returns tableName, rowsDeleted, partitionDropped, more, cutoff, processedFloor'
BEGIN
  DECLARE v_autocommit TINYINT DEFAULT NULL;
  DECLARE v_locked TINYINT DEFAULT 0;
  DECLARE v_floor_old DATETIME;
  DECLARE v_floor_new DATETIME;
  DECLARE v_cut DATETIME;
  DECLARE v_rows BIGINT UNSIGNED;
  DECLARE v_part VARCHAR(64);
  DECLARE v_more TINYINT;
  DECLARE v_msg VARCHAR(512);

  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    ROLLBACK;
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_purge_plan;
    CALL kinton_accounting.JOB_LEAVE(v_locked, v_autocommit);
    RESIGNAL;
  END;

  CALL kinton_accounting.PURGE_CHECK_BATCH(p_batch_rows);
  -- Outside any transaction, with autocommit on (the session's setting comes back on the way out).
  CALL kinton_accounting.JOB_ENTER('purge', v_autocommit);
  CALL kinton_accounting.RUN_LOCK_REQUIRE('purge', v_locked);

  CALL kinton_accounting.PURGE_DO_CUTOFFS(p_now, v_floor_old, v_floor_new);
  IF NOT EXISTS (SELECT 1 FROM kinton_accounting.tmp_purge_plan t WHERE t.tableName = p_table) THEN
    SET v_msg = CONCAT('PURGE_BAD_ARGUMENT: no table ', COALESCE(QUOTE(p_table), 'NULL'), ' to purge');
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30300, MESSAGE_TEXT = v_msg;
  END IF;
  SET v_cut = (SELECT t.cutoff FROM kinton_accounting.tmp_purge_plan t WHERE t.tableName = p_table);
  DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_purge_plan;

  -- The floor first, in its own transaction: up, never down.
  CALL kinton_accounting.PURGE_FLOOR_RAISE(v_floor_old, v_floor_new);

  CALL kinton_accounting.PURGE_DO_BATCH(p_table, v_cut, p_batch_rows, v_rows, v_part, v_more);

  CALL kinton_accounting.RUN_LOCK_RELEASE();
  SET v_locked = 0;
  SELECT p_table AS tableName, v_rows AS rowsDeleted, v_part AS partitionDropped, v_more AS more,
         v_cut AS cutoff, (SELECT s.processedFloor FROM kinton_accounting.accounting_rollup_state s
                           WHERE s.id = 1) AS processedFloor;
  SET autocommit = v_autocommit;
END
