-- accounting_event_vlan: one row per interval a private (INTERNAL) VLAN exists in a VDC.
-- REGISTER_VLAN_EVENT writes it (create_/delete_vlan_network_update_stats and the update trigger).
-- Example: SELECT * FROM kinton_accounting.accounting_event_vlan WHERE stopTime IS NULL;
-- The open-row key sorts isOpen DESC: a closed row's entry (NULL) lands after the open one, so
-- closing never inserts into the gap a concurrent insert of the neighbouring resource's open
-- row locks (InnoDB's duplicate check); ascending, concurrent writes deadlocked now and then.
CREATE TABLE IF NOT EXISTS kinton_accounting.accounting_event_vlan (
  idVLANAccountingEvent BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  vlan_network_id INT UNSIGNED NOT NULL,
  idEnterprise INT UNSIGNED NOT NULL,
  idVirtualDataCenter INT UNSIGNED NOT NULL,
  startTime DATETIME NOT NULL,
  stopTime DATETIME NULL,
  idDataCenter INT UNSIGNED NULL,
  region VARCHAR(255) NULL,
  consolidated TINYINT NOT NULL DEFAULT 0,
  account_id VARCHAR(255) NULL,
  isOpen TINYINT AS (IF(stopTime IS NULL, 1, NULL)) VIRTUAL,
  PRIMARY KEY (idVLANAccountingEvent),
  UNIQUE KEY uk_vlan_open (vlan_network_id, isOpen DESC),
  KEY ix_vlan_consolidated_start (consolidated, startTime),
  KEY ix_vlan_stop (stopTime),
  KEY ix_vlan_start (startTime)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Private VLAN intervals: one open row at most per vlan_network_id'
