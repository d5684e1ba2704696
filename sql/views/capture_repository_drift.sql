-- capture_repository_drift: every open accounting_event_repository row beside its image's or
-- conversion's snapshot (capture_repository_snapshot): `differences` lists the snapshot columns
-- that differ ('' when current), NULL when the image or conversion is gone or no longer stored
-- (or finished). VERIFY_CAPTURE and RESNAPSHOT_CONVERSIONS_OF_IMAGE read it.
-- Internal: not granted to the reporting role.
-- Example: SELECT * FROM kinton_accounting.capture_repository_drift WHERE NOT (differences <=> '');
CREATE OR REPLACE
  SQL SECURITY INVOKER
VIEW kinton_accounting.capture_repository_drift AS
SELECT e.idRepoAccountingEvent AS idRepoAccountingEvent,
       e.idImage AS idImage,
       e.idConversion AS idConversion,
       IF(s.idImage IS NULL, NULL,
          CONCAT_WS(', ',
            IF(e.idEnterprise <=> s.idEnterprise, NULL, 'idEnterprise'),
            IF(e.imageSize <=> s.imageSize, NULL, 'imageSize'))) AS differences
  FROM kinton_accounting.accounting_event_repository e
  LEFT JOIN kinton_accounting.capture_repository_snapshot s
         ON s.idImage = e.idImage AND s.idConversion = e.idConversion
 WHERE e.isOpen = 1
