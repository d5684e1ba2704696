-- ROLLUP_DO_CONSOLIDATE: sets consolidated = 1 on closed events whose hours are all processed,
-- that is, which stopped at or before p_through, the end of the processed hours counted from the
-- start (the first unprocessed hour at or after max(start, floor): ROLLUP_PROCESSED_THROUGH). Runs
-- after the hours' own transactions, in short transactions of its own (batches of 1,000 rows by
-- primary key), so the rollup never holds locks on event rows while it writes an hour; the flag
-- lets purge find the events it may delete and keeps the forward run's index reads to the events
-- still active.
-- An event lying wholly before the start is consolidated too: the rollup will never process it.
-- The event tables are those of accounting_managed_table (resourceKind set), each flagged by the
-- statements MANAGED_TABLE_SQL writes from its row (prepared at install by MANAGED_TABLE_CHECK).
-- Internal: ROLLUP_CONSOLIDATE and ROLLUP_RUN call it.
-- Example: CALL kinton_accounting.ROLLUP_DO_CONSOLIDATE(@events, @through);
CREATE OR REPLACE PROCEDURE kinton_accounting.ROLLUP_DO_CONSOLIDATE(
  OUT p_events BIGINT UNSIGNED,
  OUT p_through DATETIME
)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Flags closed events whose hours are all processed (internal: ROLLUP_CONSOLIDATE is the public entry)'
BEGIN
  DECLARE v_autocommit TINYINT DEFAULT NULL;
  DECLARE v_floor DATETIME;
  DECLARE v_through DATETIME;
  DECLARE v_lo BIGINT UNSIGNED;
  DECLARE v_hi BIGINT UNSIGNED;
  DECLARE v_batch INT UNSIGNED DEFAULT 1000;
  DECLARE v_kind TINYINT UNSIGNED;
  DECLARE v_table VARCHAR(64);
  DECLARE v_rows BIGINT;
  DECLARE v_locked TINYINT DEFAULT 0;

  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    ROLLBACK;
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_cons;
    SET @accounting_rollup_through = NULL;
    CALL kinton_accounting.JOB_LEAVE(v_locked, v_autocommit);
    RESIGNAL;
  END;

  SET p_events = 0, p_through = NULL;
  -- Outside any transaction, with autocommit on (the session's setting comes back on the way out).
  CALL kinton_accounting.JOB_ENTER('rollup', v_autocommit);
  CALL kinton_accounting.RUN_LOCK_REQUIRE('rollup', v_locked);

  CALL kinton_accounting.ROLLUP_PROCESSED_THROUGH(v_floor, v_through);
  SET p_through = v_through;

  IF v_through IS NOT NULL THEN
    -- Each event table (accounting_managed_table), by the statements MANAGED_TABLE_SQL writes:
    -- the ids picked by one consistent read, then flagged 1,000 at a time.
    SET @accounting_rollup_through = v_through;
    SET v_kind = (SELECT MIN(m.resourceKind) FROM kinton_accounting.accounting_managed_table m);
    WHILE v_kind IS NOT NULL DO
      SET v_table = (SELECT m.tableName FROM kinton_accounting.accounting_managed_table m
                     WHERE m.resourceKind = v_kind);
      CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_rollup_cons');
      SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
      START TRANSACTION;
      CALL kinton_accounting.MANAGED_TABLE_EXEC(v_table, 'consolidate_pick', NULL, NULL, v_rows);
      COMMIT;
      SET v_lo = (SELECT MIN(n) FROM kinton_accounting.tmp_rollup_cons);
      SET v_hi = (SELECT MAX(n) FROM kinton_accounting.tmp_rollup_cons);
      WHILE v_lo <= v_hi DO
        SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
        START TRANSACTION;
        CALL kinton_accounting.MANAGED_TABLE_EXEC(v_table, 'consolidate_batch', v_lo, v_lo + v_batch, v_rows);
        SET p_events = p_events + v_rows;
        COMMIT;
        SET v_lo = v_lo + v_batch;
      END WHILE;
      SET v_kind = (SELECT MIN(m.resourceKind) FROM kinton_accounting.accounting_managed_table m
                    WHERE m.resourceKind > v_kind);
    END WHILE;
    SET @accounting_rollup_through = NULL;
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_cons;
  END IF;

  CALL kinton_accounting.RUN_LOCK_RELEASE();
  SET v_locked = 0;
  SET autocommit = v_autocommit;
END
