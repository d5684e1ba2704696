-- budget_threshold: the shares of an enterprise's monthly budget (percent) whose crossing writes a
-- notice (accounting_notice), 50, 80 and 100 unless set otherwise.
-- Example: SELECT * FROM kinton_accounting.budget_threshold WHERE idEnterprise = 7;
CREATE TABLE IF NOT EXISTS kinton_accounting.budget_threshold (
  idEnterprise INT UNSIGNED NOT NULL,
  percent SMALLINT UNSIGNED NOT NULL,
  PRIMARY KEY (idEnterprise, percent),
  CONSTRAINT fk_budget_threshold_budget FOREIGN KEY (idEnterprise) REFERENCES kinton_accounting.budget (idEnterprise) ON DELETE CASCADE,
  CONSTRAINT ck_budget_threshold_percent CHECK (percent BETWEEN 1 AND 1000)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Budget thresholds (percent) per enterprise'
