-- PURGE_PLAN: what a purge at p_now (NULL: UTC_TIMESTAMP()) would delete, without deleting
-- anything (`accounting purge --dry-run`): one row per table, in the order the purge goes:
-- tableName, parameter (its retention), retentionDays, cutoff (rows strictly before it go; NULL:
-- nothing goes, before the first rollup), rowsToDelete, partitionsToDrop (monthly partitions of
-- accounting_event_detail that go whole), processedFloor (now) and newProcessedFloor (after the
-- purge). The rules are PURGE_DO_CUTOFFS's. The tool holds the rollup lock
-- (RUN_LOCK_TAKE), calls this, exports what it lists, then calls PURGE_BATCH for each table until
-- it says no more: what PURGE_RUN does in one call. Takes no lock and writes nothing.
-- Errors: 30302 PURGE_IN_TRANSACTION, 30303 PURGE_BAD_PARAMETER.
-- Example: CALL kinton_accounting.PURGE_PLAN('2026-03-10 00:00:00');
CREATE OR REPLACE PROCEDURE kinton_accounting.PURGE_PLAN(IN p_now DATETIME)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Lists per table what a purge at p_now would delete: cutoff, rowsToDelete, partitionsToDrop, floors; deletes nothing'
BEGIN
  DECLARE v_autocommit TINYINT DEFAULT NULL;
  DECLARE v_floor_old DATETIME;
  DECLARE v_floor_new DATETIME;
  DECLARE v_detail_cut DATETIME;
  DECLARE v_pos TINYINT UNSIGNED;
  DECLARE v_table VARCHAR(64);
  DECLARE v_rows BIGINT;

  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    ROLLBACK;
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_purge_plan;
    SET @accounting_purge_cut = NULL, @accounting_purge_rows = NULL;
    CALL kinton_accounting.JOB_LEAVE(0, v_autocommit);
    RESIGNAL;
  END;

  -- Outside any transaction, with autocommit on (the session's setting comes back on the way out).
  CALL kinton_accounting.JOB_ENTER('purge', v_autocommit);

  CALL kinton_accounting.PURGE_DO_CUTOFFS(p_now, v_floor_old, v_floor_new);

  SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
  START TRANSACTION;
  -- Each table's rows before its cut-off, counted by the rule its purge deletes by
  -- (accounting_managed_table, through MANAGED_TABLE_SQL).
  SET v_pos = (SELECT MIN(t.pos) FROM kinton_accounting.tmp_purge_plan t WHERE t.cutoff IS NOT NULL);
  WHILE v_pos IS NOT NULL DO
    SELECT t.tableName, t.cutoff INTO v_table, @accounting_purge_cut
    FROM kinton_accounting.tmp_purge_plan t WHERE t.pos = v_pos;
    CALL kinton_accounting.MANAGED_TABLE_EXEC(v_table, 'purge_count', NULL, NULL, v_rows);
    UPDATE kinton_accounting.tmp_purge_plan t SET t.rowsToDelete = @accounting_purge_rows WHERE t.pos = v_pos;
    SET v_pos = (SELECT MIN(t.pos) FROM kinton_accounting.tmp_purge_plan t
                 WHERE t.cutoff IS NOT NULL AND t.pos > v_pos);
  END WHILE;
  SET @accounting_purge_cut = NULL, @accounting_purge_rows = NULL;

  -- Whole monthly partitions of the detail below its cut-off (PURGE_DO_BATCH drops those).
  SET v_detail_cut = (SELECT t.cutoff FROM kinton_accounting.tmp_purge_plan t
                      WHERE t.tableName = 'accounting_event_detail');
  IF v_detail_cut IS NOT NULL AND @accounting_purge_no_drop IS NULL THEN
    UPDATE kinton_accounting.tmp_purge_plan t
    SET t.partitionsToDrop = (
      SELECT COUNT(*) FROM information_schema.PARTITIONS p
      WHERE p.TABLE_SCHEMA = 'kinton_accounting' AND p.TABLE_NAME = 'accounting_event_detail'
        AND p.PARTITION_NAME REGEXP '^p[0-9]{6}$'
        AND CAST(CONCAT(SUBSTRING(p.PARTITION_NAME, 2, 4), '-', SUBSTRING(p.PARTITION_NAME, 6, 2), '-01') AS DATE)
            + INTERVAL 1 MONTH <= v_detail_cut)
    WHERE t.tableName = 'accounting_event_detail';
  END IF;
  COMMIT;

  SELECT t.tableName, t.parameter, t.retentionDays, t.cutoff, t.rowsToDelete, t.partitionsToDrop,
         v_floor_old AS processedFloor, v_floor_new AS newProcessedFloor
  FROM kinton_accounting.tmp_purge_plan t
  ORDER BY t.pos;
  DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_purge_plan;
  SET autocommit = v_autocommit;
END
