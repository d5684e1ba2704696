-- accounting_event_storage: one row per interval an external volume (rasd_management type '8')
-- exists with a given size, tier, owner and attachment. REGISTER_STORAGE_EVENT writes it.
-- idVirtualApp and idVirtualMachine are 0 when the volume has none.
-- Example: SELECT * FROM kinton_accounting.accounting_event_storage WHERE idManagement = 3;
-- The open-row key sorts isOpen DESC: a closed row's entry (NULL) lands after the open one, so
-- closing never inserts into the gap a concurrent insert of the neighbouring resource's open
-- row locks (InnoDB's duplicate check); ascending, concurrent writes deadlocked now and then.
CREATE TABLE IF NOT EXISTS kinton_accounting.accounting_event_storage (
  idStorageAccountingEvent BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  idManagement INT UNSIGNED NOT NULL,
  idEnterprise INT UNSIGNED NOT NULL,
  idVirtualDataCenter INT UNSIGNED NOT NULL,
  idVirtualApp INT UNSIGNED NOT NULL DEFAULT 0,
  idVirtualMachine INT UNSIGNED NOT NULL DEFAULT 0,
  sizeMB INT UNSIGNED NOT NULL,
  idTier INT UNSIGNED NULL,
  startTime DATETIME NOT NULL,
  stopTime DATETIME NULL,
  idDataCenter INT UNSIGNED NULL,
  region VARCHAR(255) NULL,
  consolidated TINYINT NOT NULL DEFAULT 0,
  account_id VARCHAR(255) NULL,
  isOpen TINYINT AS (IF(stopTime IS NULL, 1, NULL)) VIRTUAL,
  PRIMARY KEY (idStorageAccountingEvent),
  UNIQUE KEY uk_storage_open (idManagement, isOpen DESC),
  KEY ix_storage_consolidated_start (consolidated, startTime),
  KEY ix_storage_stop (stopTime),
  KEY ix_storage_start (startTime)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='External volume intervals: one open row at most per idManagement'
