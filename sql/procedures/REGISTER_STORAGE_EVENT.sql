-- REGISTER_STORAGE_EVENT: brings a volume's accounting_event_storage rows in line with its
-- inventory row, as capture_storage_snapshot (the one snapshot rule) computes it: an external
-- volume (rasd_management of type '8') with its owner (the VDC's enterprise), vApp, attached VM,
-- size and tier. The open row closes when the volume is gone or no longer of type '8', or any
-- of those changed (then reopened); a volume without an (equal) open row gets one. Called by
-- the rasd_management triggers.
-- It follows the steps of every register procedure (docs/design.md, "Intervals and
-- snapshots"), the instant included; its comparison, made on the open row read locked, is
-- the one capture_storage_drift makes set-based.
-- Example: CALL kinton_accounting.REGISTER_STORAGE_EVENT(3);
CREATE OR REPLACE PROCEDURE kinton_accounting.REGISTER_STORAGE_EVENT(IN p_idManagement INT UNSIGNED)
MODIFIES SQL DATA
SQL SECURITY DEFINER
COMMENT 'Close/open accounting_event_storage intervals of volume p_idManagement for its inventory row. Example: CALL REGISTER_STORAGE_EVENT(3)'
proc: BEGIN
  DECLARE v_at DATETIME DEFAULT UTC_TIMESTAMP();
  DECLARE v_found TINYINT DEFAULT 1;
  DECLARE v_oid BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_ostart DATETIME DEFAULT NULL;
  DECLARE v_oent INT UNSIGNED;
  DECLARE v_ovdc INT UNSIGNED;
  DECLARE v_ovapp INT UNSIGNED;
  DECLARE v_ovm INT UNSIGNED;
  DECLARE v_osize INT UNSIGNED;
  DECLARE v_otier INT UNSIGNED;
  DECLARE v_exists TINYINT DEFAULT 1;
  DECLARE v_nent INT UNSIGNED;
  DECLARE v_nvdc INT UNSIGNED;
  DECLARE v_nvapp INT UNSIGNED;
  DECLARE v_nvm INT UNSIGNED;
  DECLARE v_nsize INT UNSIGNED;
  DECLARE v_ntier INT UNSIGNED;
  DECLARE v_ndc INT UNSIGNED;
  DECLARE v_nregion VARCHAR(255) CHARACTER SET utf8mb4;
  DECLARE v_nacct VARCHAR(255) CHARACTER SET utf8mb4;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_found = 0;

  -- The open row: read without a lock, then locked when it exists (design.md: the gap lock).
  SELECT e.idStorageAccountingEvent INTO v_oid
    FROM kinton_accounting.accounting_event_storage e
   WHERE e.idManagement = p_idManagement AND e.isOpen = 1;
  IF v_found = 1 THEN
    SELECT e.idStorageAccountingEvent, e.startTime, e.idEnterprise, e.idVirtualDataCenter, e.idVirtualApp,
           e.idVirtualMachine, e.sizeMB, e.idTier
      INTO v_oid, v_ostart, v_oent, v_ovdc, v_ovapp, v_ovm, v_osize, v_otier
      FROM kinton_accounting.accounting_event_storage e
     WHERE e.idManagement = p_idManagement AND e.isOpen = 1
       FOR UPDATE;
  END IF;
  IF v_found = 0 THEN
    SET v_oid = NULL;
  END IF;

  SET v_found = 1;
  SELECT s.idEnterprise, s.idVirtualDataCenter, s.idVirtualApp, s.idVirtualMachine, s.sizeMB,
         s.idTier, s.idDataCenter, s.region, s.account_id
    INTO v_nent, v_nvdc, v_nvapp, v_nvm, v_nsize, v_ntier, v_ndc, v_nregion, v_nacct
    FROM kinton_accounting.capture_storage_snapshot s
   WHERE s.idManagement = p_idManagement;
  SET v_exists = v_found;

  IF v_oid IS NOT NULL AND v_exists = 1 AND v_oent <=> v_nent AND v_ovdc <=> v_nvdc
     AND v_ovapp <=> v_nvapp AND v_ovm <=> v_nvm AND v_osize <=> v_nsize AND v_otier <=> v_ntier THEN
    LEAVE proc;
  END IF;

  -- The instant: now, never before the open row's start nor the last closed row's stop.
  IF v_oid IS NOT NULL THEN
    SET v_at = GREATEST(v_at, v_ostart);
    UPDATE kinton_accounting.accounting_event_storage
       SET stopTime = v_at
     WHERE idStorageAccountingEvent = v_oid;
  ELSEIF v_exists = 1 THEN
    SET v_at = GREATEST(v_at, COALESCE((SELECT e.stopTime FROM kinton_accounting.accounting_event_storage e
                                         WHERE e.idManagement = p_idManagement AND e.isOpen IS NULL
                                         ORDER BY e.idStorageAccountingEvent DESC LIMIT 1), v_at));
  END IF;

  IF v_exists = 1 THEN
    INSERT INTO kinton_accounting.accounting_event_storage
      (idManagement, idEnterprise, idVirtualDataCenter, idVirtualApp, idVirtualMachine, sizeMB,
       idTier, startTime, stopTime, idDataCenter, region, consolidated, account_id)
    VALUES
      (p_idManagement, v_nent, v_nvdc, v_nvapp, v_nvm, v_nsize,
       v_ntier, v_at, NULL, v_ndc, v_nregion, 0, v_nacct);
  END IF;
END
