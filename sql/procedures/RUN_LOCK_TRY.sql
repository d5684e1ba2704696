-- RUN_LOCK_TRY: how a whole run (ROLLUP_RUN, PURGE_RUN) takes the run lock, written once, after
-- JOB_ENTER: on a Galera cluster it first makes the session read what other nodes committed
-- before the run (wsrep_sync_wait = 1), then takes the lock without waiting (RUN_LOCK_TAKE, one
-- try). p_locked = 1: taken; the run releases it. Held by another live run: a WARN line ('the run
-- lock is held by …: nothing done', for the purge 'nothing purged'), p_locked = 0, no error: a
-- skipped run is not a failure. Held past run_lock.alarm_seconds: error 30206 naming the holder, a
-- failure (cron mail, a failed EVENT), not a quiet skip. Its ERROR line: the rollup's error
-- handler writes one for every failure; the purge's only once it holds the lock, so for the purge
-- it is written here.
--   p_job  'rollup' or 'purge' (the log source and the wording)
-- Errors: 30206 RUN_LOCK_STUCK.
-- Internal: ROLLUP_RUN and PURGE_RUN call it.
-- Example (inside a procedure): CALL kinton_accounting.RUN_LOCK_TRY('rollup', v_locked);
CREATE OR REPLACE PROCEDURE kinton_accounting.RUN_LOCK_TRY(
  IN p_job VARCHAR(16),
  OUT p_locked TINYINT
)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Takes the run lock for a whole run without waiting: 1 taken, 0 held (a WARN line); 30206 when held too long (internal)'
BEGIN
  DECLARE v_got TINYINT DEFAULT 0;
  DECLARE v_holder VARCHAR(1024);
  DECLARE v_stuck TINYINT DEFAULT 0;
  DECLARE v_nothing VARCHAR(16) DEFAULT IF(p_job = 'purge', 'nothing purged', 'nothing done');
  DECLARE v_msg VARCHAR(1200);

  IF @@wsrep_on <=> 1 THEN
    SET SESSION wsrep_sync_wait = 1;
  END IF;
  CALL kinton_accounting.RUN_LOCK_TAKE(0, v_got, v_holder, v_stuck);
  IF v_got = 0 AND v_stuck = 1 THEN
    SET v_msg = CONCAT('RUN_LOCK_STUCK: the run lock has been held too long by ', v_holder,
                       ' (run_lock.alarm_seconds); ', v_nothing);
    IF p_job = 'purge' THEN
      START TRANSACTION;
      CALL kinton_accounting.LOG_WRITE('ERROR', p_job, v_msg);
      COMMIT;
    END IF;
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30206, MESSAGE_TEXT = v_msg;
  END IF;
  IF v_got = 0 THEN
    START TRANSACTION;
    CALL kinton_accounting.LOG_WRITE('WARN', p_job,
      CONCAT('the run lock is held by ', COALESCE(v_holder, 'another connection'), ': ', v_nothing));
    COMMIT;
  END IF;
  SET p_locked = v_got;
END
