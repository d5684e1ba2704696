-- ROLLUP_FLOOR_CHECK: refuses an hour below the processed floor (accounting_rollup_state), where
-- the purge has removed events and history is no longer whole: the one place of that rule for the
-- procedures that write an hour (ROLLUP_DO_HOUR) or a range of them (ROLLUP_RECOMPUTE).
-- Errors: 30202 ROLLUP_BELOW_FLOOR.
-- Internal: not granted to the reporting role.
-- Example: CALL kinton_accounting.ROLLUP_FLOOR_CHECK('2026-01-05 13:00:00');
CREATE OR REPLACE PROCEDURE kinton_accounting.ROLLUP_FLOOR_CHECK(IN p_hour DATETIME)
READS SQL DATA
SQL SECURITY INVOKER
COMMENT 'Refuses an hour below the processed floor (30202, internal)'
BEGIN
  DECLARE v_floor DATETIME;
  DECLARE v_msg VARCHAR(512);
  SET v_floor = (SELECT s.processedFloor FROM kinton_accounting.accounting_rollup_state s WHERE s.id = 1);
  IF v_floor IS NOT NULL AND p_hour < v_floor THEN
    SET v_msg = CONCAT('ROLLUP_BELOW_FLOOR: hour ', p_hour, ' is below the processed floor ', v_floor,
                       '; history there is no longer whole');
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30202, MESSAGE_TEXT = v_msg;
  END IF;
END
