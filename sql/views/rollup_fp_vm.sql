-- rollup_fp_vm: an event of accounting_event_vm (a virtual machine) as the rollup reads it, in the
-- common shape of the six rollup_fp_* views (described once in accounting_managed_table, column
-- eventView): which resource and owners it is about, the units its types count, and its
-- fingerprint string's parts. This file is the one place that maps the table's own columns;
-- MANAGED_TABLE_SQL writes every rollup statement over the common shape. fpSnap is the snapshot
-- part of the fingerprint (the snapshot columns joined by '|', nullable ones QUOTE()d so that
-- NULL and 'NULL' stay apart): a change to it changes every processed hour's fingerprint, so the
-- next recheck would reprocess them; change it only with a reason.
-- Internal: not granted to the reporting role. Merged into the statements that read it.
-- Example: SELECT idEvent, idResource, u1, fpSnap FROM kinton_accounting.rollup_fp_vm WHERE stopTime IS NULL LIMIT 5;
CREATE OR REPLACE
  ALGORITHM = MERGE
  SQL SECURITY INVOKER
VIEW kinton_accounting.rollup_fp_vm AS
SELECT e.idVMAccountingEvent AS idEvent, e.startTime, e.stopTime,
       1 AS resourceKind, e.idVM AS idResource, 0 AS idSub, 5 AS nameKind, NULL AS fixedName,
       e.idEnterprise, e.idVirtualDataCenter AS idVirtualDataCenter, e.idVirtualApp AS idVirtualApp, e.idVM AS idVirtualMachine,
       0 AS attachedVM, e.cpu AS u1, e.ram AS u2, e.hd AS u3,
       e.costCode AS costCode, NULL AS idTier, e.idHardwareProfile AS idHardwareProfile, e.idDataCenter,
       e.haEnabled AS haEnabled, e.antiAffinity AS antiAffinity, e.powerOn AS powerOn,
       e.hypervisorType COLLATE utf8mb4_bin AS hypervisorType, e.idHypervisorType AS idHypervisorType,
       e.region, e.account_id, e.internal_provider_id AS internal_provider_id,
       'vm' AS fpTag,
       CONCAT_WS('|', e.idVM, e.idEnterprise, e.idVirtualDataCenter, e.idVirtualApp, e.cpu, e.ram, e.hd,
         QUOTE(e.costCode), QUOTE(e.hypervisorType), e.idHypervisorType, QUOTE(e.idDataCenter),
         QUOTE(e.region), e.haEnabled, e.antiAffinity, QUOTE(e.idHardwareProfile), e.powerOn, QUOTE(e.account_id),
         QUOTE(e.internal_provider_id)) AS fpSnap
  FROM kinton_accounting.accounting_event_vm e
