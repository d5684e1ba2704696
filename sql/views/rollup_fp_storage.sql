-- rollup_fp_storage: the one rule for the fingerprint snapshot string of an event of accounting_event_storage (a external volume):
-- every column of the event, plus fpTag ('storage'), idEvent (idStorageAccountingEvent) and fpSnap, the snapshot columns
-- joined by '|' with nullable ones QUOTE()d (so NULL and 'NULL' stay apart). An event's
-- contribution to an hour's fingerprint is CONCAT_WS('|', fpTag, idEvent, <the interval clipped to
-- the hour, or 'full'>, fpSnap), hashed to 64 bits: ROLLUP_DO_HOUR's phase 4 writes it into the
-- ledger, ROLLUP_DO_PLAN's recheck computes it again from this same view (the table's
-- fingerprintView in accounting_managed_table). A change here changes every processed hour's
-- fingerprint, so the next recheck would reprocess them: change it only with a reason.
-- Internal: not granted to the reporting role. Merged into the statements that read it.
-- Example: SELECT idEvent, fpSnap FROM kinton_accounting.rollup_fp_storage WHERE stopTime IS NULL LIMIT 5;
CREATE OR REPLACE
  ALGORITHM = MERGE
  SQL SECURITY INVOKER
VIEW kinton_accounting.rollup_fp_storage AS
SELECT e.*,
       'storage' AS fpTag,
       e.idStorageAccountingEvent AS idEvent,
       CONCAT_WS('|', e.idManagement, e.idEnterprise, e.idVirtualDataCenter, e.idVirtualApp, e.idVirtualMachine,
         e.sizeMB, QUOTE(e.idTier), QUOTE(e.idDataCenter), QUOTE(e.region), QUOTE(e.account_id)) AS fpSnap
  FROM kinton_accounting.accounting_event_storage e
