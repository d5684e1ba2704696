-- rollup_fp_storage: an event of accounting_event_storage (an external volume) as the rollup reads it, in the
-- common shape of the six rollup_fp_* views (described once in accounting_managed_table, column
-- eventView): which resource and owners it is about, the units its types count, and its
-- fingerprint string's parts. This file is the one place that maps the table's own columns;
-- MANAGED_TABLE_SQL writes every rollup statement over the common shape. fpSnap is the snapshot
-- part of the fingerprint (the snapshot columns joined by '|', nullable ones QUOTE()d so that
-- NULL and 'NULL' stay apart): a change to it changes every processed hour's fingerprint, so the
-- next recheck would reprocess them; change it only with a reason.
-- Internal: not granted to the reporting role. Merged into the statements that read it.
-- Example: SELECT idEvent, idResource, u1, fpSnap FROM kinton_accounting.rollup_fp_storage WHERE stopTime IS NULL LIMIT 5;
CREATE OR REPLACE
  ALGORITHM = MERGE
  SQL SECURITY INVOKER
VIEW kinton_accounting.rollup_fp_storage AS
SELECT e.idStorageAccountingEvent AS idEvent, e.startTime, e.stopTime,
       4 AS resourceKind, e.idManagement AS idResource, 0 AS idSub, 11 AS nameKind, NULL AS fixedName,
       e.idEnterprise, e.idVirtualDataCenter AS idVirtualDataCenter, e.idVirtualApp AS idVirtualApp, e.idVirtualMachine AS idVirtualMachine,
       e.idVirtualMachine AS attachedVM, CAST(e.sizeMB AS UNSIGNED) * 1048576 AS u1, 0 AS u2, 0 AS u3,
       NULL AS costCode, e.idTier AS idTier, NULL AS idHardwareProfile, e.idDataCenter,
       0 AS haEnabled, 0 AS antiAffinity, 0 AS powerOn,
       NULL COLLATE utf8mb4_bin AS hypervisorType, 0 AS idHypervisorType,
       e.region, e.account_id, NULL AS internal_provider_id,
       'storage' AS fpTag,
       CONCAT_WS('|', e.idManagement, e.idEnterprise, e.idVirtualDataCenter, e.idVirtualApp, e.idVirtualMachine,
         e.sizeMB, QUOTE(e.idTier), QUOTE(e.idDataCenter), QUOTE(e.region), QUOTE(e.account_id)) AS fpSnap
  FROM kinton_accounting.accounting_event_storage e
