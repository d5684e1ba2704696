-- accounting_managed_table: one description of the tables the rollup and the purge go through,
-- one row per table, which ROLLUP_DO_PLAN, ROLLUP_DO_CONSOLIDATE, PURGE_DO_CUTOFFS, PURGE_PLAN,
-- PURGE_DO_BATCH, VERIFY_HISTORY, VERIFY_FIX and the tool's purge export all follow. A view of
-- constants, not a table: it cannot be changed by an UPDATE, and the installer re-creates it
-- when this file changes and finds it when someone replaced it (as every routine and view of
-- ours), because the rules it holds decide what a purge deletes. The statements built from it
-- come from MANAGED_TABLE_SQL (one place), and MANAGED_TABLE_CHECK prepares every one of them at
-- install.
--   tableName           the table, in the accounting schema
--   purgeOrder          the order a purge goes through the tables (events before the detail they
--                       roll up into, the log last)
--   retentionParameter  the accounting_parameter holding its retention in days
--   timeColumn          the UTC time its retention is counted by (and an export file's month)
--   purgeCondition      the rows a purge deletes, in terms of the cut-off @accounting_purge_cut
--                       (rows strictly before it): an event once closed and consolidated (all its
--                       hours processed) and stopped before it; any other row by its time column
--   purgeOrderBy        the key order rows go in, batch by batch (and are exported in)
--   resourceKind        event tables: the resource kind (1 VM, 2 reserved PM, 3 repository image
--                       or conversion, 4 external volume, 5 public IP, 6 VLAN), as in
--                       accounting_resource_type.resourceKind; NULL for the other tables
--   kindName            event tables: the name verify gives the table's resources in what it
--                       reports ('vm', 'pm', 'repository', 'storage', 'ip', 'vlan')
--   eventIdColumn       event tables: the event id, the key batches delete and consolidate by
--   eventIndex          event tables: the (consolidated, startTime) index the lock-free reads use
--   eventView           event tables: the view of its events in the rollup's common shape
--                       (rollup_fp_*), which every rollup statement reads: idEvent, startTime,
--                       stopTime; resourceKind, idResource, idSub (a conversion of an image, else
--                       0); nameKind (name_history's objectKind of the resource's name; NULL when
--                       fixedName is the name, an IP's address); the owners idEnterprise,
--                       idVirtualDataCenter, idVirtualApp, idVirtualMachine (the VM itself, or the
--                       VM a volume is attached to, else 0) and attachedVM (a volume's VM, else 0);
--                       u1, u2, u3, the units its types count (VM cpu, MB of RAM, bytes of disk;
--                       reserved PM cpu, MB of RAM; image bytes; volume bytes; 1 for an IP or a
--                       VLAN; 0 where none); costCode, idTier, idHardwareProfile, idDataCenter,
--                       haEnabled, antiAffinity, powerOn, hypervisorType (utf8mb4_bin),
--                       idHypervisorType, region, account_id, internal_provider_id (NULL or 0 where
--                       the kind has none); fpTag and fpSnap, the fingerprint string's parts
--   summaryStart        daily and monthly summaries: the start of the period holding hour {h0}
--                       (an expression MANAGED_TABLE_SQL completes), which an hour's rollup adds to
-- Internal: not granted to the reporting role.
-- Example: SELECT tableName, purgeCondition, purgeOrderBy FROM kinton_accounting.accounting_managed_table ORDER BY purgeOrder;
CREATE OR REPLACE SQL SECURITY INVOKER VIEW kinton_accounting.accounting_managed_table AS
SELECT t.tableName, t.purgeOrder, t.retentionParameter, t.timeColumn,
       CASE WHEN t.resourceKind IS NOT NULL
            THEN 'consolidated = 1 AND startTime < @accounting_purge_cut AND stopTime < @accounting_purge_cut'
            ELSE CONCAT(t.timeColumn, ' < @accounting_purge_cut') END AS purgeCondition,
       CASE WHEN t.resourceKind IS NOT NULL THEN CONCAT('consolidated, startTime, ', t.eventIdColumn)
            ELSE t.keyOrder END AS purgeOrderBy,
       t.resourceKind, t.kindName, t.eventIdColumn,
       IF(t.resourceKind IS NULL, NULL, CONCAT('ix_', t.short, '_consolidated_start')) AS eventIndex,
       IF(t.resourceKind IS NULL, NULL, CONCAT('rollup_fp_', t.fpName)) AS eventView,
       CASE t.tableName WHEN 'accounting_summary_daily' THEN 'DATE({h0})'
                        WHEN 'accounting_summary_monthly' THEN 'DATE({h0}) - INTERVAL (DAYOFMONTH({h0}) - 1) DAY'
       END AS summaryStart
FROM (
  SELECT 'accounting_event_vm' AS tableName, 1 AS purgeOrder, 'retention.closed_events_days' AS retentionParameter,
         'startTime' AS timeColumn, 1 AS resourceKind, 'idVMAccountingEvent' AS eventIdColumn,
         'vm' AS short, 'vm' AS fpName, 'vm' AS kindName, NULL AS keyOrder
  UNION ALL SELECT 'accounting_event_pm', 2, 'retention.closed_events_days', 'startTime', 2,
         'idPMAccountingEvent', 'pm', 'pm', 'pm', NULL
  UNION ALL SELECT 'accounting_event_repository', 3, 'retention.closed_events_days', 'startTime', 3,
         'idRepoAccountingEvent', 'repo', 'repository', 'repository', NULL
  UNION ALL SELECT 'accounting_event_storage', 4, 'retention.closed_events_days', 'startTime', 4,
         'idStorageAccountingEvent', 'storage', 'storage', 'storage', NULL
  UNION ALL SELECT 'accounting_event_ips', 5, 'retention.closed_events_days', 'startTime', 5,
         'idIPAccountingEvent', 'ips', 'ips', 'ip', NULL
  UNION ALL SELECT 'accounting_event_vlan', 6, 'retention.closed_events_days', 'startTime', 6,
         'idVLANAccountingEvent', 'vlan', 'vlan', 'vlan', NULL
  UNION ALL SELECT 'accounting_event_detail', 7, 'retention.detail_days', 'starttime', NULL, NULL, NULL, NULL, NULL,
         'starttime, idAccountingResourceType, idResource, idEnterprise, idVirtualDataCenter, idVirtualApp, idDiscriminator'
  UNION ALL SELECT 'accounting_summary_hourly', 8, 'retention.detail_days', 'starttime', NULL, NULL, NULL, NULL, NULL,
         'starttime, idEnterprise, idVirtualDataCenter, idAccountingResourceType'
  UNION ALL SELECT 'accounting_summary_daily', 9, 'retention.daily_days', 'starttime', NULL, NULL, NULL, NULL, NULL,
         'starttime, idEnterprise, idVirtualDataCenter, idAccountingResourceType'
  UNION ALL SELECT 'accounting_summary_monthly', 10, 'retention.monthly_days', 'starttime', NULL, NULL, NULL, NULL, NULL,
         'starttime, idEnterprise, idVirtualDataCenter, idAccountingResourceType'
  UNION ALL SELECT 'accounting_rollup_ledger', 11, 'retention.ledger_days', 'starttime', NULL, NULL, NULL, NULL, NULL,
         'starttime'
  UNION ALL SELECT 'accounting_rollup_ledger_history', 12, 'retention.ledger_days', 'starttime', NULL, NULL, NULL, NULL, NULL,
         'starttime, idLedgerHistory'
  UNION ALL SELECT 'accounting_log', 13, 'retention.log_days', 'logTime', NULL, NULL, NULL, NULL, NULL,
         'logTime, idLog'
) t
