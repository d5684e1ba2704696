-- RESNAPSHOT_CONVERSIONS_OF_IMAGE: re-snapshots, set-based, the conversions of image p_idImage
-- after the image changed in a way its conversions follow (stored or not, its enterprise; called
-- by virtualimage_update and virtualimage_delete). Each open conversion row that no longer
-- matches its snapshot (capture_repository_drift: gone, not stored, enterprise or size changed)
-- is closed now, or at its start when the clock is behind it; every FINISHED conversion of the
-- image that counts (capture_repository_snapshot) and has no open row then opens one, no earlier
-- than its last interval ended. That open is INITIAL_SNAPSHOT's for images, narrowed to this
-- image's conversions, and stays a statement of its own: it runs inside the image triggers, where
-- no prepared statement can run, and one shared statement would need an optional filter on the
-- capture path.
-- Example: CALL kinton_accounting.RESNAPSHOT_CONVERSIONS_OF_IMAGE(7);
CREATE OR REPLACE PROCEDURE kinton_accounting.RESNAPSHOT_CONVERSIONS_OF_IMAGE(IN p_idImage INT UNSIGNED)
MODIFIES SQL DATA
SQL SECURITY DEFINER
COMMENT 'Set-based re-snapshot of the conversions of image p_idImage. Example: CALL RESNAPSHOT_CONVERSIONS_OF_IMAGE(7)'
BEGIN
  DECLARE v_at DATETIME DEFAULT UTC_TIMESTAMP();

  UPDATE kinton_accounting.accounting_event_repository e
    JOIN (SELECT d.idRepoAccountingEvent FROM kinton_accounting.capture_repository_drift d
           WHERE d.idImage = p_idImage AND d.idConversion <> 0 AND NOT (d.differences <=> '')) x
      ON x.idRepoAccountingEvent = e.idRepoAccountingEvent
     SET e.stopTime = GREATEST(v_at, e.startTime);

  INSERT IGNORE INTO kinton_accounting.object_name (name)
  SELECT DISTINCT x.name
    FROM (SELECT s.typeName AS name FROM kinton_accounting.capture_repository_snapshot s
           WHERE s.idImage = p_idImage AND s.idConversion <> 0
          UNION ALL
          SELECT s.format FROM kinton_accounting.capture_repository_snapshot s
           WHERE s.idImage = p_idImage AND s.idConversion <> 0 AND s.format IS NOT NULL) AS x
   WHERE NOT EXISTS (SELECT 1 FROM kinton_accounting.object_name o WHERE o.name = x.name);

  INSERT INTO kinton_accounting.accounting_event_repository
    (idImage, idConversion, idEnterprise, idImageTypeName, idImageFormatName, imageSize,
     idRepository, startTime, stopTime, idDataCenter, region, consolidated, account_id)
  SELECT s.idImage, s.idConversion, s.idEnterprise, ot.idObjectName, ofm.idObjectName, s.imageSize,
         s.idRepository,
         GREATEST(v_at, COALESCE((SELECT MAX(x.stopTime) FROM kinton_accounting.accounting_event_repository x
                                   WHERE x.idImage = s.idImage AND x.idConversion = s.idConversion), v_at)),
         NULL, s.idDataCenter, s.region, 0, s.account_id
    FROM kinton_accounting.capture_repository_snapshot s
    LEFT JOIN kinton_accounting.object_name ot ON ot.name = s.typeName
    LEFT JOIN kinton_accounting.object_name ofm ON ofm.name = s.format
   WHERE s.idImage = p_idImage AND s.idConversion <> 0
     AND NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_event_repository x
                      WHERE x.idImage = s.idImage AND x.idConversion = s.idConversion AND x.isOpen = 1);
END
