-- MANAGED_TABLE_EXEC_EVENTS: runs statement p_use (MANAGED_TABLE_SQL) of every event table of
-- accounting_managed_table, one after the other in resourceKind order, through
-- MANAGED_TABLE_EXEC with no `?` marker bound; p_rows: the rows they changed, added up. The
-- caller sets the user variables the statements read and owns the transaction.
-- Internal: ROLLUP_DO_HOUR (phases 2 and 4), ROLLUP_DO_PLAN (the recheck), VERIFY_HISTORY
-- (conservation) and VERIFY_FIX (the close, what it opened) call it.
-- Errors: 30400 MANAGED_TABLE_UNKNOWN (a use that does not apply to events).
-- Example: SET @accounting_rollup_hour = '2026-01-05 13:00:00', @accounting_rollup_end = '2026-01-05 14:00:00';
--          CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_rollup_owner');
--          CALL kinton_accounting.MANAGED_TABLE_EXEC_EVENTS('rollup_owner', @n);
CREATE OR REPLACE PROCEDURE kinton_accounting.MANAGED_TABLE_EXEC_EVENTS(
  IN p_use VARCHAR(32),
  OUT p_rows BIGINT
)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Runs one per-table statement for every event table, in resourceKind order (internal)'
BEGIN
  DECLARE v_table VARCHAR(64);
  DECLARE v_rows BIGINT;
  DECLARE v_done TINYINT DEFAULT 0;
  -- The list is read once (one read of the description view, not one per table).
  DECLARE c_tables CURSOR FOR
    SELECT m.tableName FROM kinton_accounting.accounting_managed_table m
    WHERE m.resourceKind IS NOT NULL ORDER BY m.resourceKind;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_done = 1;
  SET p_rows = 0;
  OPEN c_tables;
  tables: LOOP
    FETCH c_tables INTO v_table;
    IF v_done = 1 THEN
      LEAVE tables;
    END IF;
    CALL kinton_accounting.MANAGED_TABLE_EXEC(v_table, p_use, NULL, NULL, v_rows);
    SET p_rows = p_rows + v_rows;
  END LOOP;
  CLOSE c_tables;
END
