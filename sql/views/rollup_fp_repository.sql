-- rollup_fp_repository: an event of accounting_event_repository (a repository image or conversion) as the rollup reads it, in the
-- common shape of the six rollup_fp_* views (described once in accounting_managed_table, column
-- eventView): which resource and owners it is about, the units its types count, and its
-- fingerprint string's parts. This file is the one place that maps the table's own columns;
-- MANAGED_TABLE_SQL writes every rollup statement over the common shape. fpSnap is the snapshot
-- part of the fingerprint (the snapshot columns joined by '|', nullable ones QUOTE()d so that
-- NULL and 'NULL' stay apart): a change to it changes every processed hour's fingerprint, so the
-- next recheck would reprocess them; change it only with a reason.
-- Internal: not granted to the reporting role. Merged into the statements that read it.
-- Example: SELECT idEvent, idResource, u1, fpSnap FROM kinton_accounting.rollup_fp_repository WHERE stopTime IS NULL LIMIT 5;
CREATE OR REPLACE
  ALGORITHM = MERGE
  SQL SECURITY INVOKER
VIEW kinton_accounting.rollup_fp_repository AS
SELECT e.idRepoAccountingEvent AS idEvent, e.startTime, e.stopTime,
       3 AS resourceKind, e.idImage AS idResource, e.idConversion AS idSub, 7 AS nameKind, NULL AS fixedName,
       e.idEnterprise, 0 AS idVirtualDataCenter, 0 AS idVirtualApp, 0 AS idVirtualMachine,
       0 AS attachedVM, e.imageSize AS u1, 0 AS u2, 0 AS u3,
       NULL AS costCode, NULL AS idTier, NULL AS idHardwareProfile, e.idDataCenter,
       0 AS haEnabled, 0 AS antiAffinity, 0 AS powerOn,
       NULL COLLATE utf8mb4_bin AS hypervisorType, 0 AS idHypervisorType,
       e.region, e.account_id, NULL AS internal_provider_id,
       'repo' AS fpTag,
       CONCAT_WS('|', e.idImage, e.idConversion, e.idEnterprise, QUOTE(e.idImageTypeName),
         QUOTE(e.idImageFormatName), e.imageSize, QUOTE(e.idRepository), QUOTE(e.idDataCenter),
         QUOTE(e.region), QUOTE(e.account_id)) AS fpSnap
  FROM kinton_accounting.accounting_event_repository e
