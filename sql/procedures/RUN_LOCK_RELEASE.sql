-- RUN_LOCK_RELEASE: releases one hold of the run lock taken by RUN_LOCK_TAKE on this
-- connection; the last hold frees it. A connection that does not hold it changes nothing.
-- A short transaction of its own (call it outside a transaction). When a holder's connection
-- ends without releasing, the lock is free for the next taker on the same server at once.
-- Example: CALL kinton_accounting.RUN_LOCK_RELEASE();
CREATE OR REPLACE PROCEDURE kinton_accounting.RUN_LOCK_RELEASE()
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Releases one hold of the run lock taken on this connection'
BEGIN
  DECLARE v_node VARCHAR(255) CHARACTER SET utf8mb4 DEFAULT kinton_accounting.RUN_LOCK_NODE();
  DECLARE v_hnode VARCHAR(255) CHARACTER SET utf8mb4;
  DECLARE v_conn BIGINT UNSIGNED;
  DECLARE v_token CHAR(32) CHARACTER SET ascii;
  DECLARE v_holds INT UNSIGNED DEFAULT 0;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_conn = NULL;

  IF @@in_transaction = 1 THEN
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30207,
      MESSAGE_TEXT = 'RUN_LOCK_IN_TRANSACTION: the run lock is released in a transaction of its own; call it outside one';
  END IF;
  START TRANSACTION;
  SELECT l.holderNode, l.holderConnection, l.holderToken, l.holds
    INTO v_hnode, v_conn, v_token, v_holds
    FROM kinton_accounting.accounting_run_lock l
   WHERE l.id = 1
     FOR UPDATE;
  IF v_hnode <=> v_node AND v_conn = CONNECTION_ID() AND v_holds > 0 THEN
    IF v_holds > 1 THEN
      UPDATE kinton_accounting.accounting_run_lock SET holds = holds - 1 WHERE id = 1;
    ELSE
      UPDATE kinton_accounting.accounting_run_lock
         SET holderNode = NULL, holderConnection = NULL, holderUser = NULL, holderToken = NULL,
             holds = 0, takenAt = NULL, renewedAt = NULL, expiresAt = NULL
       WHERE id = 1;
    END IF;
  END IF;
  COMMIT;
  IF v_hnode <=> v_node AND v_conn = CONNECTION_ID() AND v_holds = 1 THEN
    DO RELEASE_LOCK(CONCAT('kinton_accounting.run.', v_token));
  END IF;
END
