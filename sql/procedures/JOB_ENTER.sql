-- JOB_ENTER: how every rollup and purge procedure starts, written once. A job commits its own
-- short transactions, so it refuses to run inside a transaction the caller holds open, then runs
-- with autocommit on whatever the session had; p_autocommit is the session's setting, which the
-- job gives back on the way out (its error handler through JOB_LEAVE).
--   p_job  'rollup' (error 30203 ROLLUP_IN_TRANSACTION) or 'purge' (30302 PURGE_IN_TRANSACTION)
-- Internal: the ROLLUP_* and PURGE_* procedures call it first.
-- Example (inside a procedure): CALL kinton_accounting.JOB_ENTER('rollup', v_autocommit);
CREATE OR REPLACE PROCEDURE kinton_accounting.JOB_ENTER(
  IN p_job VARCHAR(16),
  OUT p_autocommit TINYINT
)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Refuses an open transaction and turns autocommit on for a rollup or purge job (internal). OUT: the session''s autocommit'
BEGIN
  IF @@in_transaction = 1 AND p_job = 'purge' THEN
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30302,
      MESSAGE_TEXT = 'PURGE_IN_TRANSACTION: the purge commits each batch itself; call it outside a transaction';
  END IF;
  IF @@in_transaction = 1 THEN
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30203,
      MESSAGE_TEXT = 'ROLLUP_IN_TRANSACTION: the rollup commits each hour itself; call it outside a transaction';
  END IF;
  SET p_autocommit = @@autocommit;
  SET autocommit = 1;
END
