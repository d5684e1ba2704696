-- DDL_TRY: runs one DDL statement p_sql (a partition change of accounting_event_detail) waiting at
-- most p_wait_seconds for its metadata lock, and reports a failure instead of raising it: p_errno
-- and p_text are the error's number and message, both NULL when the statement ran. Readers of a
-- table (a long report) hold its metadata lock, and every new reader queues behind a waiting
-- ALTER, so a partition change gives up early; the caller decides what a failure means (a WARN
-- line, another way). The session's lock_wait_timeout is back as it was afterwards. DDL commits:
-- call it outside a transaction.
-- Internal: DETAIL_PARTITIONS_ENSURE and PURGE_DO_BATCH call it.
-- Example: CALL kinton_accounting.DDL_TRY('ALTER TABLE kinton_accounting.accounting_event_detail DROP PARTITION p202301', 2, @errno, @text);
CREATE OR REPLACE PROCEDURE kinton_accounting.DDL_TRY(
  IN p_sql TEXT,
  IN p_wait_seconds INT,
  OUT p_errno INT,
  OUT p_text VARCHAR(512)
)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Runs one DDL statement with a short metadata lock wait; OUT: its error number and message (NULL: it ran) instead of raising it (internal)'
BEGIN
  DECLARE v_wait BIGINT DEFAULT @@session.lock_wait_timeout;
  DECLARE v_errno INT DEFAULT NULL;
  DECLARE v_text VARCHAR(512) DEFAULT NULL;

  SET SESSION lock_wait_timeout = p_wait_seconds;
  BEGIN
    DECLARE CONTINUE HANDLER FOR SQLEXCEPTION
      GET DIAGNOSTICS CONDITION 1 v_errno = MYSQL_ERRNO, v_text = MESSAGE_TEXT;
    PREPARE s_ddl_try FROM p_sql;
    EXECUTE s_ddl_try;
    DEALLOCATE PREPARE s_ddl_try;
  END;
  SET SESSION lock_wait_timeout = v_wait;
  SET p_errno = v_errno, p_text = v_text;
END
