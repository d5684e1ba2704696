-- RESNAPSHOT_CONVERSIONS_OF_IMAGE: set-based, brings the rows of an image's conversions in line
-- with the image after its storage or owner changed (or it was deleted): open conversion rows
-- close now when the conversion is gone or not FINISHED, the image is gone or not stored
-- (idEnterprise set and available = 1), or the enterprise or size differ; then every FINISHED
-- conversion of a stored image without an open row gets one. Called by virtualimage_update and
-- virtualimage_delete.
-- Example: CALL kinton_accounting.RESNAPSHOT_CONVERSIONS_OF_IMAGE(7);
CREATE OR REPLACE PROCEDURE kinton_accounting.RESNAPSHOT_CONVERSIONS_OF_IMAGE(IN p_idImage INT UNSIGNED)
MODIFIES SQL DATA
SQL SECURITY DEFINER
COMMENT 'Set-based re-snapshot of the conversions of image p_idImage. Example: CALL RESNAPSHOT_CONVERSIONS_OF_IMAGE(7)'
BEGIN
  DECLARE v_at DATETIME DEFAULT UTC_TIMESTAMP();

  UPDATE kinton_accounting.accounting_event_repository e
    LEFT JOIN kinton.virtualimage_conversion c ON c.id = e.idConversion
    LEFT JOIN kinton.virtualimage vi ON vi.idImage = e.idImage
     SET e.stopTime = GREATEST(v_at, e.startTime)  -- never before the row's start (clock stepped back)
   WHERE e.idImage = p_idImage AND e.idConversion <> 0 AND e.isOpen = 1
     AND NOT (c.state <=> 'FINISHED' AND c.idImage <=> e.idImage
              AND vi.idEnterprise IS NOT NULL AND vi.available <=> 1
              AND e.idEnterprise <=> vi.idEnterprise AND e.imageSize <=> COALESCE(c.size, 0));

  INSERT IGNORE INTO kinton_accounting.object_name (name)
  SELECT DISTINCT x.name
    FROM (SELECT CONVERT(c.targetType USING utf8mb4) COLLATE utf8mb4_bin AS name
            FROM kinton.virtualimage_conversion c
           WHERE c.idImage = p_idImage AND c.state = 'FINISHED' AND c.targetType IS NOT NULL
          UNION ALL
          SELECT CAST(IF(vi.idMaster IS NULL, 'TEMPLATE-CONVERSION', 'INSTANCE-CONVERSION') AS CHAR CHARACTER SET utf8mb4) COLLATE utf8mb4_bin
            FROM kinton.virtualimage vi
           WHERE vi.idImage = p_idImage) AS x
   WHERE NOT EXISTS (SELECT 1 FROM kinton_accounting.object_name o WHERE o.name = x.name);

  INSERT INTO kinton_accounting.accounting_event_repository
    (idImage, idConversion, idEnterprise, idImageTypeName, idImageFormatName, imageSize,
     idRepository, startTime, stopTime, idDataCenter, region, consolidated, account_id)
  SELECT vi.idImage, c.id, vi.idEnterprise, ot.idObjectName, ofm.idObjectName, COALESCE(c.size, 0),
         vi.idRepository,
         GREATEST(v_at, COALESCE((SELECT MAX(x.stopTime) FROM kinton_accounting.accounting_event_repository x
                                   WHERE x.idImage = vi.idImage AND x.idConversion = c.id), v_at)),
         NULL, rp.idDataCenter, CONVERT(dc.region USING utf8mb4), 0,
         CONVERT(en.internal_customer_id USING utf8mb4)
    FROM kinton.virtualimage vi
    JOIN kinton.virtualimage_conversion c ON c.idImage = vi.idImage AND c.state = 'FINISHED'
    LEFT JOIN kinton.repository rp ON rp.idRepository = vi.idRepository
    LEFT JOIN kinton.datacenter dc ON dc.idDataCenter = rp.idDataCenter
    LEFT JOIN kinton.enterprise en ON en.idEnterprise = vi.idEnterprise
    LEFT JOIN kinton_accounting.object_name ot
           ON ot.name = IF(vi.idMaster IS NULL, 'TEMPLATE-CONVERSION', 'INSTANCE-CONVERSION')
    LEFT JOIN kinton_accounting.object_name ofm
           ON ofm.name = CONVERT(c.targetType USING utf8mb4) COLLATE utf8mb4_bin
   WHERE vi.idImage = p_idImage AND vi.idEnterprise IS NOT NULL AND vi.available = 1
     AND NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_event_repository x
                      WHERE x.idImage = vi.idImage AND x.idConversion = c.id AND x.isOpen = 1);
END
