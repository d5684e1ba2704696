-- budget: an enterprise's monthly budget, in the currency of the price list that priced it when
-- the budget was set (a month's cost in other currencies does not count against it). Its
-- thresholds (percent of the amount) are in budget_threshold.
-- Example: SELECT * FROM kinton_accounting.budget;
CREATE TABLE IF NOT EXISTS kinton_accounting.budget (
  idEnterprise INT UNSIGNED NOT NULL,
  amount DECIMAL(38,12) NOT NULL,
  currency CHAR(3) CHARACTER SET ascii NOT NULL,
  setAt DATETIME NOT NULL,
  PRIMARY KEY (idEnterprise),
  CONSTRAINT ck_budget_amount CHECK (amount > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Monthly budgets per enterprise, in a currency'
