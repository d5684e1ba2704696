-- accounting_event_ips: one row per interval a public IP is allocated to a VDC.
-- REGISTER_IP_EVENT writes it (trigger update_ip_pool_management_update_stats and friends).
-- Example: SELECT * FROM kinton_accounting.accounting_event_ips WHERE stopTime IS NULL;
-- The open-row key sorts isOpen DESC: a closed row's entry (NULL) lands after the open one, so
-- closing never inserts into the gap a concurrent insert of the neighbouring resource's open
-- row locks (InnoDB's duplicate check); ascending, concurrent writes deadlocked now and then.
CREATE TABLE IF NOT EXISTS kinton_accounting.accounting_event_ips (
  idIPAccountingEvent BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  idManagement INT UNSIGNED NOT NULL,
  ip VARCHAR(255) NOT NULL,
  vlan_network_id INT UNSIGNED NULL,
  idEnterprise INT UNSIGNED NOT NULL,
  idVirtualDataCenter INT UNSIGNED NOT NULL,
  startTime DATETIME NOT NULL,
  stopTime DATETIME NULL,
  idDataCenter INT UNSIGNED NULL,
  region VARCHAR(255) NULL,
  consolidated TINYINT NOT NULL DEFAULT 0,
  account_id VARCHAR(255) NULL,
  isOpen TINYINT AS (IF(stopTime IS NULL, 1, NULL)) VIRTUAL,
  PRIMARY KEY (idIPAccountingEvent),
  UNIQUE KEY uk_ips_open (idManagement, isOpen DESC),
  KEY ix_ips_consolidated_start (consolidated, startTime),
  KEY ix_ips_stop (stopTime),
  KEY ix_ips_start (startTime)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Public IP allocation intervals: one open row at most per idManagement'
