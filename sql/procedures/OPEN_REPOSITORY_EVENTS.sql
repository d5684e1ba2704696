-- OPEN_REPOSITORY_EVENTS: the one statement that opens accounting_event_repository rows
-- set-based. At p_at it opens a row for every image (idConversion 0) and FINISHED conversion
-- that counts (capture_repository_snapshot) and has no open row, never before the end of its
-- last interval (a clock behind it opens at that end: no overlap). The image types and formats
-- those rows name are interned in object_name first.
--   p_idImage          NULL: every image; an id: that image's only (a range on idImage, so the
--                      lookup goes by key into both branches of the snapshot view).
--   p_conversionsOnly  1: conversions only (an image's own row is REGISTER_REPOSITORY_EVENT's);
--                      0: images and conversions.
-- Called by INITIAL_SNAPSHOT (every image, at install) and RESNAPSHOT_CONVERSIONS_OF_IMAGE (one
-- image's conversions, inside the image triggers: static SQL, since no prepared statement can
-- run there). It starts no transaction of its own.
-- Example: CALL kinton_accounting.OPEN_REPOSITORY_EVENTS('2026-01-05 13:00:00', 7, 1);
CREATE OR REPLACE PROCEDURE kinton_accounting.OPEN_REPOSITORY_EVENTS(
  IN p_at DATETIME,
  IN p_idImage INT UNSIGNED,
  IN p_conversionsOnly TINYINT)
MODIFIES SQL DATA
SQL SECURITY DEFINER
COMMENT 'Opens repository rows at p_at for images/conversions that count and have none open. Example: CALL OPEN_REPOSITORY_EVENTS(''2026-01-05 13:00:00'', 7, 1)'
BEGIN
  DECLARE v_from INT UNSIGNED DEFAULT COALESCE(p_idImage, 0);
  DECLARE v_to INT UNSIGNED DEFAULT COALESCE(p_idImage, 4294967295);
  DECLARE v_conv INT UNSIGNED DEFAULT IF(p_conversionsOnly <=> 1, 1, 0);

  INSERT IGNORE INTO kinton_accounting.object_name (name)
  SELECT DISTINCT x.name
    FROM (SELECT s.typeName AS name FROM kinton_accounting.capture_repository_snapshot s
           WHERE s.idImage BETWEEN v_from AND v_to AND s.idConversion >= v_conv
          UNION ALL
          SELECT s.format FROM kinton_accounting.capture_repository_snapshot s
           WHERE s.idImage BETWEEN v_from AND v_to AND s.idConversion >= v_conv
             AND s.format IS NOT NULL) AS x
   WHERE NOT EXISTS (SELECT 1 FROM kinton_accounting.object_name o WHERE o.name = x.name);

  INSERT INTO kinton_accounting.accounting_event_repository
    (idImage, idConversion, idEnterprise, idImageTypeName, idImageFormatName, imageSize,
     idRepository, startTime, stopTime, idDataCenter, region, consolidated, account_id)
  SELECT s.idImage, s.idConversion, s.idEnterprise, ot.idObjectName, ofm.idObjectName, s.imageSize,
         s.idRepository,
         GREATEST(p_at, COALESCE((SELECT MAX(x.stopTime) FROM kinton_accounting.accounting_event_repository x
                                   WHERE x.idImage = s.idImage AND x.idConversion = s.idConversion), p_at)),
         NULL, s.idDataCenter, s.region, 0, s.account_id
    FROM kinton_accounting.capture_repository_snapshot s
    LEFT JOIN kinton_accounting.object_name ot ON ot.name = s.typeName
    LEFT JOIN kinton_accounting.object_name ofm ON ofm.name = s.format
   WHERE s.idImage BETWEEN v_from AND v_to AND s.idConversion >= v_conv
     AND NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_event_repository x
                      WHERE x.idImage = s.idImage AND x.idConversion = s.idConversion AND x.isOpen = 1);
END
