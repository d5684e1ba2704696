-- RUN_LOCK_TAKE: takes the run lock of rollups and purges (the lease in accounting_run_lock),
-- waiting up to p_wait_seconds (0: one try). Only an account that may write the accounting
-- schema can take it. Re-entrant per connection: the tool holds it while the procedures it calls
-- take it again; every successful take is matched by one RUN_LOCK_RELEASE.
-- Whether a holder is alive is RUN_LOCK_ALIVE's rule (its connection here; its lease and its
-- node's cluster membership on another Galera node); a dead holder is taken over. The holder's
-- node is RUN_LOCK_NODE() (hostname:port, and on a Galera node its name and gcomm UUID). A lease
-- lasts run_lock.lease_seconds after the last take.
--   p_got     1 taken (or taken again), 0 another live holder has it
--   p_holder  who holds it when p_got = 0: connection, user@host, node, since when (UTC)
--   p_stuck   1 when that holder has held it for run_lock.alarm_seconds or more (a failure to
--             report, not a quiet success)
-- Each try is a short transaction of its own (call it outside a transaction); a concurrent claim
-- from another Galera node that wins certification (1213) counts as "held".
-- Errors: 30207 RUN_LOCK_IN_TRANSACTION.
-- Example: CALL kinton_accounting.RUN_LOCK_TAKE(0, @got, @holder, @stuck); SELECT @got, @holder, @stuck;
CREATE OR REPLACE PROCEDURE kinton_accounting.RUN_LOCK_TAKE(
  IN p_wait_seconds INT,
  OUT p_got TINYINT,
  OUT p_holder VARCHAR(1024),
  OUT p_stuck TINYINT)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Takes the run lock (a lease row; re-entrant per connection), waiting up to p_wait_seconds. OUT: got, holder, stuck'
BEGIN
  DECLARE v_deadline DATETIME(6);
  DECLARE v_now DATETIME;
  DECLARE v_node VARCHAR(255) CHARACTER SET utf8mb4 DEFAULT kinton_accounting.RUN_LOCK_NODE();
  DECLARE v_hnode VARCHAR(255) CHARACTER SET utf8mb4;
  DECLARE v_conn BIGINT UNSIGNED;
  DECLARE v_user VARCHAR(512) CHARACTER SET utf8mb4;
  DECLARE v_token CHAR(32) CHARACTER SET ascii;
  DECLARE v_holds INT UNSIGNED;
  DECLARE v_taken DATETIME;
  DECLARE v_expires DATETIME;
  DECLARE v_alive TINYINT;
  DECLARE v_new CHAR(32) CHARACTER SET ascii;
  DECLARE v_lease INT UNSIGNED;
  DECLARE v_alarm INT UNSIGNED;

  IF @@in_transaction = 1 THEN
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30207,
      MESSAGE_TEXT = 'RUN_LOCK_IN_TRANSACTION: the run lock is taken in a transaction of its own; call it outside one';
  END IF;
  SET p_got = 0, p_holder = NULL, p_stuck = 0;
  SET v_lease = COALESCE((SELECT CAST(p.value AS UNSIGNED) FROM kinton_accounting.accounting_parameter p
                           WHERE p.name = 'run_lock.lease_seconds'), 900);
  SET v_alarm = COALESCE((SELECT CAST(p.value AS UNSIGNED) FROM kinton_accounting.accounting_parameter p
                           WHERE p.name = 'run_lock.alarm_seconds'), 7200);
  SET v_deadline = SYSDATE(6) + INTERVAL GREATEST(COALESCE(p_wait_seconds, 0), 0) SECOND;

  attempt: LOOP
    BEGIN
      -- another node's claim won certification: this try failed, the lock is held
      DECLARE EXIT HANDLER FOR 1213
      BEGIN
        ROLLBACK;
        IF v_new IS NOT NULL THEN
          DO RELEASE_LOCK(CONCAT('kinton_accounting.run.', v_new));
        END IF;
        SET p_got = 0, p_holder = COALESCE(p_holder, 'a concurrent claim from another node');
      END;
      SET v_new = NULL, v_hnode = NULL, v_conn = NULL, v_holds = 0;
      START TRANSACTION;
      INSERT IGNORE INTO kinton_accounting.accounting_run_lock (id, holds) VALUES (1, 0);
      SELECT l.holderNode, l.holderConnection, l.holderUser, l.holderToken, l.holds, l.takenAt, l.expiresAt
        INTO v_hnode, v_conn, v_user, v_token, v_holds, v_taken, v_expires
        FROM kinton_accounting.accounting_run_lock l
       WHERE l.id = 1
         FOR UPDATE;
      SET v_now = kinton_accounting.RUN_LOCK_CLOCK();
      SET v_alive = kinton_accounting.RUN_LOCK_ALIVE(v_hnode, v_conn, v_token, v_holds, v_expires);
      IF v_alive AND v_hnode <=> v_node AND v_conn = CONNECTION_ID() THEN
        UPDATE kinton_accounting.accounting_run_lock
           SET holds = holds + 1, renewedAt = v_now, expiresAt = v_now + INTERVAL v_lease SECOND
         WHERE id = 1;
        SET p_got = 1;
      ELSEIF NOT v_alive THEN
        SET v_new = MD5(CONCAT(RAND(), ':', CONNECTION_ID(), ':', SYSDATE(6), ':', v_node));
        IF GET_LOCK(CONCAT('kinton_accounting.run.', v_new), 0) = 1 THEN
          UPDATE kinton_accounting.accounting_run_lock
             SET holderNode = v_node, holderConnection = CONNECTION_ID(), holderUser = USER(),
                 holderToken = v_new, holds = 1, takenAt = v_now, renewedAt = v_now,
                 expiresAt = v_now + INTERVAL v_lease SECOND
           WHERE id = 1;
          SET p_got = 1;
        END IF;
      ELSE
        SET p_holder = CONCAT('connection ', v_conn, ' (', COALESCE(v_user, '?'), ') on ', v_hnode,
                              ' since ', DATE_FORMAT(v_taken, '%Y-%m-%dT%H:%i:%sZ'));
        SET p_stuck = TIMESTAMPDIFF(SECOND, v_taken, v_now) >= v_alarm;
      END IF;
      COMMIT;
    END;
    IF p_got = 1 OR p_stuck = 1 OR SYSDATE(6) >= v_deadline THEN
      LEAVE attempt;
    END IF;
    DO SLEEP(LEAST(1, TIMESTAMPDIFF(MICROSECOND, SYSDATE(6), v_deadline) / 1000000));
  END LOOP;
END
