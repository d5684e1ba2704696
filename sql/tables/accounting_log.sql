-- accounting_log: what runs of the rollup and the purge did, one line each (and warnings and
-- errors), for LOG_VW. Written through LOG_WRITE; purged by its retention parameter.
-- Example: SELECT logTime, level, source, message FROM kinton_accounting.accounting_log
--          ORDER BY idLog DESC LIMIT 20;
CREATE TABLE IF NOT EXISTS kinton_accounting.accounting_log (
  idLog BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  logTime DATETIME NOT NULL,
  level VARCHAR(8) NOT NULL,
  source VARCHAR(32) NOT NULL,
  message VARCHAR(2048) NOT NULL,
  PRIMARY KEY (idLog),
  KEY ix_log_time (logTime)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Log of rollup and purge runs (LOG_VW)'
