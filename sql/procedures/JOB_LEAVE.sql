-- JOB_LEAVE: how a rollup or purge procedure's error handler gives back what the job took,
-- written once: the run lock when p_locked = 1 (RUN_LOCK_RELEASE), then the session's autocommit
-- setting JOB_ENTER returned (p_autocommit NULL: the job failed before JOB_ENTER, nothing to give
-- back). Setting autocommit here sets it for the session, as the handler itself would. The handler
-- rolls back and reads the error before calling it, and raises the error again after it (RESIGNAL
-- only works in the handler itself). The normal way out stays in each job: the lock goes before
-- its result row, autocommit after it.
-- Internal: the error handlers of the ROLLUP_* and PURGE_* procedures call it (JOB_FAIL too).
-- Example (inside an error handler): CALL kinton_accounting.JOB_LEAVE(v_locked, v_autocommit);
CREATE OR REPLACE PROCEDURE kinton_accounting.JOB_LEAVE(
  IN p_locked TINYINT,
  IN p_autocommit TINYINT
)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Releases the run lock when held and gives the session its autocommit back, for a job''s error handler (internal)'
BEGIN
  IF p_locked = 1 THEN
    CALL kinton_accounting.RUN_LOCK_RELEASE();
  END IF;
  IF p_autocommit IS NOT NULL THEN
    SET autocommit = p_autocommit;
  END IF;
END
