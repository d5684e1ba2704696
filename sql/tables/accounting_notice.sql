-- accounting_notice: one row per enterprise, month and budget threshold crossed, written once by
-- BUDGET_NOTICES after a rollup (with an INFO line in LOG_VW), for a mail or chat hook to follow
-- (`accounting notices --since T`).
-- Example: SELECT * FROM kinton_accounting.accounting_notice ORDER BY noticedAt DESC;
CREATE TABLE IF NOT EXISTS kinton_accounting.accounting_notice (
  idNotice BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  idEnterprise INT UNSIGNED NOT NULL,
  month DATETIME NOT NULL,
  percent SMALLINT UNSIGNED NOT NULL,
  noticedAt DATETIME NOT NULL,
  cost DECIMAL(38,12) NOT NULL,
  budget DECIMAL(38,12) NOT NULL,
  currency CHAR(3) CHARACTER SET ascii NOT NULL,
  PRIMARY KEY (idNotice),
  UNIQUE KEY uk_notice (idEnterprise, month, percent),
  KEY ix_notice_time (noticedAt)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Budget thresholds crossed, once per enterprise, month and threshold'
