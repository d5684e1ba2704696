-- capture_repository_snapshot: the one rule for what a stored image's (idConversion 0) or a
-- finished conversion's accounting interval records: one row per image that is stored
-- (idEnterprise set, available = 1) and per FINISHED conversion of such an image, with the
-- snapshot columns as accounting_event_repository stores them. typeName and format are the
-- strings that idImageTypeName and idImageFormatName intern in object_name (the ids are NULL
-- until interned). REGISTER_REPOSITORY_EVENT, OPEN_REPOSITORY_EVENTS (for INITIAL_SNAPSHOT and
-- RESNAPSHOT_CONVERSIONS_OF_IMAGE) and, through capture_repository_drift,
-- RESNAPSHOT_CONVERSIONS_OF_IMAGE and VERIFY_CAPTURE read it.
-- A UNION ALL of the two kinds: lookups and ranges on idImage (and idConversion) are pushed into
-- both branches.
-- Internal: not granted to the reporting role.
-- Example: SELECT * FROM kinton_accounting.capture_repository_snapshot WHERE idImage = 7;
CREATE OR REPLACE
  SQL SECURITY INVOKER
VIEW kinton_accounting.capture_repository_snapshot AS
SELECT vi.idImage AS idImage,
       CAST(0 AS UNSIGNED) AS idConversion,
       vi.idEnterprise AS idEnterprise,
       CAST(IF(vi.idMaster IS NULL, 'TEMPLATE', 'INSTANCE') AS CHAR CHARACTER SET utf8mb4) COLLATE utf8mb4_bin AS typeName,
       CONVERT(vi.diskFormatType USING utf8mb4) COLLATE utf8mb4_bin AS format,
       COALESCE(vi.diskFileSize, 0) AS imageSize,
       vi.idRepository AS idRepository,
       rp.idDataCenter AS idDataCenter,
       CONVERT(dc.region USING utf8mb4) AS region,
       CONVERT(en.internal_customer_id USING utf8mb4) AS account_id
  FROM kinton.virtualimage vi
  LEFT JOIN kinton.repository rp ON rp.idRepository = vi.idRepository
  LEFT JOIN kinton.datacenter dc ON dc.idDataCenter = rp.idDataCenter
  LEFT JOIN kinton.enterprise en ON en.idEnterprise = vi.idEnterprise
 WHERE vi.idEnterprise IS NOT NULL AND vi.available = 1
UNION ALL
SELECT vi.idImage, c.id, vi.idEnterprise,
       CAST(IF(vi.idMaster IS NULL, 'TEMPLATE-CONVERSION', 'INSTANCE-CONVERSION') AS CHAR CHARACTER SET utf8mb4) COLLATE utf8mb4_bin,
       CONVERT(c.targetType USING utf8mb4) COLLATE utf8mb4_bin,
       COALESCE(c.size, 0), vi.idRepository, rp.idDataCenter, CONVERT(dc.region USING utf8mb4),
       CONVERT(en.internal_customer_id USING utf8mb4)
  FROM kinton.virtualimage_conversion c
  JOIN kinton.virtualimage vi ON vi.idImage = c.idImage
  LEFT JOIN kinton.repository rp ON rp.idRepository = vi.idRepository
  LEFT JOIN kinton.datacenter dc ON dc.idDataCenter = rp.idDataCenter
  LEFT JOIN kinton.enterprise en ON en.idEnterprise = vi.idEnterprise
 WHERE c.state = 'FINISHED' AND vi.idEnterprise IS NOT NULL AND vi.available = 1
