-- BUDGET_NOTICES: writes a notice for every budget threshold newly crossed (BUDGET_STATUS_VW), once
-- per enterprise, month and threshold: a row in accounting_notice and an INFO line in the log
-- (source 'budget'). Called at the end of a rollup (ROLLUP_RUN, ROLLUP_CONSOLIDATE), in a short
-- transaction of its own; reads nothing when no budget is set.
-- Example: CALL kinton_accounting.BUDGET_NOTICES();
CREATE OR REPLACE PROCEDURE kinton_accounting.BUDGET_NOTICES()
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Writes one notice per enterprise, month and budget threshold crossed'
BEGIN
  IF EXISTS (SELECT 1 FROM kinton_accounting.budget) THEN
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_budget_crossed;
    CREATE TEMPORARY TABLE kinton_accounting.tmp_budget_crossed ENGINE=InnoDB AS
    SELECT s.idEnterprise, s.enterpriseName, s.month, t.percent, s.costToDate, s.budget, s.currency
      FROM kinton_accounting.BUDGET_STATUS_VW s
      JOIN kinton_accounting.budget_threshold t
        ON t.idEnterprise = s.idEnterprise AND s.costToDate * 100 >= s.budget * t.percent
     WHERE NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_notice n
                        WHERE n.idEnterprise = s.idEnterprise AND n.month = s.month AND n.percent = t.percent);
    START TRANSACTION;
    INSERT IGNORE INTO kinton_accounting.accounting_notice
      (idEnterprise, month, percent, noticedAt, cost, budget, currency)
    SELECT c.idEnterprise, c.month, c.percent, UTC_TIMESTAMP(), c.costToDate, c.budget, c.currency
      FROM kinton_accounting.tmp_budget_crossed c;
    INSERT INTO kinton_accounting.accounting_log (logTime, level, source, message)
    SELECT UTC_TIMESTAMP(), 'INFO', 'budget',
           LEFT(CONCAT('enterprise ', c.idEnterprise, ' (', COALESCE(c.enterpriseName, '?'), ') crossed ', c.percent,
                       '% of its budget for ', DATE_FORMAT(c.month, '%Y-%m'), ': ',
                       CAST(c.costToDate AS DECIMAL(38,2)), ' of ', CAST(c.budget AS DECIMAL(38,2)), ' ', c.currency), 2048)
      FROM kinton_accounting.tmp_budget_crossed c
     ORDER BY c.idEnterprise, c.month, c.percent;
    COMMIT;
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_budget_crossed;
  END IF;
END
