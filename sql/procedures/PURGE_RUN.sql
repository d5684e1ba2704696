-- PURGE_RUN: one whole purge at p_now (NULL: UTC_TIMESTAMP()), what `accounting purge` does and
-- what a server EVENT calls: takes the run lock without waiting (so a purge
-- and a rollup never overlap; when another connection holds it: a WARN line in the log, a
-- 'locked' row, no error, nothing deleted), computes the cut-offs (PURGE_DO_CUTOFFS), moves the
-- processed floor up first (never down), then purges table after table in batches of at most
-- p_batch_rows rows (NULL: 10000), each batch a short transaction of its own (PURGE_DO_BATCH:
-- event rows by primary key after a lock-free read, so no capture trigger waits on it; expired
-- whole months of accounting_event_detail by dropping their partitions), writes one INFO line to
-- the log and releases the lock. Killed between batches, a rerun ends as one clean run would.
-- An error stops the run (batches before it stay done), is logged as an ERROR line and raised.
-- Returns one row: status ('done', 'nothing' or 'locked'), the rows deleted from each table (one
-- column per table, named after it), rowsDeleted (their sum), partitionsDropped, processedFloor
-- (after the run), durationMicros.
-- Errors: 30300 PURGE_BAD_ARGUMENT (batch outside 1 .. 1000000), 30302 PURGE_IN_TRANSACTION,
-- 30303 PURGE_BAD_PARAMETER (a retention parameter that is not 1 to 36500 days).
-- Example: CALL kinton_accounting.PURGE_RUN(NULL, 10000);
CREATE OR REPLACE PROCEDURE kinton_accounting.PURGE_RUN(IN p_now DATETIME, IN p_batch_rows INT)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'A whole purge (lock, cut-offs, floor, batches, log); returns status and rows deleted per table'
BEGIN
  DECLARE v_autocommit TINYINT DEFAULT NULL;
  DECLARE v_t0 DATETIME(6);
  DECLARE v_now DATETIME;
  DECLARE v_batch INT;
  DECLARE v_locked TINYINT DEFAULT 0;
  DECLARE v_floor_old DATETIME;
  DECLARE v_floor_new DATETIME;
  DECLARE v_pos TINYINT UNSIGNED;
  DECLARE v_table VARCHAR(64);
  DECLARE v_cut DATETIME;
  DECLARE v_rows BIGINT UNSIGNED;
  DECLARE v_part VARCHAR(64);
  DECLARE v_more TINYINT;
  DECLARE v_table_rows BIGINT UNSIGNED;
  DECLARE v_table_parts INT UNSIGNED;
  DECLARE v_total BIGINT UNSIGNED DEFAULT 0;
  DECLARE v_parts INT UNSIGNED DEFAULT 0;
  DECLARE v_list VARCHAR(2048) DEFAULT NULL;
  DECLARE v_micros BIGINT UNSIGNED;
  DECLARE v_errno INT;
  DECLARE v_text VARCHAR(512);
  DECLARE v_msg VARCHAR(2048);

  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    GET DIAGNOSTICS CONDITION 1 v_errno = MYSQL_ERRNO, v_text = MESSAGE_TEXT;
    ROLLBACK;
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_purge_plan;
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_purge_done;
    -- An ERROR line only once the run held the lock (RUN_LOCK_TRY logs a stuck lock itself).
    CALL kinton_accounting.JOB_FAIL('purge',
      IF(v_locked = 1,
         CONCAT('purge failed', IF(v_table IS NULL, '', CONCAT(' at ', v_table)), ' after ', v_total,
                ' row(s): error ', v_errno, ': ', v_text),
         NULL),
      v_locked, v_autocommit);
    RESIGNAL;
  END;

  SET v_batch = COALESCE(p_batch_rows, 10000);
  CALL kinton_accounting.PURGE_CHECK_BATCH(v_batch);
  -- Outside any transaction, with autocommit on (the session's setting comes back on the way out).
  CALL kinton_accounting.JOB_ENTER('purge', v_autocommit);
  SET v_t0 = SYSDATE(6);
  SET v_now = COALESCE(p_now, UTC_TIMESTAMP());

  -- On a Galera cluster, read what other nodes committed first; then the run lock, without
  -- waiting (held: a WARN line, nothing purged; held too long: 30206 and an ERROR line).
  CALL kinton_accounting.RUN_LOCK_TRY('purge', v_locked);
  IF v_locked = 0 THEN
    SELECT 'locked' AS status, 0 AS accounting_event_vm, 0 AS accounting_event_pm,
           0 AS accounting_event_repository, 0 AS accounting_event_storage, 0 AS accounting_event_ips,
           0 AS accounting_event_vlan, 0 AS accounting_event_detail, 0 AS accounting_summary_hourly,
           0 AS accounting_summary_daily, 0 AS accounting_summary_monthly, 0 AS accounting_rollup_ledger,
           0 AS accounting_rollup_ledger_history, 0 AS accounting_log, 0 AS rowsDeleted,
           0 AS partitionsDropped,
           (SELECT s.processedFloor FROM kinton_accounting.accounting_rollup_state s WHERE s.id = 1) AS processedFloor,
           TIMESTAMPDIFF(MICROSECOND, v_t0, SYSDATE(6)) AS durationMicros;
  ELSE
    -- A DROP PARTITION that timed out in an earlier purge of this session is tried again.
    SET @accounting_purge_no_drop = NULL;
    CALL kinton_accounting.PURGE_DO_CUTOFFS(v_now, v_floor_old, v_floor_new);

    -- The floor first, in its own transaction: up, never down.
    CALL kinton_accounting.PURGE_FLOOR_RAISE(v_floor_old, v_floor_new);

    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_purge_done;
    CREATE TEMPORARY TABLE kinton_accounting.tmp_purge_done (
      pos TINYINT UNSIGNED NOT NULL,
      rowsDeleted BIGINT UNSIGNED NOT NULL,
      PRIMARY KEY (pos)
    ) ENGINE=InnoDB;

    SET v_pos = 1;
    WHILE v_pos <= 13 DO
      SET v_table = (SELECT t.tableName FROM kinton_accounting.tmp_purge_plan t WHERE t.pos = v_pos);
      SET v_cut = (SELECT t.cutoff FROM kinton_accounting.tmp_purge_plan t WHERE t.pos = v_pos);
      SET v_table_rows = 0, v_table_parts = 0, v_more = 1;
      WHILE v_more = 1 DO
        CALL kinton_accounting.PURGE_DO_BATCH(v_table, v_cut, v_batch, v_rows, v_part, v_more);
        SET v_table_rows = v_table_rows + v_rows;
        IF v_part IS NOT NULL THEN
          SET v_table_parts = v_table_parts + 1;
        END IF;
      END WHILE;
      INSERT INTO kinton_accounting.tmp_purge_done (pos, rowsDeleted) VALUES (v_pos, v_table_rows);
      SET v_total = v_total + v_table_rows, v_parts = v_parts + v_table_parts;
      IF v_table_rows > 0 THEN
        SET v_list = CONCAT_WS(', ', v_list,
          CONCAT(v_table, ' ', v_table_rows,
                 IF(v_table_parts > 0, CONCAT(' (', v_table_parts, ' partition(s) dropped)'), '')));
      END IF;
      SET v_pos = v_pos + 1;
    END WHILE;
    SET v_table = NULL;
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_purge_plan;

    SET v_micros = TIMESTAMPDIFF(MICROSECOND, v_t0, SYSDATE(6));
    IF v_total = 0 THEN
      SET v_msg = CONCAT('purge at ', v_now, ': nothing to delete');
    ELSE
      SET v_msg = CONCAT('purge at ', v_now, ': ', v_total, ' row(s) deleted (', v_list, ')');
    END IF;
    SET v_msg = CONCAT(v_msg, '; processed floor ', COALESCE(v_floor_new, 'none'), '; ',
                       CAST(v_micros / 1000000 AS DECIMAL(20,3)), ' s');
    CALL kinton_accounting.JOB_DONE('purge', v_msg);
    SET v_locked = 0;
    -- One column per table, named after it (pos: its purgeOrder in accounting_managed_table): the
    -- result's columns, written out.
    SELECT IF(v_total = 0, 'nothing', 'done') AS status,
           SUM(IF(d.pos = 1, d.rowsDeleted, 0)) AS accounting_event_vm,
           SUM(IF(d.pos = 2, d.rowsDeleted, 0)) AS accounting_event_pm,
           SUM(IF(d.pos = 3, d.rowsDeleted, 0)) AS accounting_event_repository,
           SUM(IF(d.pos = 4, d.rowsDeleted, 0)) AS accounting_event_storage,
           SUM(IF(d.pos = 5, d.rowsDeleted, 0)) AS accounting_event_ips,
           SUM(IF(d.pos = 6, d.rowsDeleted, 0)) AS accounting_event_vlan,
           SUM(IF(d.pos = 7, d.rowsDeleted, 0)) AS accounting_event_detail,
           SUM(IF(d.pos = 8, d.rowsDeleted, 0)) AS accounting_summary_hourly,
           SUM(IF(d.pos = 9, d.rowsDeleted, 0)) AS accounting_summary_daily,
           SUM(IF(d.pos = 10, d.rowsDeleted, 0)) AS accounting_summary_monthly,
           SUM(IF(d.pos = 11, d.rowsDeleted, 0)) AS accounting_rollup_ledger,
           SUM(IF(d.pos = 12, d.rowsDeleted, 0)) AS accounting_rollup_ledger_history,
           SUM(IF(d.pos = 13, d.rowsDeleted, 0)) AS accounting_log,
           v_total AS rowsDeleted, v_parts AS partitionsDropped,
           v_floor_new AS processedFloor, v_micros AS durationMicros
    FROM kinton_accounting.tmp_purge_done d;
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_purge_done;
  END IF;
  SET autocommit = v_autocommit;
END
