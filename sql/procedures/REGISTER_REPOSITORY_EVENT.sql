-- REGISTER_REPOSITORY_EVENT: brings an image's (p_idConversion 0) or a conversion's
-- accounting_event_repository rows in line with the inventory, as capture_repository_snapshot
-- (the one snapshot rule) computes it: an image counts while stored (an enterprise set and
-- available = 1), a conversion while FINISHED and its image stored. The open row closes when the
-- image or conversion is gone or no longer counts, or its enterprise or size changed (then
-- reopened); one that counts without an (equal) open row gets one, its type and format interned.
-- Called by the virtualimage and virtualimage_conversion triggers.
-- It follows the steps of every register procedure (docs/design.md, "Intervals and
-- snapshots"), the instant included; its comparison, made on the open row read locked, is
-- the one capture_repository_drift makes set-based.
-- Example: CALL kinton_accounting.REGISTER_REPOSITORY_EVENT(7, 0);
CREATE OR REPLACE PROCEDURE kinton_accounting.REGISTER_REPOSITORY_EVENT(
  IN p_idImage INT UNSIGNED,
  IN p_idConversion INT UNSIGNED)
MODIFIES SQL DATA
SQL SECURITY DEFINER
COMMENT 'Close/open accounting_event_repository intervals of an image (p_idConversion 0) or a conversion for the inventory. Example: CALL REGISTER_REPOSITORY_EVENT(7, 0)'
proc: BEGIN
  DECLARE v_at DATETIME DEFAULT UTC_TIMESTAMP();
  DECLARE v_found TINYINT DEFAULT 1;
  DECLARE v_conv INT UNSIGNED DEFAULT COALESCE(p_idConversion, 0);
  DECLARE v_oid BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_ostart DATETIME DEFAULT NULL;
  DECLARE v_oent INT UNSIGNED;
  DECLARE v_osize BIGINT UNSIGNED;
  DECLARE v_stored TINYINT DEFAULT 1;
  DECLARE v_nent INT UNSIGNED;
  DECLARE v_ntype VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
  DECLARE v_nformat VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
  DECLARE v_nsize BIGINT UNSIGNED;
  DECLARE v_nrepo INT UNSIGNED;
  DECLARE v_ndc INT UNSIGNED;
  DECLARE v_nregion VARCHAR(255) CHARACTER SET utf8mb4;
  DECLARE v_nacct VARCHAR(255) CHARACTER SET utf8mb4;
  DECLARE v_idtype INT UNSIGNED DEFAULT NULL;
  DECLARE v_idformat INT UNSIGNED DEFAULT NULL;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_found = 0;

  -- The open row: read without a lock, then locked when it exists (design.md: the gap lock).
  SELECT e.idRepoAccountingEvent INTO v_oid
    FROM kinton_accounting.accounting_event_repository e
   WHERE e.idImage = p_idImage AND e.idConversion = v_conv AND e.isOpen = 1;
  IF v_found = 1 THEN
    SELECT e.idRepoAccountingEvent, e.startTime, e.idEnterprise, e.imageSize
      INTO v_oid, v_ostart, v_oent, v_osize
      FROM kinton_accounting.accounting_event_repository e
     WHERE e.idImage = p_idImage AND e.idConversion = v_conv AND e.isOpen = 1
       FOR UPDATE;
  END IF;
  IF v_found = 0 THEN
    SET v_oid = NULL;
  END IF;

  SET v_found = 1;
  SELECT s.idEnterprise, s.typeName, s.format, s.imageSize, s.idRepository, s.idDataCenter,
         s.region, s.account_id
    INTO v_nent, v_ntype, v_nformat, v_nsize, v_nrepo, v_ndc, v_nregion, v_nacct
    FROM kinton_accounting.capture_repository_snapshot s
   WHERE s.idImage = p_idImage AND s.idConversion = v_conv;
  SET v_stored = v_found;

  IF v_oid IS NOT NULL AND v_stored = 1 AND v_oent <=> v_nent AND v_osize <=> v_nsize THEN
    LEAVE proc;
  END IF;

  -- The instant: now, never before the open row's start nor the last closed row's stop.
  IF v_oid IS NOT NULL THEN
    SET v_at = GREATEST(v_at, v_ostart);
    UPDATE kinton_accounting.accounting_event_repository
       SET stopTime = v_at
     WHERE idRepoAccountingEvent = v_oid;
  ELSEIF v_stored = 1 THEN
    SET v_at = GREATEST(v_at, COALESCE((SELECT e.stopTime FROM kinton_accounting.accounting_event_repository e
                                         WHERE e.idImage = p_idImage AND e.idConversion = v_conv AND e.isOpen IS NULL
                                         ORDER BY e.idRepoAccountingEvent DESC LIMIT 1), v_at));
  END IF;

  IF v_stored = 1 THEN
    CALL kinton_accounting.INTERN_OBJECT_NAME(v_ntype, v_idtype);
    CALL kinton_accounting.INTERN_OBJECT_NAME(v_nformat, v_idformat);
    INSERT INTO kinton_accounting.accounting_event_repository
      (idImage, idConversion, idEnterprise, idImageTypeName, idImageFormatName, imageSize,
       idRepository, startTime, stopTime, idDataCenter, region, consolidated, account_id)
    VALUES
      (p_idImage, v_conv, v_nent, v_idtype, v_idformat, v_nsize,
       v_nrepo, v_at, NULL, v_ndc, v_nregion, 0, v_nacct);
  END IF;
END
