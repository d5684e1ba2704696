-- JOB_FAIL: how a whole run's error handler ends (ROLLUP_RUN, ROLLUP_RECOMPUTE, PURGE_RUN),
-- written once: p_message as an ERROR line in the log (source p_job), in a transaction of its own
-- so that it stays whatever the run rolled back (p_message NULL: no line), then what JOB_LEAVE
-- gives back (the run lock when p_locked = 1, the session's autocommit). The handler reads the
-- error (GET DIAGNOSTICS, first) and rolls back before calling it, and raises the error again
-- after it (RESIGNAL).
-- Internal.
-- Example (inside an error handler):
--   CALL kinton_accounting.JOB_FAIL('rollup', CONCAT('run failed: error ', v_errno, ': ', v_text), v_locked, v_autocommit);
CREATE OR REPLACE PROCEDURE kinton_accounting.JOB_FAIL(
  IN p_job VARCHAR(16),
  IN p_message VARCHAR(2048),
  IN p_locked TINYINT,
  IN p_autocommit TINYINT
)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Logs a failed run as an ERROR line, then releases the run lock and gives autocommit back (internal)'
BEGIN
  IF p_message IS NOT NULL THEN
    START TRANSACTION;
    CALL kinton_accounting.LOG_WRITE('ERROR', p_job, p_message);
    COMMIT;
  END IF;
  CALL kinton_accounting.JOB_LEAVE(p_locked, p_autocommit);
END
