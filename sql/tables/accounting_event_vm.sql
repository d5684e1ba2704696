-- accounting_event_vm: one row per interval a managed VM (idType = 1) is deployed, with an
-- immutable snapshot of what it used. Opened and closed by REGISTER_VM_EVENT (triggers on
-- kinton.virtualmachine and its parents). Columns after the seed's list (minus the deprecated
-- VirtualMachine-haHosted; the HA flag is haEnabled), plus powerOn, region and the ids of owners.
-- idHypervisorType is hypervisorType interned in object_name (0 when none): the type-7 discriminator.
-- Example: SELECT * FROM kinton_accounting.accounting_event_vm WHERE idVM = 42 ORDER BY startTime;
-- The open-row key sorts isOpen DESC: a closed row's entry (NULL) lands after the open one, so
-- closing never inserts into the gap a concurrent insert of the neighbouring resource's open
-- row locks (InnoDB's duplicate check); ascending, concurrent writes deadlocked now and then.
CREATE TABLE IF NOT EXISTS kinton_accounting.accounting_event_vm (
  idVMAccountingEvent BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  idVM INT UNSIGNED NOT NULL,
  idEnterprise INT UNSIGNED NOT NULL,
  idVirtualDataCenter INT UNSIGNED NOT NULL DEFAULT 0,
  idVirtualApp INT UNSIGNED NOT NULL DEFAULT 0,
  cpu INT UNSIGNED NOT NULL,
  ram INT UNSIGNED NOT NULL,
  hd BIGINT UNSIGNED NOT NULL,
  startTime DATETIME NOT NULL,
  stopTime DATETIME NULL,
  consolidated TINYINT NOT NULL DEFAULT 0,
  costCode INT UNSIGNED NULL,
  hypervisorType VARCHAR(255) NULL,
  idHypervisorType INT UNSIGNED NOT NULL DEFAULT 0,
  idDataCenter INT UNSIGNED NULL,
  region VARCHAR(255) NULL,
  haEnabled TINYINT NOT NULL DEFAULT 0,
  antiAffinity TINYINT NOT NULL DEFAULT 0,
  idHardwareProfile INT UNSIGNED NULL,
  powerOn TINYINT NOT NULL,
  account_id VARCHAR(255) NULL,
  internal_provider_id VARCHAR(255) NULL,
  isOpen TINYINT AS (IF(stopTime IS NULL, 1, NULL)) VIRTUAL,
  PRIMARY KEY (idVMAccountingEvent),
  UNIQUE KEY uk_vm_open (idVM, isOpen DESC),
  KEY ix_vm_consolidated_start (consolidated, startTime),
  KEY ix_vm_stop (stopTime),
  KEY ix_vm_start (startTime)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='VM deployment intervals: one open row at most per idVM (uk_vm_open)'
