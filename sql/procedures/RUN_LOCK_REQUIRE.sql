-- RUN_LOCK_REQUIRE: takes the run lock at once (RUN_LOCK_TAKE, one try) or fails naming its
-- holder: what every rollup or purge step that cannot simply skip does, written once. p_locked is
-- 1 when taken; the caller releases it (RUN_LOCK_RELEASE) on the way out, its error handler through
-- JOB_LEAVE.
--   p_job  'rollup' (error 30201 ROLLUP_LOCKED) or 'purge' (30301 PURGE_LOCKED)
-- Internal: ROLLUP_DO_HOUR, ROLLUP_DO_PLAN, ROLLUP_DO_CONSOLIDATE, ROLLUP_SET_START,
-- ROLLUP_RECOMPUTE, PURGE_BATCH and PURGE_DO_BATCH call it (ROLLUP_RUN and PURGE_RUN report a held
-- lock as a result instead).
-- Example (inside a procedure): CALL kinton_accounting.RUN_LOCK_REQUIRE('rollup', v_locked);
CREATE OR REPLACE PROCEDURE kinton_accounting.RUN_LOCK_REQUIRE(
  IN p_job VARCHAR(16),
  OUT p_locked TINYINT
)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Takes the run lock or fails naming its holder (internal). OUT: 1 when taken'
BEGIN
  DECLARE v_got TINYINT;
  DECLARE v_holder VARCHAR(1024);
  DECLARE v_stuck TINYINT;
  DECLARE v_msg VARCHAR(1200);
  CALL kinton_accounting.RUN_LOCK_TAKE(0, v_got, v_holder, v_stuck);
  IF v_got = 0 THEN
    IF p_job = 'purge' THEN
      SET v_msg = CONCAT('PURGE_LOCKED: the run lock is held by ', COALESCE(v_holder, 'another connection'));
      SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30301, MESSAGE_TEXT = v_msg;
    END IF;
    SET v_msg = CONCAT('ROLLUP_LOCKED: the run lock is held by ', COALESCE(v_holder, 'another connection'));
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30201, MESSAGE_TEXT = v_msg;
  END IF;
  SET p_locked = v_got;
END
