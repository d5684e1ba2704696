-- PURGE_CHECK_BATCH: the one place that says how many rows a purge batch may hold (1 to
-- 1,000,000: each batch is one transaction, and a larger one would hold its locks and undo for
-- too long). PURGE_RUN, PURGE_BATCH and PURGE_DO_BATCH call it, and so does the tool before a
-- purge (a dry run included) and before `schedule enable` writes the batch into the daily event.
-- Errors: 30300 PURGE_BAD_ARGUMENT (NULL, or outside 1 .. 1000000).
-- Example: CALL kinton_accounting.PURGE_CHECK_BATCH(10000);
CREATE OR REPLACE PROCEDURE kinton_accounting.PURGE_CHECK_BATCH(IN p_batch_rows BIGINT)
NO SQL
SQL SECURITY INVOKER
COMMENT 'Refuses a purge batch outside 1 .. 1000000 rows (30300)'
BEGIN
  IF p_batch_rows IS NULL OR p_batch_rows < 1 OR p_batch_rows > 1000000 THEN
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30300,
      MESSAGE_TEXT = 'PURGE_BAD_ARGUMENT: a purge batch is 1 to 1000000 rows';
  END IF;
END
