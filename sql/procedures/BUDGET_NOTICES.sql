-- BUDGET_NOTICES: writes a notice for every budget threshold newly crossed (BUDGET_CROSSED), once
-- per enterprise, month and threshold: a row in accounting_notice and an INFO line in the log
-- (source 'budget'). Called at the end of a rollup (ROLLUP_RUN, ROLLUP_CONSOLIDATE), in a short
-- transaction of its own. It looks at the month of the newest processed hour and the month before
-- (a catch-up across a month's end), so a budget set later does not notice closed months, and it
-- reads only those months' hourly cost (HOURLY_COST_VW, a range of the detail) of the enterprises
-- with a budget; nothing at all when no budget is set.
-- Example: CALL kinton_accounting.BUDGET_NOTICES();
CREATE OR REPLACE PROCEDURE kinton_accounting.BUDGET_NOTICES()
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Writes one notice per enterprise, month and budget threshold crossed (this month and the last)'
BEGIN
  DECLARE v_month DATETIME;
  SET v_month = (SELECT CAST(DATE_FORMAT(MAX(l.starttime), '%Y-%m-01') AS DATETIME)
                   FROM kinton_accounting.accounting_rollup_ledger l);
  IF v_month IS NOT NULL AND EXISTS (SELECT 1 FROM kinton_accounting.budget) THEN
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_budget_crossed;
    CREATE TEMPORARY TABLE kinton_accounting.tmp_budget_crossed ENGINE=InnoDB AS
    SELECT m.idEnterprise, m.enterpriseName, m.month, t.percent, m.cost, b.amount, b.currency
      FROM (SELECT h.idEnterprise, MAX(h.enterpriseName) AS enterpriseName,
                   CAST(DATE_FORMAT(h.starttime, '%Y-%m-01') AS DATETIME) AS month, h.currency,
                   SUM(h.cost) AS cost
              FROM kinton_accounting.HOURLY_COST_VW h
             WHERE h.starttime >= v_month - INTERVAL 1 MONTH AND h.starttime < v_month + INTERVAL 1 MONTH
               AND h.idEnterprise IN (SELECT b2.idEnterprise FROM kinton_accounting.budget b2)
             GROUP BY h.idEnterprise, 3, h.currency) m
      JOIN kinton_accounting.budget b ON b.idEnterprise = m.idEnterprise AND b.currency = m.currency
      JOIN kinton_accounting.budget_threshold t
        ON t.idEnterprise = b.idEnterprise AND kinton_accounting.BUDGET_CROSSED(m.cost, b.amount, t.percent)
     WHERE NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_notice n
                        WHERE n.idEnterprise = m.idEnterprise AND n.month = m.month AND n.percent = t.percent);
    START TRANSACTION;
    INSERT IGNORE INTO kinton_accounting.accounting_notice
      (idEnterprise, month, percent, noticedAt, cost, budget, currency)
    SELECT c.idEnterprise, c.month, c.percent, UTC_TIMESTAMP(), c.cost, c.amount, c.currency
      FROM kinton_accounting.tmp_budget_crossed c;
    INSERT INTO kinton_accounting.accounting_log (logTime, level, source, message)
    SELECT UTC_TIMESTAMP(), 'INFO', 'budget',
           LEFT(CONCAT('enterprise ', c.idEnterprise, ' (', COALESCE(c.enterpriseName, '?'), ') crossed ', c.percent,
                       '% of its budget for ', DATE_FORMAT(c.month, '%Y-%m'), ': ',
                       CAST(c.cost AS DECIMAL(38,2)), ' of ', CAST(c.amount AS DECIMAL(38,2)), ' ', c.currency), 2048)
      FROM kinton_accounting.tmp_budget_crossed c
     ORDER BY c.idEnterprise, c.month, c.percent;
    COMMIT;
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_budget_crossed;
  END IF;
END
