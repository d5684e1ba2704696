-- accounting_managed_table: one description of the tables the rollup and the purge go through,
-- one row per table, which ROLLUP_DO_PLAN, ROLLUP_DO_CONSOLIDATE, PURGE_DO_CUTOFFS, PURGE_PLAN,
-- PURGE_DO_BATCH and the tool's purge export all follow, so that a rule about a table (which rows
-- a purge deletes, in which order, which event id a batch goes by) is written once, here. The
-- statements built from it come from MANAGED_TABLE_SQL (one place), and MANAGED_TABLE_CHECK
-- prepares every one of them at install, so a wrong row fails `accounting install`, not a purge.
-- Filled by its seed on every install (a DBA's edit is put back then).
--   tableName           the table, in the accounting schema
--   purgeOrder          the order a purge goes through the tables (events before the detail they
--                       roll up into, the log last)
--   retentionParameter  the accounting_parameter holding its retention in days
--   timeColumn          the UTC time its retention is counted by (and an export file's month)
--   purgeCondition      the rows a purge deletes, in terms of the cut-off @accounting_purge_cut
--                       (rows strictly before it): an event goes once closed and consolidated
--   purgeOrderBy        the key order rows go in, batch by batch (and are exported in)
--   resourceKind        event tables: the resource kind (1 VM, 2 reserved PM, 3 repository image
--                       or conversion, 4 external volume, 5 public IP, 6 VLAN), as in
--                       accounting_resource_type.resourceKind; NULL for the other tables
--   eventIdColumn       event tables: the event id, the key batches delete and consolidate by
--   eventIndex          event tables: the (consolidated, startTime) index the lock-free reads use
--   fingerprintView     event tables: the view giving each event's fingerprint string parts
--                       (rollup_fp_*: fpTag, idEvent, fpSnap), shared by ROLLUP_DO_HOUR and
--                       ROLLUP_DO_PLAN
-- Example: SELECT tableName, purgeCondition, purgeOrderBy FROM kinton_accounting.accounting_managed_table ORDER BY purgeOrder;
CREATE TABLE IF NOT EXISTS kinton_accounting.accounting_managed_table (
  tableName VARCHAR(64) NOT NULL,
  purgeOrder TINYINT UNSIGNED NOT NULL,
  retentionParameter VARCHAR(64) NOT NULL,
  timeColumn VARCHAR(64) NOT NULL,
  purgeCondition VARCHAR(255) NOT NULL,
  purgeOrderBy VARCHAR(255) NOT NULL,
  resourceKind TINYINT UNSIGNED NULL,
  eventIdColumn VARCHAR(64) NULL,
  eventIndex VARCHAR(64) NULL,
  fingerprintView VARCHAR(64) NULL,
  PRIMARY KEY (tableName),
  UNIQUE KEY uk_managed_purge_order (purgeOrder),
  UNIQUE KEY uk_managed_resource_kind (resourceKind)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='The tables the rollup and the purge go through, and their rules (see MANAGED_TABLE_SQL)'
