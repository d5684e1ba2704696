-- ROLLUP_PROCESSED_THROUGH: how far the processed hours reach, the one rule the consolidation and
-- the purge follow: p_through is the first unprocessed hour at or after max(start, floor), that is
-- the end of the run of processed hours (accounting_rollup_ledger) that begins there; NULL before
-- the rollup has a start. p_floor is the processed floor (NULL: none yet). Reads
-- accounting_rollup_state and the ledger; writes nothing.
-- Internal: ROLLUP_DO_CONSOLIDATE and PURGE_DO_CUTOFFS call it.
-- Example: CALL kinton_accounting.ROLLUP_PROCESSED_THROUGH(@floor, @through); SELECT @floor, @through;
CREATE OR REPLACE PROCEDURE kinton_accounting.ROLLUP_PROCESSED_THROUGH(
  OUT p_floor DATETIME,
  OUT p_through DATETIME
)
READS SQL DATA
SQL SECURITY INVOKER
COMMENT 'The end of the processed hours counted from max(start, floor), and the processed floor (internal)'
BEGIN
  DECLARE v_start DATETIME;
  DECLARE v_floor DATETIME;
  DECLARE v_eff DATETIME;
  DECLARE v_through DATETIME DEFAULT NULL;

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
  SET p_floor = v_floor, p_through = v_through;
END
