-- JOB_DONE: how a whole run ends when it succeeded (ROLLUP_RUN, ROLLUP_RECOMPUTE, PURGE_RUN),
-- written once: its one INFO line p_message in the log (source p_job), in a transaction of its
-- own, then one hold of the run lock released (RUN_LOCK_RELEASE). The run then sets its lock flag
-- to 0, returns its result row, and gives the session its autocommit back last (the row is read
-- with autocommit on, so it leaves no transaction open).
-- Internal.
-- Example (inside a procedure): CALL kinton_accounting.JOB_DONE('rollup', 'run: nothing to do'); SET v_locked = 0;
CREATE OR REPLACE PROCEDURE kinton_accounting.JOB_DONE(
  IN p_job VARCHAR(16),
  IN p_message VARCHAR(2048)
)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Logs a finished run as an INFO line, then releases the run lock (internal)'
BEGIN
  START TRANSACTION;
  CALL kinton_accounting.LOG_WRITE('INFO', p_job, p_message);
  COMMIT;
  CALL kinton_accounting.RUN_LOCK_RELEASE();
END
