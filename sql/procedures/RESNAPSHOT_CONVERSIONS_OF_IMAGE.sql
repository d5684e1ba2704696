-- RESNAPSHOT_CONVERSIONS_OF_IMAGE: re-snapshots, set-based, the conversions of image p_idImage
-- after the image changed in a way its conversions follow (stored or not, its enterprise; called
-- by virtualimage_update and virtualimage_delete). Each open conversion row that no longer
-- matches its snapshot (capture_repository_drift: gone, not stored, enterprise or size changed)
-- is closed now, or at its start when the clock is behind it; every FINISHED conversion of the
-- image that counts (capture_repository_snapshot) and has no open row then opens one, no earlier
-- than its last interval ended (OPEN_REPOSITORY_EVENTS, the open INITIAL_SNAPSHOT also runs,
-- narrowed to this image's conversions).
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

  CALL kinton_accounting.OPEN_REPOSITORY_EVENTS(v_at, p_idImage, 1);
END
