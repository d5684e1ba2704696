-- ROLLUP_DO_PLAN: decides what a run processes, the rules of the contract, into the temporary
-- table tmp_rollup_plan (starttime, reason), for ROLLUP_PLAN and ROLLUP_RUN. Clients call ROLLUP_PLAN.
--   now     p_now, or UTC_TIMESTAMP() when NULL;
--   settle  p_settle_seconds, or the parameter settle_seconds when NULL;
--   recheck p_recheck_hours, or the parameter recheck_hours when NULL (0: no recheck).
-- 'recheck': a processed hour among the last p_recheck_hours processed ones (ending at the newest)
-- whose events no longer match the ledger's fingerprint. 'new': an hour not yet processed, from
-- the start (set once: ROLLUP_SET_START, else the earliest event's hour, recorded by the first plan)
-- up to the last hour whose end is at or before min(p_until, now - settle). Never below the floor.
-- The recheck reads each event overlapping the window once, not once per hour: an event covering
-- the whole window contributes the same hash to every hour of it; only events that start or stop
-- inside the window are expanded per hour.
-- The event tables are those of accounting_managed_table (resourceKind set); each one's
-- fingerprint string comes from its view (rollup_fp_*), the one ROLLUP_DO_HOUR's phase 4 hashes,
-- through the statements MANAGED_TABLE_SQL writes (prepared at install by MANAGED_TABLE_CHECK).
-- Errors: 30201 ROLLUP_LOCKED, 30204 ROLLUP_BAD_ARGUMENT, 30205 ROLLUP_BAD_PARAMETER,
-- 30208 ROLLUP_FUTURE_HOUR (p_now ahead of the server clock).
-- Example: CALL kinton_accounting.ROLLUP_DO_PLAN(NULL, NULL, NULL, NULL, @new, @changed);
--          SELECT * FROM kinton_accounting.tmp_rollup_plan ORDER BY starttime;
CREATE OR REPLACE PROCEDURE kinton_accounting.ROLLUP_DO_PLAN(
  IN p_now DATETIME,
  IN p_until DATETIME,
  IN p_settle_seconds INT,
  IN p_recheck_hours INT,
  OUT p_new_hours INT UNSIGNED,
  OUT p_changed_hours INT UNSIGNED
)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Plans a rollup run into tmp_rollup_plan (internal: ROLLUP_PLAN is the public entry). OUT: new hours, changed hours'
BEGIN
  DECLARE v_autocommit TINYINT DEFAULT NULL;
  DECLARE v_now DATETIME;
  DECLARE v_settle BIGINT;
  DECLARE v_recheck BIGINT;
  DECLARE v_limit DATETIME;
  DECLARE v_last DATETIME;
  DECLARE v_floor DATETIME;
  DECLARE v_start DATETIME;
  DECLARE v_eff DATETIME;
  DECLARE v_newest DATETIME;
  DECLARE v_w0 DATETIME;
  DECLARE v_w1 DATETIME;
  DECLARE v_rows BIGINT;
  DECLARE v_locked TINYINT DEFAULT 0;
  DECLARE v_msg VARCHAR(512);

  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    ROLLBACK;
    SET @accounting_fp_w0 = NULL, @accounting_fp_w1 = NULL;
    CALL kinton_accounting.JOB_LEAVE(v_locked, v_autocommit);
    RESIGNAL;
  END;

  SET p_new_hours = 0, p_changed_hours = 0;
  -- Outside any transaction, with autocommit on (the session's setting comes back on the way out).
  CALL kinton_accounting.JOB_ENTER('rollup', v_autocommit);
  IF p_settle_seconds < 0 OR p_recheck_hours < 0 THEN
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30204,
      MESSAGE_TEXT = 'ROLLUP_BAD_ARGUMENT: settle seconds and recheck hours must not be negative';
  END IF;

  SET v_now = COALESCE(p_now, UTC_TIMESTAMP());
  IF v_now > UTC_TIMESTAMP() THEN
    -- a clock ahead of the server's would plan hours that have not happened
    SET v_msg = CONCAT('ROLLUP_FUTURE_HOUR: now ', v_now, ' is ahead of the server clock ', UTC_TIMESTAMP());
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30208, MESSAGE_TEXT = v_msg;
  END IF;
  SET v_settle = p_settle_seconds, v_recheck = p_recheck_hours;
  IF v_settle IS NULL THEN
    CALL kinton_accounting.ROLLUP_PARAMETER('settle_seconds', 'seconds', 9, v_settle);
  END IF;
  IF v_recheck IS NULL THEN
    CALL kinton_accounting.ROLLUP_PARAMETER('recheck_hours', 'hours', 6, v_recheck);
  END IF;

  CALL kinton_accounting.RUN_LOCK_REQUIRE('rollup', v_locked);

  -- The last hour to process ends at or before the limit.
  SET v_limit = v_now - INTERVAL v_settle SECOND;
  IF p_until IS NOT NULL AND p_until < v_limit THEN
    SET v_limit = p_until;
  END IF;
  SET v_last = TIMESTAMP(DATE(v_limit), MAKETIME(HOUR(v_limit), 0, 0)) - INTERVAL 1 HOUR;

  SET v_floor = (SELECT s.processedFloor FROM kinton_accounting.accounting_rollup_state s WHERE s.id = 1);
  SET v_start = (SELECT s.startHour FROM kinton_accounting.accounting_rollup_state s WHERE s.id = 1);
  IF v_start IS NULL THEN
    -- The first run starts at the earliest event's hour, and records it.
    SET v_start = kinton_accounting.EVENT_FIRST_START();
    IF v_start IS NOT NULL THEN
      SET v_start = TIMESTAMP(DATE(v_start), MAKETIME(HOUR(v_start), 0, 0));
      INSERT INTO kinton_accounting.accounting_rollup_state (id, startHour, processedFloor, updatedAt)
      VALUES (1, v_start, NULL, UTC_TIMESTAMP())
      ON DUPLICATE KEY UPDATE startHour = VALUES(startHour), updatedAt = VALUES(updatedAt);
    END IF;
  END IF;
  SET v_eff = GREATEST(v_start, COALESCE(v_floor, v_start));

  DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_plan;
  CREATE TEMPORARY TABLE kinton_accounting.tmp_rollup_plan (
    starttime DATETIME NOT NULL,
    reason VARCHAR(16) NOT NULL,
    PRIMARY KEY (starttime)
  ) ENGINE=InnoDB;

  SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
  START TRANSACTION;

  -- Recheck: the processed hours of the window, their fingerprints recomputed from the events.
  SET v_newest = (SELECT MAX(l.starttime) FROM kinton_accounting.accounting_rollup_ledger l
                  WHERE v_floor IS NULL OR l.starttime >= v_floor);
  IF v_recheck > 0 AND v_newest IS NOT NULL THEN
    CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_rollup_window');
    CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_rollup_fp');

    INSERT INTO kinton_accounting.tmp_rollup_window (starttime, hourEnd)
    SELECT l.starttime, l.starttime + INTERVAL 1 HOUR
    FROM kinton_accounting.accounting_rollup_ledger l
    WHERE l.starttime > v_newest - INTERVAL v_recheck HOUR
      AND l.starttime <= v_newest
      AND (v_floor IS NULL OR l.starttime >= v_floor);
    SET v_w0 = (SELECT MIN(starttime) FROM kinton_accounting.tmp_rollup_window);
    SET v_w1 = v_newest + INTERVAL 1 HOUR;

    -- Each event table's contributions (accounting_managed_table, by the statements
    -- MANAGED_TABLE_SQL writes from its eventView): the events covering the whole window,
    -- read once and added to every window hour, then those starting or stopping inside it.
    SET @accounting_fp_w0 = v_w0, @accounting_fp_w1 = v_w1;
    CALL kinton_accounting.MANAGED_TABLE_EXEC_EVENTS('fp_whole', v_rows);
    CALL kinton_accounting.MANAGED_TABLE_EXEC_EVENTS('fp_partial', v_rows);
    SET @accounting_fp_w0 = NULL, @accounting_fp_w1 = NULL;

    INSERT INTO kinton_accounting.tmp_rollup_plan (starttime, reason)
    SELECT w.starttime, 'recheck'
    FROM kinton_accounting.tmp_rollup_window w
    JOIN kinton_accounting.accounting_rollup_ledger l ON l.starttime = w.starttime
    LEFT JOIN kinton_accounting.tmp_rollup_fp f ON f.starttime = w.starttime
    WHERE l.fpCount <> COALESCE(f.fpCount, 0)
       OR l.fpSeconds <> COALESCE(f.fpSeconds, 0)
       OR l.fpHash <> COALESCE(f.fpHash, 0);
    SET p_changed_hours = ROW_COUNT();

    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_window;
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_fp;
  END IF;

  -- New: every unprocessed hour from the start to the last hour (gaps a recompute left included).
  IF v_eff IS NOT NULL AND v_eff <= v_last THEN
    INSERT INTO kinton_accounting.tmp_rollup_plan (starttime, reason)
    SELECT v_eff + INTERVAL q.seq HOUR, 'new'
    FROM kinton_accounting.seq_0_to_10000000 q
    WHERE q.seq <= TIMESTAMPDIFF(HOUR, v_eff, v_last)
      AND NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_rollup_ledger l
                      WHERE l.starttime = v_eff + INTERVAL q.seq HOUR);
    SET p_new_hours = ROW_COUNT();
  END IF;

  COMMIT;

  CALL kinton_accounting.RUN_LOCK_RELEASE();
  SET v_locked = 0;
  SET autocommit = v_autocommit;
END
