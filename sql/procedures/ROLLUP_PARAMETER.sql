-- ROLLUP_PARAMETER: reads one of the rollup's parameters from accounting_parameter as a whole
-- number of p_unit of at most p_digits digits, or fails naming it: the one check settle_seconds
-- (9 digits) and recheck_hours (6) go through when the caller gives no value of its own.
-- Errors: 30205 ROLLUP_BAD_PARAMETER (missing, or not such a number).
-- Internal: ROLLUP_DO_PLAN calls it.
-- Example: CALL kinton_accounting.ROLLUP_PARAMETER('settle_seconds', 'seconds', 9, @settle); SELECT @settle;
CREATE OR REPLACE PROCEDURE kinton_accounting.ROLLUP_PARAMETER(
  IN p_name VARCHAR(64),
  IN p_unit VARCHAR(16),
  IN p_digits TINYINT UNSIGNED,
  OUT p_value BIGINT
)
READS SQL DATA
SQL SECURITY INVOKER
COMMENT 'Reads a rollup parameter as a whole number of at most p_digits digits, or fails with 30205 (internal)'
BEGIN
  DECLARE v_text VARCHAR(255);
  DECLARE v_msg VARCHAR(512);
  SET v_text = (SELECT TRIM(p.value) FROM kinton_accounting.accounting_parameter p
                WHERE p.name = p_name);
  IF v_text IS NULL OR v_text NOT REGEXP CONCAT('^[0-9]{1,', p_digits, '}$') THEN
    SET v_msg = CONCAT('ROLLUP_BAD_PARAMETER: ', p_name, ' must be a whole number of ', p_unit, ', is ',
                       COALESCE(QUOTE(v_text), 'missing'));
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30205, MESSAGE_TEXT = v_msg;
  END IF;
  SET p_value = CAST(v_text AS UNSIGNED);
END
