-- MANAGED_TABLE_EXEC: runs statement p_use of table p_table, as MANAGED_TABLE_SQL writes it,
-- binding p_a and p_b to its `?` markers in order (a statement with fewer markers ignores the
-- rest); p_rows: the rows it changed (ROW_COUNT()). The caller sets the user variables the
-- statement reads and owns the transaction. The one place the per-table statements are prepared.
-- Internal: PURGE_PLAN, PURGE_DO_BATCH, ROLLUP_DO_CONSOLIDATE and ROLLUP_DO_PLAN call it.
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
  DECLARE v_msg VARCHAR(512);
  SET v_sql = kinton_accounting.MANAGED_TABLE_SQL(p_table, p_use);
  IF v_sql IS NULL THEN
    SET v_msg = CONCAT('MANAGED_TABLE_UNKNOWN: no statement ', COALESCE(QUOTE(p_use), 'NULL'), ' for table ',
                       COALESCE(QUOTE(p_table), 'NULL'));
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30400, MESSAGE_TEXT = v_msg;
  END IF;
  SET v_markers = CHAR_LENGTH(v_sql) - CHAR_LENGTH(REPLACE(v_sql, '?', ''));
  PREPARE s_managed FROM v_sql;
  IF v_markers = 0 THEN
    EXECUTE s_managed;
  ELSEIF v_markers = 1 THEN
    EXECUTE s_managed USING p_a;
  ELSE
    EXECUTE s_managed USING p_a, p_b;
  END IF;
  SET p_rows = ROW_COUNT();
  DEALLOCATE PREPARE s_managed;
END
