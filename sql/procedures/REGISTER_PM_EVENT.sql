-- REGISTER_PM_EVENT: brings a physical machine's accounting_event_pm rows in line with its
-- inventory row, as capture_pm_snapshot (the one snapshot rule) computes it: reserved (an
-- enterprise set) or not, its enterprise, cpu and ram. The open row closes when the machine is
-- gone, no longer reserved, reserved to another enterprise, or its cpu or ram changed; a reserved
-- machine without an (equal) open row gets one. Called by physicalmachine_create/_update/_delete.
-- It follows the steps of every register procedure (docs/design.md, "Intervals and
-- snapshots"), the instant included; its comparison, made on the open row read locked, is
-- the one capture_pm_drift makes set-based.
-- Example: CALL kinton_accounting.REGISTER_PM_EVENT(1);
CREATE OR REPLACE PROCEDURE kinton_accounting.REGISTER_PM_EVENT(IN p_idPhysicalMachine INT UNSIGNED)
MODIFIES SQL DATA
SQL SECURITY DEFINER
COMMENT 'Close/open accounting_event_pm intervals of physical machine p_idPhysicalMachine for its inventory row. Example: CALL REGISTER_PM_EVENT(1)'
proc: BEGIN
  DECLARE v_at DATETIME DEFAULT UTC_TIMESTAMP();
  DECLARE v_found TINYINT DEFAULT 1;
  DECLARE v_oid BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_ostart DATETIME DEFAULT NULL;
  DECLARE v_oent INT UNSIGNED;
  DECLARE v_ocpu INT UNSIGNED;
  DECLARE v_oram INT UNSIGNED;
  DECLARE v_nent INT UNSIGNED DEFAULT NULL;
  DECLARE v_ncpu INT UNSIGNED;
  DECLARE v_nram INT UNSIGNED;
  DECLARE v_ndc INT UNSIGNED;
  DECLARE v_nregion VARCHAR(255) CHARACTER SET utf8mb4;
  DECLARE v_nacct VARCHAR(255) CHARACTER SET utf8mb4;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_found = 0;

  -- The open row: read without a lock, then locked when it exists (design.md: the gap lock).
  SELECT e.idPMAccountingEvent INTO v_oid
    FROM kinton_accounting.accounting_event_pm e
   WHERE e.idPhysicalMachine = p_idPhysicalMachine AND e.isOpen = 1;
  IF v_found = 1 THEN
    SELECT e.idPMAccountingEvent, e.startTime, e.idEnterprise, e.cpu, e.ram
      INTO v_oid, v_ostart, v_oent, v_ocpu, v_oram
      FROM kinton_accounting.accounting_event_pm e
     WHERE e.idPhysicalMachine = p_idPhysicalMachine AND e.isOpen = 1
       FOR UPDATE;
  END IF;
  IF v_found = 0 THEN
    SET v_oid = NULL;
  END IF;

  SET v_found = 1;
  SELECT s.idEnterprise, s.cpu, s.ram, s.idDataCenter, s.region, s.account_id
    INTO v_nent, v_ncpu, v_nram, v_ndc, v_nregion, v_nacct
    FROM kinton_accounting.capture_pm_snapshot s
   WHERE s.idPhysicalMachine = p_idPhysicalMachine;
  IF v_found = 0 THEN
    SET v_nent = NULL;  -- gone or not reserved
  END IF;

  IF v_oid IS NOT NULL AND v_nent IS NOT NULL
     AND v_oent <=> v_nent AND v_ocpu <=> v_ncpu AND v_oram <=> v_nram THEN
    LEAVE proc;
  END IF;

  -- The instant: now, never before the open row's start nor the last closed row's stop.
  IF v_oid IS NOT NULL THEN
    SET v_at = GREATEST(v_at, v_ostart);
    UPDATE kinton_accounting.accounting_event_pm SET stopTime = v_at WHERE idPMAccountingEvent = v_oid;
  ELSEIF v_nent IS NOT NULL THEN
    SET v_at = GREATEST(v_at, COALESCE((SELECT e.stopTime FROM kinton_accounting.accounting_event_pm e
                                         WHERE e.idPhysicalMachine = p_idPhysicalMachine AND e.isOpen IS NULL
                                         ORDER BY e.idPMAccountingEvent DESC LIMIT 1), v_at));
  END IF;

  IF v_nent IS NOT NULL THEN
    -- values read into variables first: a plain INSERT … VALUES takes no table AUTO-INC lock
    INSERT INTO kinton_accounting.accounting_event_pm
      (idPhysicalMachine, idEnterprise, cpu, ram, startTime, stopTime, idDataCenter, region,
       consolidated, account_id)
    VALUES
      (p_idPhysicalMachine, v_nent, v_ncpu, v_nram, v_at, NULL, v_ndc, v_nregion, 0, v_nacct);
  END IF;
END
