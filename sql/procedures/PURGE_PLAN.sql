-- PURGE_PLAN: what a purge at p_now (NULL: UTC_TIMESTAMP()) would delete, without deleting
-- anything (`accounting purge --dry-run`): one row per table, in the order the purge goes:
-- tableName, parameter (its retention), retentionDays, cutoff (rows strictly before it go; NULL:
-- nothing goes, before the first rollup), rowsToDelete, partitionsToDrop (monthly partitions of
-- accounting_event_detail that go whole), processedFloor (now) and newProcessedFloor (after the
-- purge). The rules are PURGE_DO_CUTOFFS's. The tool holds the rollup lock
-- (RUN_LOCK_TAKE), calls this, exports what it lists, then calls PURGE_BATCH for each table until
-- it says no more: what PURGE_RUN does in one call. Takes no lock and writes nothing.
-- Errors: 30302 PURGE_IN_TRANSACTION, 30303 PURGE_BAD_PARAMETER.
-- Example: CALL kinton_accounting.PURGE_PLAN('2026-03-10 00:00:00');
CREATE OR REPLACE PROCEDURE kinton_accounting.PURGE_PLAN(IN p_now DATETIME)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Lists per table what a purge at p_now would delete: cutoff, rowsToDelete, partitionsToDrop, floors; deletes nothing'
BEGIN
  DECLARE v_autocommit TINYINT DEFAULT NULL;
  DECLARE v_floor_old DATETIME;
  DECLARE v_floor_new DATETIME;
  DECLARE v_detail_cut DATETIME;

  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    ROLLBACK;
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_purge_plan;
    IF v_autocommit IS NOT NULL THEN
      SET autocommit = v_autocommit;
    END IF;
    RESIGNAL;
  END;

  IF @@in_transaction = 1 THEN
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30302,
      MESSAGE_TEXT = 'PURGE_IN_TRANSACTION: the purge commits each batch itself; call it outside a transaction';
  END IF;
  -- Run with autocommit on (nothing is open, checked above); the session's setting comes back
  -- on the way out, and the result is read before, so no read transaction stays open.
  SET v_autocommit = @@autocommit;
  SET autocommit = 1;

  CALL kinton_accounting.PURGE_DO_CUTOFFS(p_now, v_floor_old, v_floor_new);

  SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
  START TRANSACTION;
  UPDATE kinton_accounting.tmp_purge_plan t
  SET t.rowsToDelete = (SELECT COUNT(*) FROM kinton_accounting.accounting_event_vm e
                        WHERE e.consolidated = 1 AND e.startTime < t.cutoff AND e.stopTime < t.cutoff)
  WHERE t.pos = 1 AND t.cutoff IS NOT NULL;
  UPDATE kinton_accounting.tmp_purge_plan t
  SET t.rowsToDelete = (SELECT COUNT(*) FROM kinton_accounting.accounting_event_pm e
                        WHERE e.consolidated = 1 AND e.startTime < t.cutoff AND e.stopTime < t.cutoff)
  WHERE t.pos = 2 AND t.cutoff IS NOT NULL;
  UPDATE kinton_accounting.tmp_purge_plan t
  SET t.rowsToDelete = (SELECT COUNT(*) FROM kinton_accounting.accounting_event_repository e
                        WHERE e.consolidated = 1 AND e.startTime < t.cutoff AND e.stopTime < t.cutoff)
  WHERE t.pos = 3 AND t.cutoff IS NOT NULL;
  UPDATE kinton_accounting.tmp_purge_plan t
  SET t.rowsToDelete = (SELECT COUNT(*) FROM kinton_accounting.accounting_event_storage e
                        WHERE e.consolidated = 1 AND e.startTime < t.cutoff AND e.stopTime < t.cutoff)
  WHERE t.pos = 4 AND t.cutoff IS NOT NULL;
  UPDATE kinton_accounting.tmp_purge_plan t
  SET t.rowsToDelete = (SELECT COUNT(*) FROM kinton_accounting.accounting_event_ips e
                        WHERE e.consolidated = 1 AND e.startTime < t.cutoff AND e.stopTime < t.cutoff)
  WHERE t.pos = 5 AND t.cutoff IS NOT NULL;
  UPDATE kinton_accounting.tmp_purge_plan t
  SET t.rowsToDelete = (SELECT COUNT(*) FROM kinton_accounting.accounting_event_vlan e
                        WHERE e.consolidated = 1 AND e.startTime < t.cutoff AND e.stopTime < t.cutoff)
  WHERE t.pos = 6 AND t.cutoff IS NOT NULL;
  UPDATE kinton_accounting.tmp_purge_plan t
  SET t.rowsToDelete = (SELECT COUNT(*) FROM kinton_accounting.accounting_event_detail x WHERE x.starttime < t.cutoff)
  WHERE t.pos = 7 AND t.cutoff IS NOT NULL;
  UPDATE kinton_accounting.tmp_purge_plan t
  SET t.rowsToDelete = (SELECT COUNT(*) FROM kinton_accounting.accounting_summary_hourly x WHERE x.starttime < t.cutoff)
  WHERE t.pos = 8 AND t.cutoff IS NOT NULL;
  UPDATE kinton_accounting.tmp_purge_plan t
  SET t.rowsToDelete = (SELECT COUNT(*) FROM kinton_accounting.accounting_summary_daily x WHERE x.starttime < t.cutoff)
  WHERE t.pos = 9 AND t.cutoff IS NOT NULL;
  UPDATE kinton_accounting.tmp_purge_plan t
  SET t.rowsToDelete = (SELECT COUNT(*) FROM kinton_accounting.accounting_summary_monthly x WHERE x.starttime < t.cutoff)
  WHERE t.pos = 10 AND t.cutoff IS NOT NULL;
  UPDATE kinton_accounting.tmp_purge_plan t
  SET t.rowsToDelete = (SELECT COUNT(*) FROM kinton_accounting.accounting_rollup_ledger x WHERE x.starttime < t.cutoff)
  WHERE t.pos = 11 AND t.cutoff IS NOT NULL;
  UPDATE kinton_accounting.tmp_purge_plan t
  SET t.rowsToDelete = (SELECT COUNT(*) FROM kinton_accounting.accounting_rollup_ledger_history x WHERE x.starttime < t.cutoff)
  WHERE t.pos = 12 AND t.cutoff IS NOT NULL;
  UPDATE kinton_accounting.tmp_purge_plan t
  SET t.rowsToDelete = (SELECT COUNT(*) FROM kinton_accounting.accounting_log x WHERE x.logTime < t.cutoff)
  WHERE t.pos = 13 AND t.cutoff IS NOT NULL;

  -- Whole monthly partitions of the detail below its cut-off (PURGE_DO_BATCH drops those).
  SET v_detail_cut = (SELECT t.cutoff FROM kinton_accounting.tmp_purge_plan t WHERE t.pos = 7);
  IF v_detail_cut IS NOT NULL AND @accounting_purge_no_drop IS NULL THEN
    UPDATE kinton_accounting.tmp_purge_plan t
    SET t.partitionsToDrop = (
      SELECT COUNT(*) FROM information_schema.PARTITIONS p
      WHERE p.TABLE_SCHEMA = 'kinton_accounting' AND p.TABLE_NAME = 'accounting_event_detail'
        AND p.PARTITION_NAME REGEXP '^p[0-9]{6}$'
        AND CAST(CONCAT(SUBSTRING(p.PARTITION_NAME, 2, 4), '-', SUBSTRING(p.PARTITION_NAME, 6, 2), '-01') AS DATE)
            + INTERVAL 1 MONTH <= v_detail_cut)
    WHERE t.pos = 7;
  END IF;
  COMMIT;

  SELECT t.tableName, t.parameter, t.retentionDays, t.cutoff, t.rowsToDelete, t.partitionsToDrop,
         v_floor_old AS processedFloor, v_floor_new AS newProcessedFloor
  FROM kinton_accounting.tmp_purge_plan t
  ORDER BY t.pos;
  DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_purge_plan;
  SET autocommit = v_autocommit;
END
