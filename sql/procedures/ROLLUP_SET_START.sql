-- ROLLUP_SET_START: where a first run starts (`accounting rollup --from`): the hour p_from falls in.
-- Applies only while no hour has been processed; afterwards the rollup continues from where it
-- stopped and the call changes nothing (a warning line in the log). Returns one row: applied (1
-- or 0), startHour (the start in force), message. Without it, the first run starts at the earliest
-- event's hour.
-- Errors: 30201 ROLLUP_LOCKED, 30202 ROLLUP_BELOW_FLOOR, 30203 ROLLUP_IN_TRANSACTION,
-- 30204 ROLLUP_BAD_ARGUMENT (NULL).
-- Example: CALL kinton_accounting.ROLLUP_SET_START('2026-01-05 13:20:00');  -- starts at 13:00
CREATE OR REPLACE PROCEDURE kinton_accounting.ROLLUP_SET_START(IN p_from DATETIME)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Sets the first run''s start hour (--from); ignored once an hour is processed. Returns applied, startHour, message'
BEGIN
  DECLARE v_autocommit TINYINT DEFAULT NULL;
  DECLARE v_hour DATETIME;
  DECLARE v_start DATETIME;
  DECLARE v_floor DATETIME;
  DECLARE v_applied TINYINT DEFAULT 0;
  DECLARE v_locked TINYINT DEFAULT 0;
  DECLARE v_msg VARCHAR(512);

  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    ROLLBACK;
    CALL kinton_accounting.JOB_LEAVE(v_locked, v_autocommit);
    RESIGNAL;
  END;

  IF p_from IS NULL THEN
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30204,
      MESSAGE_TEXT = 'ROLLUP_BAD_ARGUMENT: the start must not be NULL';
  END IF;
  -- Outside any transaction, with autocommit on (the session's setting comes back on the way out).
  CALL kinton_accounting.JOB_ENTER('rollup', v_autocommit);
  CALL kinton_accounting.RUN_LOCK_REQUIRE('rollup', v_locked);

  SET v_hour = TIMESTAMP(DATE(p_from), MAKETIME(HOUR(p_from), 0, 0));
  SET v_floor = (SELECT s.processedFloor FROM kinton_accounting.accounting_rollup_state s WHERE s.id = 1);
  SET v_start = (SELECT s.startHour FROM kinton_accounting.accounting_rollup_state s WHERE s.id = 1);

  START TRANSACTION;
  IF EXISTS (SELECT 1 FROM kinton_accounting.accounting_rollup_ledger) THEN
    SET v_msg = CONCAT('--from ignored: the rollup has already processed hours (it started at ',
                       COALESCE(v_start, 'an unrecorded hour'), ') and continues from where it stopped');
    CALL kinton_accounting.LOG_WRITE('WARN', 'rollup', v_msg);
  ELSEIF v_floor IS NOT NULL AND v_hour < v_floor THEN
    SET v_msg = CONCAT('ROLLUP_BELOW_FLOOR: start ', v_hour, ' is below the processed floor ', v_floor);
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30202, MESSAGE_TEXT = v_msg;
  ELSE
    INSERT INTO kinton_accounting.accounting_rollup_state (id, startHour, processedFloor, updatedAt)
    VALUES (1, v_hour, NULL, UTC_TIMESTAMP())
    ON DUPLICATE KEY UPDATE startHour = VALUES(startHour), updatedAt = VALUES(updatedAt);
    SET v_start = v_hour, v_applied = 1;
    SET v_msg = CONCAT('first run starts at ', v_hour);
    CALL kinton_accounting.LOG_WRITE('INFO', 'rollup', v_msg);
  END IF;
  COMMIT;

  CALL kinton_accounting.RUN_LOCK_RELEASE();
  SET v_locked = 0;
  SELECT v_applied AS applied, v_start AS startHour, v_msg AS message;
  SET autocommit = v_autocommit;
END
