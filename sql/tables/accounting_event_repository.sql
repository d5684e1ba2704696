-- accounting_event_repository: one row per interval an image (idConversion = 0) or one of its
-- finished conversions (idConversion = the conversion id) is stored in a repository for an
-- enterprise. Opened and closed by REGISTER_REPOSITORY_EVENT (virtualimage_* and
-- virtualimageconversion_* triggers). idImageTypeName and idImageFormatName point into object_name.
-- Example: SELECT * FROM kinton_accounting.accounting_event_repository WHERE idImage = 7;
-- The open-row key sorts isOpen DESC: a closed row's entry (NULL) lands after the open one, so
-- closing never inserts into the gap a concurrent insert of the neighbouring resource's open
-- row locks (InnoDB's duplicate check); ascending, concurrent writes deadlocked now and then.
CREATE TABLE IF NOT EXISTS kinton_accounting.accounting_event_repository (
  idRepoAccountingEvent BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  idImage INT UNSIGNED NOT NULL,
  idConversion INT UNSIGNED NOT NULL DEFAULT 0,
  idEnterprise INT UNSIGNED NOT NULL,
  idImageTypeName INT UNSIGNED NULL,
  idImageFormatName INT UNSIGNED NULL,
  imageSize BIGINT UNSIGNED NOT NULL,
  idRepository INT UNSIGNED NULL,
  startTime DATETIME NOT NULL,
  stopTime DATETIME NULL,
  idDataCenter INT UNSIGNED NULL,
  region VARCHAR(255) NULL,
  consolidated TINYINT NOT NULL DEFAULT 0,
  account_id VARCHAR(255) NULL,
  isOpen TINYINT AS (IF(stopTime IS NULL, 1, NULL)) VIRTUAL,
  PRIMARY KEY (idRepoAccountingEvent),
  UNIQUE KEY uk_repo_open (idImage, idConversion, isOpen DESC),
  KEY ix_repo_consolidated_start (consolidated, startTime),
  KEY ix_repo_stop (stopTime),
  KEY ix_repo_start (startTime)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Repository image and conversion intervals: one open row at most per (idImage, idConversion)'
