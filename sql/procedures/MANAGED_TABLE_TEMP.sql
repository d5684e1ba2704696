-- MANAGED_TABLE_TEMP: (re)creates, empty, the temporary table p_name that the per-table
-- statements of MANAGED_TABLE_SQL write or read, so that each is declared once:
--   tmp_purge_ids      the event ids a purge batch picked (id)
--   tmp_rollup_cons    the event ids a consolidation picked, numbered for batches (n, id)
--   tmp_rollup_window  the processed hours a recheck looks at (starttime, hourEnd)
--   tmp_rollup_fp      their fingerprints recomputed from the events (starttime, fpCount,
--                      fpSeconds, fpHash)
-- Internal: PURGE_DO_BATCH, ROLLUP_DO_CONSOLIDATE, ROLLUP_DO_PLAN and MANAGED_TABLE_CHECK call it.
-- Errors: 30400 MANAGED_TABLE_UNKNOWN (no such temporary table).
-- Example: CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_purge_ids');
CREATE OR REPLACE PROCEDURE kinton_accounting.MANAGED_TABLE_TEMP(IN p_name VARCHAR(64))
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Creates, empty, a temporary table of the per-table statements (internal)'
BEGIN
  DECLARE v_msg VARCHAR(512);
  IF p_name = 'tmp_purge_ids' THEN
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_purge_ids;
    CREATE TEMPORARY TABLE kinton_accounting.tmp_purge_ids (
      id BIGINT UNSIGNED NOT NULL,
      PRIMARY KEY (id)
    ) ENGINE=InnoDB;
  ELSEIF p_name = 'tmp_rollup_cons' THEN
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_cons;
    CREATE TEMPORARY TABLE kinton_accounting.tmp_rollup_cons (
      n BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      id BIGINT UNSIGNED NOT NULL,
      PRIMARY KEY (n)
    ) ENGINE=InnoDB;
  ELSEIF p_name = 'tmp_rollup_window' THEN
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_window;
    CREATE TEMPORARY TABLE kinton_accounting.tmp_rollup_window (
      starttime DATETIME NOT NULL,
      hourEnd DATETIME NOT NULL,
      PRIMARY KEY (starttime)
    ) ENGINE=InnoDB;
  ELSEIF p_name = 'tmp_rollup_fp' THEN
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_fp;
    CREATE TEMPORARY TABLE kinton_accounting.tmp_rollup_fp (
      starttime DATETIME NOT NULL,
      fpCount BIGINT UNSIGNED NOT NULL,
      fpSeconds BIGINT UNSIGNED NOT NULL,
      fpHash BIGINT UNSIGNED NOT NULL,
      PRIMARY KEY (starttime)
    ) ENGINE=InnoDB;
  ELSE
    SET v_msg = CONCAT('MANAGED_TABLE_UNKNOWN: no temporary table ', COALESCE(QUOTE(p_name), 'NULL'));
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30400, MESSAGE_TEXT = v_msg;
  END IF;
END
