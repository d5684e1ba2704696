-- MANAGED_TABLE_EXEC: runs statement p_use of table p_table, as MANAGED_TABLE_SQL writes it,
-- binding p_a, then p_b, to the `?` markers its use has (MANAGED_TABLE_SQL says how many); p_rows: the rows it changed (ROW_COUNT()). The caller sets the user variables the
-- statement reads and owns the transaction. The one place the per-table statements are prepared.
-- Internal: PURGE_PLAN, PURGE_DO_BATCH, ROLLUP_DO_CONSOLIDATE, ROLLUP_DO_HOUR and
-- MANAGED_TABLE_EXEC_EVENTS call it.
-- Errors: 30400 MANAGED_TABLE_UNKNOWN (no such table in accounting_managed_table, or a use that
-- does not apply to it).
-- Example: SET @accounting_purge_cut = '2023-02-01 00:00:00';
--          CALL kinton_accounting.MANAGED_TABLE_EXEC('accounting_log', 'purge_count', NULL, NULL, @n);
--          SELECT @accounting_purge_rows;
CREATE OR REPLACE PROCEDURE kinton_accounting.MANAGED_TABLE_EXEC(
  IN p_table VARCHAR(64),
  IN p_use VARCHAR(32),
  IN p_a BIGINT,
  IN p_b BIGINT,
  OUT p_rows BIGINT
)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Runs one per-table statement of the rollup or the purge (internal, see MANAGED_TABLE_SQL)'
BEGIN
  DECLARE v_sql TEXT;
  DECLARE v_markers INT;
  DECLARE v_prepared TINYINT DEFAULT 0;
  DECLARE v_msg VARCHAR(512);
  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    -- A failed statement leaves nothing prepared behind it.
    IF v_prepared = 1 THEN
      DEALLOCATE PREPARE s_accounting_managed;
    END IF;
    RESIGNAL;
  END;

  SET v_sql = kinton_accounting.MANAGED_TABLE_SQL(p_table, p_use);
  IF v_sql IS NULL THEN
    SET v_msg = CONCAT('MANAGED_TABLE_UNKNOWN: no statement ', COALESCE(QUOTE(p_use), 'NULL'), ' for table ',
                       COALESCE(QUOTE(p_table), 'NULL'));
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30400, MESSAGE_TEXT = v_msg;
  END IF;
  SET v_markers = CASE p_use WHEN 'purge_delete' THEN 1 WHEN 'purge_pick' THEN 1
                             WHEN 'consolidate_batch' THEN 2 ELSE 0 END;
  PREPARE s_accounting_managed FROM v_sql;
  SET v_prepared = 1;
  IF v_markers = 0 THEN
    EXECUTE s_accounting_managed;
  ELSEIF v_markers = 1 THEN
    EXECUTE s_accounting_managed USING p_a;
  ELSE
    EXECUTE s_accounting_managed USING p_a, p_b;
  END IF;
  SET p_rows = ROW_COUNT();
  SET v_prepared = 0;
  DEALLOCATE PREPARE s_accounting_managed;
END
