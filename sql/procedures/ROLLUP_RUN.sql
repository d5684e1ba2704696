-- ROLLUP_RUN: one whole rollup run, what `accounting rollup` does and what a server EVENT calls:
-- takes the rollup lock without waiting (when another run holds it: a WARN line in the log, a
-- 'locked' row, no error, nothing written), adds the detail's monthly partitions through next
-- month (DETAIL_PARTITIONS_ENSURE, before any hour: its DDL commits), plans (ROLLUP_DO_PLAN:
-- rechecks the look-back window, then every unprocessed hour whose end is at or before
-- min(p_until, now - settle)), processes each planned hour in order, each in its own transaction
-- (ROLLUP_DO_HOUR), flags consolidated events (ROLLUP_DO_CONSOLIDATE), writes one INFO line to
-- the log and releases the lock.
-- An error stops the run (the hours before it stay processed; the failing hour is rolled back),
-- is logged as an ERROR line and raised again. A rerun continues where it stopped.
--   p_now            the clock (NULL: UTC_TIMESTAMP())
--   p_until          process no hour ending after it (NULL: no cap)
--   p_settle_seconds NULL: the parameter settle_seconds (300)
--   p_recheck_hours  NULL: the parameter recheck_hours (24); 0: no recheck
-- Returns one row: status ('done', 'nothing' or 'locked'), hoursNew, hoursChanged (processed hours
-- the recheck found changed and reprocessed), detailRows (written this run), eventsConsolidated,
-- firstHour, lastHour (processed this run), processedThrough, durationMicros.
-- Errors: 30201-30205 from the parts (30201 only for a lock lost mid-run; a busy lock is not an error).
-- Example: CALL kinton_accounting.ROLLUP_RUN(NULL, NULL, NULL, NULL);
CREATE OR REPLACE PROCEDURE kinton_accounting.ROLLUP_RUN(
  IN p_now DATETIME,
  IN p_until DATETIME,
  IN p_settle_seconds INT,
  IN p_recheck_hours INT
)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'A whole rollup run (lock, recheck, catch-up, consolidate, log); returns one summary row'
BEGIN
  DECLARE v_autocommit TINYINT DEFAULT NULL;
  DECLARE v_t0 DATETIME(6);
  DECLARE v_locked TINYINT DEFAULT 0;
  DECLARE v_new INT UNSIGNED DEFAULT 0;
  DECLARE v_changed INT UNSIGNED DEFAULT 0;
  DECLARE v_hour DATETIME;
  DECLARE v_first DATETIME;
  DECLARE v_last DATETIME;
  DECLARE v_rows INT UNSIGNED;
  DECLARE v_status VARCHAR(16);
  DECLARE v_total_rows BIGINT UNSIGNED DEFAULT 0;
  DECLARE v_hours INT UNSIGNED DEFAULT 0;
  DECLARE v_hours_changed INT UNSIGNED DEFAULT 0;
  DECLARE v_events BIGINT UNSIGNED DEFAULT 0;
  DECLARE v_through DATETIME;
  DECLARE v_micros BIGINT UNSIGNED;
  DECLARE v_errno INT;
  DECLARE v_text VARCHAR(512);
  DECLARE v_msg VARCHAR(2048);

  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    GET DIAGNOSTICS CONDITION 1 v_errno = MYSQL_ERRNO, v_text = MESSAGE_TEXT;
    ROLLBACK;
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_plan;
    CALL kinton_accounting.JOB_FAIL('rollup',
      CONCAT('run failed', IF(v_hour IS NULL, '', CONCAT(' at hour ', v_hour)), ' after ', v_hours,
             ' hour(s): error ', v_errno, ': ', v_text),
      v_locked, v_autocommit);
    RESIGNAL;
  END;

  -- Outside any transaction, with autocommit on (the session's setting comes back on the way out).
  CALL kinton_accounting.JOB_ENTER('rollup', v_autocommit);
  SET v_t0 = SYSDATE(6);

  -- On a Galera cluster, read what other nodes committed first; then the run lock, without
  -- waiting (held: a WARN line, nothing done; held too long: 30206, logged by the handler).
  CALL kinton_accounting.RUN_LOCK_TRY('rollup', v_locked);
  IF v_locked = 0 THEN
    SELECT 'locked' AS status, 0 AS hoursNew, 0 AS hoursChanged, 0 AS detailRows,
           0 AS eventsConsolidated, NULL AS firstHour, NULL AS lastHour, NULL AS processedThrough,
           TIMESTAMPDIFF(MICROSECOND, v_t0, SYSDATE(6)) AS durationMicros;
  ELSE
    -- Monthly partitions of the detail a month ahead, before any hour (DDL commits: never
    -- inside an hour's transaction).
    CALL kinton_accounting.DETAIL_PARTITIONS_ENSURE(COALESCE(p_now, UTC_TIMESTAMP()) + INTERVAL 1 MONTH);
    CALL kinton_accounting.ROLLUP_DO_PLAN(p_now, p_until, p_settle_seconds, p_recheck_hours,
                                          v_new, v_changed);
    SET v_hour = (SELECT MIN(p.starttime) FROM kinton_accounting.tmp_rollup_plan p);
    WHILE v_hour IS NOT NULL DO
      BEGIN
        -- A deadlock (1213) inside the hour's transaction: on a Galera cluster, another node's
        -- hour won certification. The ledger row is the final claim: when the hour is in it, it
        -- was processed; move on. Otherwise the error stands.
        DECLARE EXIT HANDLER FOR 1213
        BEGIN
          IF EXISTS (SELECT 1 FROM kinton_accounting.accounting_rollup_ledger l WHERE l.starttime = v_hour) THEN
            SET v_rows = 0, v_status = 'unchanged';
          ELSE
            RESIGNAL;
          END IF;
        END;
        CALL kinton_accounting.ROLLUP_DO_HOUR(v_hour, v_rows, v_status);
      END;
      SET v_hours = v_hours + 1, v_total_rows = v_total_rows + v_rows;
      IF v_status = 'changed' THEN
        SET v_hours_changed = v_hours_changed + 1;
      END IF;
      SET v_first = COALESCE(v_first, v_hour), v_last = v_hour;
      SET v_hour = (SELECT MIN(p.starttime) FROM kinton_accounting.tmp_rollup_plan p
                    WHERE p.starttime > v_hour);
    END WHILE;
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_plan;

    CALL kinton_accounting.ROLLUP_DO_CONSOLIDATE(v_events, v_through);
    CALL kinton_accounting.BUDGET_NOTICES();

    SET v_micros = TIMESTAMPDIFF(MICROSECOND, v_t0, SYSDATE(6));
    IF v_hours = 0 THEN
      SET v_msg = CONCAT('run: nothing to do; processed through ', COALESCE(v_through, '(nothing yet)'));
    ELSE
      SET v_msg = CONCAT('run: ', v_hours, ' hour(s) processed (', v_first, ' .. ', v_last, '), ',
                         v_new, ' new, ', v_changed, ' changed since processed; ', v_total_rows,
                         ' detail rows; processed through ', COALESCE(v_through, '-'));
    END IF;
    SET v_msg = CONCAT(v_msg, '; ', v_events, ' event(s) consolidated; ',
                       CAST(v_micros / 1000000 AS DECIMAL(20,3)), ' s');
    CALL kinton_accounting.JOB_DONE('rollup', v_msg);
    SET v_locked = 0;
    SELECT IF(v_hours = 0, 'nothing', 'done') AS status, v_new AS hoursNew,
           v_changed AS hoursChanged, v_total_rows AS detailRows, v_events AS eventsConsolidated,
           v_first AS firstHour, v_last AS lastHour, v_through AS processedThrough,
           v_micros AS durationMicros;
  END IF;
  SET autocommit = v_autocommit;
END
