-- PURGE_DO_BATCH: one batch of the purge of one table, in short transactions of its own, for
-- PURGE_BATCH and PURGE_RUN (which compute p_cut with PURGE_DO_CUTOFFS and hold the rollup lock).
-- Clients call PURGE_BATCH. Deletes at most p_batch rows strictly before p_cut (NULL: nothing):
--   event tables: closed (stopTime set) and consolidated rows that stopped before p_cut. Their
--     primary keys are first read by a consistent read (READ COMMITTED: no lock on any row, open
--     rows included), then exactly those rows are deleted by primary key, so the batch's
--     transaction locks only closed, consolidated rows, which the capture triggers never write:
--     no inventory write ever waits for it;
--   accounting_event_detail: when its lowest monthly partition lies wholly before p_cut, that
--     partition is dropped (ALTER TABLE … DROP PARTITION, one batch whatever its size; p_rows is
--     its row count); otherwise rows by primary key order (starttime first);
--   summaries, ledger, ledger history (starttime), log (logTime): rows in key order.
-- Which rows go, in which order, and by which event id and index: the table's row in
-- accounting_managed_table, through the statements MANAGED_TABLE_SQL writes (prepared at install
-- by MANAGED_TABLE_CHECK); the tool's purge export selects the same rows from the same row.
-- p_more = 1 when the table may hold more (a full batch, or a partition dropped): call again.
-- Errors: 30300 PURGE_BAD_ARGUMENT (unknown table, batch outside 1 .. 1000000),
-- 30301 PURGE_LOCKED, 30302 PURGE_IN_TRANSACTION.
-- Example: CALL kinton_accounting.PURGE_DO_BATCH('accounting_log', '2023-03-01 00:00:00', 10000, @rows, @part, @more);
CREATE OR REPLACE PROCEDURE kinton_accounting.PURGE_DO_BATCH(
  IN p_table VARCHAR(64),
  IN p_cut DATETIME,
  IN p_batch INT,
  OUT p_rows BIGINT UNSIGNED,
  OUT p_partition VARCHAR(64),
  OUT p_more TINYINT
)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Deletes one batch of one table before a cut-off (internal: PURGE_BATCH is the public entry). OUT: rows, partition dropped, more'
BEGIN
  DECLARE v_autocommit TINYINT DEFAULT NULL;
  DECLARE v_locked TINYINT DEFAULT 0;
  DECLARE v_batch INT;
  DECLARE v_part VARCHAR(64) DEFAULT NULL;
  DECLARE v_count BIGINT UNSIGNED;
  DECLARE v_sql VARCHAR(512);
  DECLARE v_errno INT;
  DECLARE v_text VARCHAR(512);
  DECLARE v_msg VARCHAR(512);
  DECLARE v_event TINYINT DEFAULT NULL;
  DECLARE v_rows BIGINT;

  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    ROLLBACK;
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_purge_ids;
    SET @accounting_purge_cut = NULL;
    CALL kinton_accounting.JOB_LEAVE(v_locked, v_autocommit);
    RESIGNAL;
  END;

  SET p_rows = 0, p_partition = NULL, p_more = 0;
  -- Outside any transaction, with autocommit on (the session's setting comes back on the way out);
  -- first, so that reading the table's description opens no transaction of the caller's.
  CALL kinton_accounting.JOB_ENTER('purge', v_autocommit);
  SET v_event = (SELECT m.resourceKind IS NOT NULL FROM kinton_accounting.accounting_managed_table m
                 WHERE m.tableName = p_table);
  IF v_event IS NULL THEN
    SET v_msg = CONCAT('PURGE_BAD_ARGUMENT: no table ', COALESCE(QUOTE(p_table), 'NULL'), ' to purge');
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30300, MESSAGE_TEXT = v_msg;
  END IF;
  CALL kinton_accounting.PURGE_CHECK_BATCH(p_batch);
  CALL kinton_accounting.RUN_LOCK_REQUIRE('purge', v_locked);
  SET v_batch = p_batch;

  IF p_cut IS NOT NULL THEN
    SET @accounting_purge_cut = p_cut;
    IF v_event = 1 THEN
      CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_purge_ids');
      SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
      START TRANSACTION;
      CALL kinton_accounting.MANAGED_TABLE_EXEC(p_table, 'purge_pick', v_batch, NULL, v_rows);
      COMMIT;
      SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
      START TRANSACTION;
      CALL kinton_accounting.MANAGED_TABLE_EXEC(p_table, 'purge_delete_ids', NULL, NULL, v_rows);
      SET p_rows = v_rows;
      COMMIT;
    ELSEIF p_table = 'accounting_event_detail' THEN
      -- The lowest monthly partition, when its whole month is below the cut-off: dropped. Not on a
      -- Galera cluster (@@wsrep_on): a partition DDL replicates in total order and aborts, on every
      -- node, any open transaction reading the table; there the month goes by DELETE.
      IF @accounting_purge_no_drop IS NULL AND NOT (@@wsrep_on <=> 1) THEN
        SET v_part = (SELECT p.PARTITION_NAME
                      FROM information_schema.PARTITIONS p
                      WHERE p.TABLE_SCHEMA = 'kinton_accounting' AND p.TABLE_NAME = 'accounting_event_detail'
                        AND p.PARTITION_NAME REGEXP '^p[0-9]{6}$'
                      ORDER BY p.PARTITION_ORDINAL_POSITION
                      LIMIT 1);
        IF v_part IS NOT NULL
           AND CAST(CONCAT(SUBSTRING(v_part, 2, 4), '-', SUBSTRING(v_part, 6, 2), '-01') AS DATE)
               + INTERVAL 1 MONTH > p_cut THEN
          SET v_part = NULL;
        END IF;
      END IF;
      IF v_part IS NOT NULL THEN
        SET @accounting_purge_rows = NULL;
        SET v_sql = CONCAT('SELECT COUNT(*) INTO @accounting_purge_rows FROM ',
                           'kinton_accounting.accounting_event_detail PARTITION (', v_part, ')');
        PREPARE s_purge FROM v_sql;
        EXECUTE s_purge;
        DEALLOCATE PREPARE s_purge;
        SET v_count = @accounting_purge_rows;
        SET @accounting_purge_rows = NULL;
        -- A reader holding the table's metadata lock (a long report) makes the DROP wait: give up
        -- after 2 s (new readers queue behind a waiting DROP). When the DROP fails (that wait, a
        -- missing DROP privilege), the rows go by DELETE instead, for the rest of this session's
        -- purge, and a WARN line says why.
        CALL kinton_accounting.DDL_TRY(
          CONCAT('ALTER TABLE kinton_accounting.accounting_event_detail DROP PARTITION ', v_part),
          2, v_errno, v_text);
        IF v_errno IS NULL THEN
          SET p_rows = v_count, p_partition = v_part, p_more = 1;
        ELSE
          SET @accounting_purge_no_drop = 1;
          START TRANSACTION;
          CALL kinton_accounting.LOG_WRITE('WARN', 'purge',
            CONCAT('could not drop partition ', v_part, ' of accounting_event_detail: ',
                   IF(v_errno = 1205, 'its metadata lock stayed busy for 2 s (a long query reading it?)',
                      CONCAT('error ', v_errno, ': ', v_text)),
                   '; deleting its rows instead'));
          COMMIT;
        END IF;
      END IF;
    END IF;
    -- Every other table (and the detail when no partition went): rows in key order.
    IF v_event = 0 AND p_partition IS NULL THEN
      SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
      START TRANSACTION;
      CALL kinton_accounting.MANAGED_TABLE_EXEC(p_table, 'purge_delete', v_batch, NULL, v_rows);
      SET p_rows = v_rows;
      COMMIT;
    END IF;
    SET @accounting_purge_cut = NULL;
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_purge_ids;
  END IF;

  SET p_more = IF(p_partition IS NOT NULL OR p_rows >= v_batch, 1, 0);
  CALL kinton_accounting.RUN_LOCK_RELEASE();
  SET v_locked = 0;
  SET autocommit = v_autocommit;
END
