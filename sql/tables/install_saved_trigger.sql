-- install_saved_trigger: definitions of an operator's triggers that `accounting install
-- --replace-triggers` replaced with ours, kept so that they can be restored by hand.
-- Example: SELECT triggerName, savedAt, definition FROM kinton_accounting.install_saved_trigger;
CREATE TABLE IF NOT EXISTS kinton_accounting.install_saved_trigger (
  idSavedTrigger INT UNSIGNED NOT NULL AUTO_INCREMENT,
  schemaName VARCHAR(64) NOT NULL,
  triggerName VARCHAR(64) NOT NULL,
  savedAt DATETIME NOT NULL,
  definition LONGTEXT NOT NULL,
  PRIMARY KEY (idSavedTrigger)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Operator triggers replaced by --replace-triggers'
