-- BUDGET_STATUS_VW: per enterprise with a budget and UTC month with cost in the budget's currency:
-- the cost to date over the processed hours (MONTHLY_COST_VW), the budget, the share used
-- (percent), the highest threshold crossed (NULL: none), and a linear end-of-month forecast (the
-- cost to date over the month's processed hours, times the month's hours). It reads the cost of
-- every retained month of every enterprise: select a month and enterprise (WHERE) when asking.
-- Example: SELECT * FROM kinton_accounting.BUDGET_STATUS_VW WHERE month = '2026-01-01' ORDER BY sharePercent DESC;
CREATE OR REPLACE SQL SECURITY DEFINER VIEW kinton_accounting.BUDGET_STATUS_VW AS
SELECT m.idEnterprise AS idEnterprise,
       m.enterpriseName AS enterpriseName,
       m.month AS month,
       b.currency AS currency,
       m.cost AS costToDate,
       b.amount AS budget,
       CAST(m.cost * 100 / b.amount AS DECIMAL(38,4)) AS sharePercent,
       (SELECT MAX(t.percent) FROM kinton_accounting.budget_threshold t
         WHERE t.idEnterprise = b.idEnterprise AND kinton_accounting.BUDGET_CROSSED(m.cost, b.amount, t.percent)) AS thresholdCrossed,
       m.hoursProcessed AS hoursProcessed,
       TIMESTAMPDIFF(HOUR, m.month, m.month + INTERVAL 1 MONTH) AS hoursInMonth,
       CAST(m.cost * TIMESTAMPDIFF(HOUR, m.month, m.month + INTERVAL 1 MONTH) / NULLIF(m.hoursProcessed, 0)
            AS DECIMAL(38,12)) AS forecast
  FROM kinton_accounting.budget b
  JOIN (SELECT c.idEnterprise, MAX(c.enterpriseName) AS enterpriseName, c.starttime AS month, c.currency,
               COALESCE(SUM(c.cost), 0) AS cost,
               (SELECT COUNT(*) FROM kinton_accounting.accounting_rollup_ledger l
                 WHERE l.starttime >= c.starttime AND l.starttime < c.starttime + INTERVAL 1 MONTH) AS hoursProcessed
          FROM kinton_accounting.MONTHLY_COST_VW c
         GROUP BY c.idEnterprise, c.starttime, c.currency) m
    ON m.idEnterprise = b.idEnterprise AND m.currency = b.currency
