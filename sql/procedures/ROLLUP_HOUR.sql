-- ROLLUP_HOUR: processes one hour [p_hour, p_hour + 1h) atomically, the first time or again, and
-- returns one row: starttime, status ('new': first time; 'changed': its rows or fingerprint
-- differ from the previous run, whose ledger row went to the history; 'unchanged'), detailRows,
-- durationMicros. Every event overlapping the hour is read; the hour's detail rows, its share of
-- the daily and monthly summaries and its ledger row are replaced in one transaction.
-- This is what the tool calls hour by hour (after ROLLUP_PLAN) to show progress.
-- Errors: 30200 ROLLUP_BAD_HOUR (NULL or not on a whole hour), 30201 ROLLUP_LOCKED (another
-- connection holds the rollup lock), 30202 ROLLUP_BELOW_FLOOR, 30203 ROLLUP_IN_TRANSACTION.
-- Example: CALL kinton_accounting.ROLLUP_HOUR('2026-01-05 13:00:00');
CREATE OR REPLACE PROCEDURE kinton_accounting.ROLLUP_HOUR(IN p_hour DATETIME)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Processes one hour atomically; returns starttime, status (new|changed|unchanged), detailRows, durationMicros'
BEGIN
  DECLARE v_rows INT UNSIGNED;
  DECLARE v_status VARCHAR(16);
  DECLARE v_autocommit TINYINT DEFAULT NULL;
  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    CALL kinton_accounting.JOB_LEAVE(0, v_autocommit);
    RESIGNAL;
  END;

  -- Outside any transaction, with autocommit on (the session's setting comes back on the way out).
  CALL kinton_accounting.JOB_ENTER('rollup', v_autocommit);
  CALL kinton_accounting.ROLLUP_DO_HOUR(p_hour, v_rows, v_status);
  SELECT l.starttime, v_status AS status, l.detailRows, l.durationMicros
  FROM kinton_accounting.accounting_rollup_ledger l
  WHERE l.starttime = p_hour;
  SET autocommit = v_autocommit;
END
