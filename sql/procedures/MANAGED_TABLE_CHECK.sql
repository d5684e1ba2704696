-- MANAGED_TABLE_CHECK: prepares (without running) every statement MANAGED_TABLE_SQL writes for
-- every row of accounting_managed_table, and requires each statement a row's kind calls for (an
-- event table's, a summary's, any table's), so that a wrong row or
-- statement fails `accounting install`, which calls it last, rather than the first rollup or
-- purge that needs it.
-- Creates and drops the temporary tables the statements name. Returns the number of statements
-- checked; an error names the table and the use.
-- Example: CALL kinton_accounting.MANAGED_TABLE_CHECK();
CREATE OR REPLACE PROCEDURE kinton_accounting.MANAGED_TABLE_CHECK()
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Prepares every per-table statement of the rollup and the purge (install-time check)'
BEGIN
  DECLARE v_table VARCHAR(64) DEFAULT '';
  DECLARE v_use VARCHAR(32);
  DECLARE v_sql TEXT;
  DECLARE v_kind TINYINT UNSIGNED;
  DECLARE v_summary TINYINT;
  DECLARE v_checked INT DEFAULT 0;
  DECLARE v_text VARCHAR(512);
  DECLARE v_errno INT;

  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    GET DIAGNOSTICS CONDITION 1 v_errno = MYSQL_ERRNO, v_text = MESSAGE_TEXT;
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_purge_ids, kinton_accounting.tmp_rollup_cons,
      kinton_accounting.tmp_rollup_window, kinton_accounting.tmp_rollup_fp, kinton_accounting.tmp_rollup_owner,
      kinton_accounting.tmp_rollup_need, kinton_accounting.tmp_rollup_name, kinton_accounting.tmp_rollup_iv,
      kinton_accounting.tmp_rollup_delta, kinton_accounting.tmp_verify_us,
      kinton_accounting.tmp_fix, kinton_accounting.tmp_fix_mark, kinton_accounting.tmp_fix_opened;
    SET v_text = CONCAT('statement ', COALESCE(v_use, '?'), ' of ', COALESCE(v_table, '?'), ': ', v_text);
    RESIGNAL SET MESSAGE_TEXT = v_text;
  END;

  CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_purge_ids');
  CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_rollup_cons');
  CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_rollup_window');
  CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_rollup_fp');
  CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_rollup_owner');
  CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_rollup_need');
  CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_rollup_name');
  CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_rollup_iv');
  CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_rollup_delta');
  CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_verify_us');
  CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_fix');
  CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_fix_mark');
  CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_fix_opened');
  SET v_table = (SELECT MIN(m.tableName) FROM kinton_accounting.accounting_managed_table m);
  WHILE v_table IS NOT NULL DO
    SELECT m.resourceKind, m.summaryStart IS NOT NULL INTO v_kind, v_summary
    FROM kinton_accounting.accounting_managed_table m
    WHERE m.tableName = v_table;
    SET v_use = 'purge_count';
    WHILE v_use IS NOT NULL DO
      SET v_sql = kinton_accounting.MANAGED_TABLE_SQL(v_table, v_use);
      -- Every table has the purge's count; an event table every statement but the purge's plain
      -- delete and the summaries'; any other table that delete, and a summary its two statements.
      IF v_sql IS NULL AND CASE WHEN v_use = 'purge_count' THEN 1
                                WHEN v_use = 'purge_delete' THEN v_kind IS NULL
                                WHEN v_use LIKE 'summary\_%' THEN v_summary
                                ELSE v_kind IS NOT NULL END THEN
        SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30400, MESSAGE_TEXT = 'MANAGED_TABLE_UNKNOWN: no statement';
      END IF;
      IF v_sql IS NOT NULL THEN
        PREPARE s_accounting_managed_check FROM v_sql;
        DEALLOCATE PREPARE s_accounting_managed_check;
        SET v_checked = v_checked + 1;
      END IF;
      SET v_use = CASE v_use WHEN 'purge_count' THEN 'purge_delete' WHEN 'purge_delete' THEN 'purge_pick'
                             WHEN 'purge_pick' THEN 'purge_delete_ids' WHEN 'purge_delete_ids' THEN 'consolidate_pick'
                             WHEN 'consolidate_pick' THEN 'consolidate_batch' WHEN 'consolidate_batch' THEN 'fp_whole'
                             WHEN 'fp_whole' THEN 'fp_partial' WHEN 'fp_partial' THEN 'rollup_owner'
                             WHEN 'rollup_owner' THEN 'rollup_need' WHEN 'rollup_need' THEN 'rollup_attached'
                             WHEN 'rollup_attached' THEN 'rollup_interval' WHEN 'rollup_interval' THEN 'verify_us'
                             WHEN 'verify_us' THEN 'fix_close' WHEN 'fix_close' THEN 'fix_mark'
                             WHEN 'fix_mark' THEN 'fix_opened' WHEN 'fix_opened' THEN 'summary_add'
                             WHEN 'summary_add' THEN 'summary_prune' END;
    END WHILE;
    SET v_table = (SELECT MIN(m.tableName) FROM kinton_accounting.accounting_managed_table m
                   WHERE m.tableName > v_table);
  END WHILE;
  DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_purge_ids, kinton_accounting.tmp_rollup_cons,
    kinton_accounting.tmp_rollup_window, kinton_accounting.tmp_rollup_fp, kinton_accounting.tmp_rollup_owner,
    kinton_accounting.tmp_rollup_need, kinton_accounting.tmp_rollup_name, kinton_accounting.tmp_rollup_iv,
      kinton_accounting.tmp_rollup_delta, kinton_accounting.tmp_verify_us,
      kinton_accounting.tmp_fix, kinton_accounting.tmp_fix_mark, kinton_accounting.tmp_fix_opened;
  SELECT v_checked AS statementsChecked;
END
