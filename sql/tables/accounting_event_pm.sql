-- accounting_event_pm: one row per interval a physical machine is reserved to an enterprise.
-- Opened and closed by REGISTER_PM_EVENT (triggers physicalmachine_create/_update/_delete).
-- Example: SELECT * FROM kinton_accounting.accounting_event_pm WHERE stopTime IS NULL;
-- The open-row key sorts isOpen DESC: a closed row's entry (NULL) lands after the open one, so
-- closing never inserts into the gap a concurrent insert of the neighbouring resource's open
-- row locks (InnoDB's duplicate check); ascending, concurrent writes deadlocked now and then.
CREATE TABLE IF NOT EXISTS kinton_accounting.accounting_event_pm (
  idPMAccountingEvent BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  idPhysicalMachine INT UNSIGNED NOT NULL,
  idEnterprise INT UNSIGNED NOT NULL,
  cpu INT UNSIGNED NOT NULL,
  ram INT UNSIGNED NOT NULL,
  startTime DATETIME NOT NULL,
  stopTime DATETIME NULL,
  idDataCenter INT UNSIGNED NULL,
  region VARCHAR(255) NULL,
  consolidated TINYINT NOT NULL DEFAULT 0,
  account_id VARCHAR(255) NULL,
  isOpen TINYINT AS (IF(stopTime IS NULL, 1, NULL)) VIRTUAL,
  PRIMARY KEY (idPMAccountingEvent),
  UNIQUE KEY uk_pm_open (idPhysicalMachine, isOpen DESC),
  KEY ix_pm_consolidated_start (consolidated, startTime),
  KEY ix_pm_stop (stopTime),
  KEY ix_pm_start (startTime)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Reserved physical machine intervals: one open row at most per machine'
