-- ROLLUP_DO_CONSOLIDATE: sets consolidated = 1 on closed events whose hours are all processed,
-- that is, which stopped at or before p_through, the end of the processed hours counted from the
-- start (the first unprocessed hour at or after max(start, floor)). Runs after the hours' own
-- transactions, in short transactions of its own (batches of 1,000 rows by primary key), so the
-- rollup never holds locks on event rows while it writes an hour; the flag lets purge find the
-- events it may delete and keeps the forward run's index reads to the events still active.
-- An event lying wholly before the start is consolidated too: the rollup will never process it.
-- One block per event table (vm, pm, repository, storage, ips, vlan), written out rather than a
-- loop over the tables: a loop needs dynamic SQL (PREPARE from text built per table, each with its
-- own event id column), parsed on every call and never at install, so a syntax error would show on the
-- first run instead of failing `accounting install`. The six blocks are the same text up to the
-- table's name and id column: change them together.
-- Internal: ROLLUP_CONSOLIDATE and ROLLUP_RUN call it.
-- Example: CALL kinton_accounting.ROLLUP_DO_CONSOLIDATE(@events, @through);
CREATE OR REPLACE PROCEDURE kinton_accounting.ROLLUP_DO_CONSOLIDATE(
  OUT p_events BIGINT UNSIGNED,
  OUT p_through DATETIME
)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Flags closed events whose hours are all processed (internal: ROLLUP_CONSOLIDATE is the public entry)'
BEGIN
  DECLARE v_autocommit TINYINT DEFAULT NULL;
  DECLARE v_start DATETIME;
  DECLARE v_floor DATETIME;
  DECLARE v_eff DATETIME;
  DECLARE v_through DATETIME;
  DECLARE v_lo BIGINT UNSIGNED;
  DECLARE v_hi BIGINT UNSIGNED;
  DECLARE v_batch INT UNSIGNED DEFAULT 1000;
  DECLARE v_locked TINYINT DEFAULT 0;
  DECLARE v_lock_holder VARCHAR(1024);
  DECLARE v_lock_stuck TINYINT;
  DECLARE v_lock_msg VARCHAR(1200);

  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    ROLLBACK;
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_cons;
    IF v_locked = 1 THEN
      CALL kinton_accounting.RUN_LOCK_RELEASE();
    END IF;
    IF v_autocommit IS NOT NULL THEN
      SET autocommit = v_autocommit;
    END IF;
    RESIGNAL;
  END;

  SET p_events = 0, p_through = NULL;
  IF @@in_transaction = 1 THEN
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30203,
      MESSAGE_TEXT = 'ROLLUP_IN_TRANSACTION: the rollup commits each hour itself; call it outside a transaction';
  END IF;
  -- Each hour commits on its own: run with autocommit on whatever the session had (nothing is
  -- open, checked above), and give the session its setting back on the way out.
  SET v_autocommit = @@autocommit;
  SET autocommit = 1;
  CALL kinton_accounting.RUN_LOCK_TAKE(0, v_locked, v_lock_holder, v_lock_stuck);
  IF v_locked = 0 THEN
    SET v_lock_msg = CONCAT('ROLLUP_LOCKED: the run lock is held by ', COALESCE(v_lock_holder, 'another connection'));
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30201, MESSAGE_TEXT = v_lock_msg;
  END IF;

  SET v_start = (SELECT s.startHour FROM kinton_accounting.accounting_rollup_state s WHERE s.id = 1);
  SET v_floor = (SELECT s.processedFloor FROM kinton_accounting.accounting_rollup_state s WHERE s.id = 1);
  SET v_eff = GREATEST(v_start, COALESCE(v_floor, v_start));
  IF v_eff IS NOT NULL THEN
    IF EXISTS (SELECT 1 FROM kinton_accounting.accounting_rollup_ledger l WHERE l.starttime = v_eff) THEN
      SET v_through = (SELECT MIN(l.starttime) FROM kinton_accounting.accounting_rollup_ledger l
                       WHERE l.starttime >= v_eff
                         AND NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_rollup_ledger n
                                         WHERE n.starttime = l.starttime + INTERVAL 1 HOUR))
                      + INTERVAL 1 HOUR;
    ELSE
      SET v_through = v_eff;
    END IF;
  END IF;
  SET p_through = v_through;

  IF v_through IS NOT NULL THEN
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_cons;
    CREATE TEMPORARY TABLE kinton_accounting.tmp_rollup_cons (
      n BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      id BIGINT UNSIGNED NOT NULL,
      PRIMARY KEY (n)
    ) ENGINE=InnoDB;

    -- accounting_event_vm
    DELETE FROM kinton_accounting.tmp_rollup_cons;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
    START TRANSACTION;
    INSERT INTO kinton_accounting.tmp_rollup_cons (id)
    SELECT e.idVMAccountingEvent FROM kinton_accounting.accounting_event_vm e
    WHERE e.consolidated = 0 AND e.startTime < v_through AND e.stopTime <= v_through
    ORDER BY e.idVMAccountingEvent;
    COMMIT;
    SET v_lo = (SELECT MIN(n) FROM kinton_accounting.tmp_rollup_cons);
    SET v_hi = (SELECT MAX(n) FROM kinton_accounting.tmp_rollup_cons);
    WHILE v_lo <= v_hi DO
      SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
      START TRANSACTION;
      UPDATE kinton_accounting.tmp_rollup_cons c
      JOIN kinton_accounting.accounting_event_vm e ON e.idVMAccountingEvent = c.id
      SET e.consolidated = 1
      WHERE c.n >= v_lo AND c.n < v_lo + v_batch
        AND e.consolidated = 0 AND e.stopTime <= v_through;
      SET p_events = p_events + ROW_COUNT();
      COMMIT;
      SET v_lo = v_lo + v_batch;
    END WHILE;

    -- accounting_event_pm
    DELETE FROM kinton_accounting.tmp_rollup_cons;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
    START TRANSACTION;
    INSERT INTO kinton_accounting.tmp_rollup_cons (id)
    SELECT e.idPMAccountingEvent FROM kinton_accounting.accounting_event_pm e
    WHERE e.consolidated = 0 AND e.startTime < v_through AND e.stopTime <= v_through
    ORDER BY e.idPMAccountingEvent;
    COMMIT;
    SET v_lo = (SELECT MIN(n) FROM kinton_accounting.tmp_rollup_cons);
    SET v_hi = (SELECT MAX(n) FROM kinton_accounting.tmp_rollup_cons);
    WHILE v_lo <= v_hi DO
      SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
      START TRANSACTION;
      UPDATE kinton_accounting.tmp_rollup_cons c
      JOIN kinton_accounting.accounting_event_pm e ON e.idPMAccountingEvent = c.id
      SET e.consolidated = 1
      WHERE c.n >= v_lo AND c.n < v_lo + v_batch
        AND e.consolidated = 0 AND e.stopTime <= v_through;
      SET p_events = p_events + ROW_COUNT();
      COMMIT;
      SET v_lo = v_lo + v_batch;
    END WHILE;

    -- accounting_event_repository
    DELETE FROM kinton_accounting.tmp_rollup_cons;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
    START TRANSACTION;
    INSERT INTO kinton_accounting.tmp_rollup_cons (id)
    SELECT e.idRepoAccountingEvent FROM kinton_accounting.accounting_event_repository e
    WHERE e.consolidated = 0 AND e.startTime < v_through AND e.stopTime <= v_through
    ORDER BY e.idRepoAccountingEvent;
    COMMIT;
    SET v_lo = (SELECT MIN(n) FROM kinton_accounting.tmp_rollup_cons);
    SET v_hi = (SELECT MAX(n) FROM kinton_accounting.tmp_rollup_cons);
    WHILE v_lo <= v_hi DO
      SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
      START TRANSACTION;
      UPDATE kinton_accounting.tmp_rollup_cons c
      JOIN kinton_accounting.accounting_event_repository e ON e.idRepoAccountingEvent = c.id
      SET e.consolidated = 1
      WHERE c.n >= v_lo AND c.n < v_lo + v_batch
        AND e.consolidated = 0 AND e.stopTime <= v_through;
      SET p_events = p_events + ROW_COUNT();
      COMMIT;
      SET v_lo = v_lo + v_batch;
    END WHILE;

    -- accounting_event_storage
    DELETE FROM kinton_accounting.tmp_rollup_cons;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
    START TRANSACTION;
    INSERT INTO kinton_accounting.tmp_rollup_cons (id)
    SELECT e.idStorageAccountingEvent FROM kinton_accounting.accounting_event_storage e
    WHERE e.consolidated = 0 AND e.startTime < v_through AND e.stopTime <= v_through
    ORDER BY e.idStorageAccountingEvent;
    COMMIT;
    SET v_lo = (SELECT MIN(n) FROM kinton_accounting.tmp_rollup_cons);
    SET v_hi = (SELECT MAX(n) FROM kinton_accounting.tmp_rollup_cons);
    WHILE v_lo <= v_hi DO
      SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
      START TRANSACTION;
      UPDATE kinton_accounting.tmp_rollup_cons c
      JOIN kinton_accounting.accounting_event_storage e ON e.idStorageAccountingEvent = c.id
      SET e.consolidated = 1
      WHERE c.n >= v_lo AND c.n < v_lo + v_batch
        AND e.consolidated = 0 AND e.stopTime <= v_through;
      SET p_events = p_events + ROW_COUNT();
      COMMIT;
      SET v_lo = v_lo + v_batch;
    END WHILE;

    -- accounting_event_ips
    DELETE FROM kinton_accounting.tmp_rollup_cons;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
    START TRANSACTION;
    INSERT INTO kinton_accounting.tmp_rollup_cons (id)
    SELECT e.idIPAccountingEvent FROM kinton_accounting.accounting_event_ips e
    WHERE e.consolidated = 0 AND e.startTime < v_through AND e.stopTime <= v_through
    ORDER BY e.idIPAccountingEvent;
    COMMIT;
    SET v_lo = (SELECT MIN(n) FROM kinton_accounting.tmp_rollup_cons);
    SET v_hi = (SELECT MAX(n) FROM kinton_accounting.tmp_rollup_cons);
    WHILE v_lo <= v_hi DO
      SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
      START TRANSACTION;
      UPDATE kinton_accounting.tmp_rollup_cons c
      JOIN kinton_accounting.accounting_event_ips e ON e.idIPAccountingEvent = c.id
      SET e.consolidated = 1
      WHERE c.n >= v_lo AND c.n < v_lo + v_batch
        AND e.consolidated = 0 AND e.stopTime <= v_through;
      SET p_events = p_events + ROW_COUNT();
      COMMIT;
      SET v_lo = v_lo + v_batch;
    END WHILE;

    -- accounting_event_vlan
    DELETE FROM kinton_accounting.tmp_rollup_cons;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
    START TRANSACTION;
    INSERT INTO kinton_accounting.tmp_rollup_cons (id)
    SELECT e.idVLANAccountingEvent FROM kinton_accounting.accounting_event_vlan e
    WHERE e.consolidated = 0 AND e.startTime < v_through AND e.stopTime <= v_through
    ORDER BY e.idVLANAccountingEvent;
    COMMIT;
    SET v_lo = (SELECT MIN(n) FROM kinton_accounting.tmp_rollup_cons);
    SET v_hi = (SELECT MAX(n) FROM kinton_accounting.tmp_rollup_cons);
    WHILE v_lo <= v_hi DO
      SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
      START TRANSACTION;
      UPDATE kinton_accounting.tmp_rollup_cons c
      JOIN kinton_accounting.accounting_event_vlan e ON e.idVLANAccountingEvent = c.id
      SET e.consolidated = 1
      WHERE c.n >= v_lo AND c.n < v_lo + v_batch
        AND e.consolidated = 0 AND e.stopTime <= v_through;
      SET p_events = p_events + ROW_COUNT();
      COMMIT;
      SET v_lo = v_lo + v_batch;
    END WHILE;
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_cons;
  END IF;

  CALL kinton_accounting.RUN_LOCK_RELEASE();
  SET v_locked = 0;
  SET autocommit = v_autocommit;
END
