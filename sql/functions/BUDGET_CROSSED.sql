-- BUDGET_CROSSED: whether a cost has reached a threshold of a budget (percent of the amount; a
-- cost exactly at the threshold has crossed it), the one rule BUDGET_STATUS_VW and BUDGET_NOTICES
-- follow.
-- Example: SELECT kinton_accounting.BUDGET_CROSSED(175.00, 350.00, 50);  -- 1
CREATE OR REPLACE FUNCTION kinton_accounting.BUDGET_CROSSED(
  p_cost DECIMAL(38,12), p_amount DECIMAL(38,12), p_percent SMALLINT UNSIGNED)
RETURNS TINYINT
DETERMINISTIC
NO SQL
SQL SECURITY INVOKER
COMMENT 'Whether p_cost has reached p_percent % of the budget p_amount'
RETURN p_cost * 100 >= p_amount * p_percent
