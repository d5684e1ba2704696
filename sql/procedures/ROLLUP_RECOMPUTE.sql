-- ROLLUP_RECOMPUTE: reprocesses every hour that overlaps [p_from, p_to) (`accounting rollup
-- --recompute --from … --to …`), in order, each hour atomically (ROLLUP_DO_HOUR): interrupted, it
-- leaves each hour either old or new, and running it again finishes it. Every event overlapping
-- an hour is read, consolidated or not. Hours not processed before are processed (a gap the
-- forward run then skips); the caller caps p_to at its notion of now (the tool refuses a future
-- --to). Refuses a range that starts below the processed floor. Writes one INFO line to the log.
-- Returns one row: hours, hoursChanged, detailRows, durationMicros.
-- Errors: 30201 ROLLUP_LOCKED, 30202 ROLLUP_BELOW_FLOOR, 30203 ROLLUP_IN_TRANSACTION,
-- 30204 ROLLUP_BAD_ARGUMENT (NULL, or p_from not before p_to).
-- Example: CALL kinton_accounting.ROLLUP_RECOMPUTE('2026-01-05 00:00:00', '2026-01-06 00:00:00');
CREATE OR REPLACE PROCEDURE kinton_accounting.ROLLUP_RECOMPUTE(IN p_from DATETIME, IN p_to DATETIME)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Reprocesses the hours overlapping [p_from, p_to), each atomically; returns hours, hoursChanged, detailRows, durationMicros'
BEGIN
  DECLARE v_autocommit TINYINT DEFAULT NULL;
  DECLARE v_t0 DATETIME(6);
  DECLARE v_hour DATETIME;
  DECLARE v_rows INT UNSIGNED;
  DECLARE v_status VARCHAR(16);
  DECLARE v_hours INT UNSIGNED DEFAULT 0;
  DECLARE v_changed INT UNSIGNED DEFAULT 0;
  DECLARE v_total_rows BIGINT UNSIGNED DEFAULT 0;
  DECLARE v_micros BIGINT UNSIGNED;
  DECLARE v_locked TINYINT DEFAULT 0;
  DECLARE v_errno INT;
  DECLARE v_text VARCHAR(512);

  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    GET DIAGNOSTICS CONDITION 1 v_errno = MYSQL_ERRNO, v_text = MESSAGE_TEXT;
    ROLLBACK;
    -- An ERROR line only once the recompute held the lock.
    CALL kinton_accounting.JOB_FAIL('rollup',
      IF(v_locked = 1,
         CONCAT('recompute failed', IF(v_hour IS NULL, '', CONCAT(' at hour ', v_hour)), ' after ',
                v_hours, ' hour(s): error ', v_errno, ': ', v_text),
         NULL),
      v_locked, v_autocommit);
    RESIGNAL;
  END;

  IF p_from IS NULL OR p_to IS NULL OR p_from >= p_to THEN
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30204,
      MESSAGE_TEXT = 'ROLLUP_BAD_ARGUMENT: recompute needs a range with from before to';
  END IF;
  -- Outside any transaction, with autocommit on (the session's setting comes back on the way out).
  CALL kinton_accounting.JOB_ENTER('rollup', v_autocommit);
  SET v_t0 = SYSDATE(6);
  CALL kinton_accounting.RUN_LOCK_REQUIRE('rollup', v_locked);

  SET v_hour = TIMESTAMP(DATE(p_from), MAKETIME(HOUR(p_from), 0, 0));
  CALL kinton_accounting.ROLLUP_FLOOR_CHECK(v_hour);

  WHILE v_hour < p_to DO
    CALL kinton_accounting.ROLLUP_DO_HOUR(v_hour, v_rows, v_status);
    SET v_hours = v_hours + 1, v_total_rows = v_total_rows + v_rows;
    IF v_status = 'changed' THEN
      SET v_changed = v_changed + 1;
    END IF;
    SET v_hour = v_hour + INTERVAL 1 HOUR;
  END WHILE;
  SET v_hour = NULL;

  SET v_micros = TIMESTAMPDIFF(MICROSECOND, v_t0, SYSDATE(6));
  CALL kinton_accounting.JOB_DONE('rollup',
    CONCAT('recompute ', p_from, ' .. ', p_to, ': ', v_hours, ' hour(s), ', v_changed, ' changed, ',
           v_total_rows, ' detail rows; ', CAST(v_micros / 1000000 AS DECIMAL(20,3)), ' s'));
  SET v_locked = 0;
  SELECT v_hours AS hours, v_changed AS hoursChanged, v_total_rows AS detailRows, v_micros AS durationMicros;
  SET autocommit = v_autocommit;
END
