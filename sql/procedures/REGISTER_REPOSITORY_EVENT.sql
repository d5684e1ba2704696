-- REGISTER_REPOSITORY_EVENT: brings the accounting_event_repository rows of one image
-- (p_idConversion = 0) or one of its conversions (p_idConversion = its id) in line with its new
-- values. p_stored: the image is stored (idEnterprise set, available = 1) and, for a conversion,
-- it is FINISHED. The open row closes now when it is no longer stored or its enterprise or size
-- changed; a stored one without an (equal) open row gets one. Type (TEMPLATE, INSTANCE, and
-- their -CONVERSION forms), format, repository, datacenter, region and account_id are read
-- when a row opens. Called by the virtualimage and virtualimage_conversion triggers.
-- Example: CALL kinton_accounting.REGISTER_REPOSITORY_EVENT(7, 0, 1, 1, 1, 'TEMPLATE', 'RAW', 2147483648);
CREATE OR REPLACE PROCEDURE kinton_accounting.REGISTER_REPOSITORY_EVENT(
  IN p_idImage INT UNSIGNED,
  IN p_idConversion INT UNSIGNED,
  IN p_stored TINYINT,
  IN p_idEnterprise INT UNSIGNED,
  IN p_idRepository INT UNSIGNED,
  IN p_typeName VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
  IN p_format VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
  IN p_size BIGINT UNSIGNED)
MODIFIES SQL DATA
SQL SECURITY DEFINER
COMMENT 'Close/open accounting_event_repository intervals of an image (p_idConversion 0) or a conversion. Example: CALL REGISTER_REPOSITORY_EVENT(7, 0, 1, 1, 1, ''TEMPLATE'', ''RAW'', 2147483648)'
proc: BEGIN
  DECLARE v_at DATETIME DEFAULT UTC_TIMESTAMP();
  DECLARE v_found TINYINT DEFAULT 1;
  DECLARE v_conv INT UNSIGNED DEFAULT COALESCE(p_idConversion, 0);
  DECLARE v_stored TINYINT DEFAULT IF(COALESCE(p_stored, 0) <> 0 AND p_idEnterprise IS NOT NULL, 1, 0);
  DECLARE v_size BIGINT UNSIGNED DEFAULT COALESCE(p_size, 0);
  DECLARE v_oid BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_ostart DATETIME DEFAULT NULL;
  DECLARE v_oent INT UNSIGNED;
  DECLARE v_osize BIGINT UNSIGNED;
  DECLARE v_idtype INT UNSIGNED DEFAULT NULL;
  DECLARE v_idformat INT UNSIGNED DEFAULT NULL;
  DECLARE v_dc INT UNSIGNED DEFAULT NULL;
  DECLARE v_region VARCHAR(255) CHARACTER SET utf8mb4 DEFAULT NULL;
  DECLARE v_acct VARCHAR(255) CHARACTER SET utf8mb4 DEFAULT NULL;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_found = 0;

  -- A consistent read first: it takes no lock, so concurrent first deploys (no open row yet)
  -- do not deadlock on a gap lock of the open-row key. Only when an open row exists is it read
  -- again, locked, in its latest committed version (a record lock: a concurrent re-snapshot of
  -- the same resource is waited for, never overwritten).
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

  IF v_oid IS NOT NULL AND v_stored = 1 AND v_oent <=> p_idEnterprise AND v_osize <=> v_size THEN
    LEAVE proc;
  END IF;

  -- The instant: now, but never before the open row's start (a clock that stepped back leaves a
  -- zero-length row) and, with no row open, never before the resource's last interval ends (the
  -- capture writes a resource's rows in time order: its newest closed row ends last).
  IF v_oid IS NOT NULL THEN
    SET v_at = GREATEST(v_at, v_ostart);
    UPDATE kinton_accounting.accounting_event_repository
       SET stopTime = v_at
     WHERE idRepoAccountingEvent = v_oid;
  ELSE
    SET v_at = GREATEST(v_at, COALESCE((SELECT e.stopTime FROM kinton_accounting.accounting_event_repository e
                                         WHERE e.idImage = p_idImage AND e.idConversion = v_conv AND e.isOpen IS NULL
                                         ORDER BY e.idRepoAccountingEvent DESC LIMIT 1), v_at));
  END IF;

  IF v_stored = 1 THEN
    CALL kinton_accounting.INTERN_OBJECT_NAME(p_typeName, v_idtype);
    CALL kinton_accounting.INTERN_OBJECT_NAME(p_format, v_idformat);
    -- values into variables first: a plain INSERT … VALUES takes no table AUTO-INC lock
    SET v_found = 1;
    SELECT rp.idDataCenter, CONVERT(dc.region USING utf8mb4) INTO v_dc, v_region
      FROM kinton.repository rp
      LEFT JOIN kinton.datacenter dc ON dc.idDataCenter = rp.idDataCenter
     WHERE rp.idRepository = p_idRepository;
    SET v_acct = (SELECT CONVERT(en.internal_customer_id USING utf8mb4) FROM kinton.enterprise en
                   WHERE en.idEnterprise = p_idEnterprise);
    INSERT INTO kinton_accounting.accounting_event_repository
      (idImage, idConversion, idEnterprise, idImageTypeName, idImageFormatName, imageSize,
       idRepository, startTime, stopTime, idDataCenter, region, consolidated, account_id)
    VALUES
      (p_idImage, v_conv, p_idEnterprise, v_idtype, v_idformat, v_size,
       p_idRepository, v_at, NULL, v_dc, v_region, 0, v_acct);
  END IF;
END
