-- REGISTER_PM_EVENT: brings a physical machine's accounting_event_pm rows in line with its new
-- values. Reserved = p_idEnterprise set. The open row closes now when the machine is no longer
-- reserved, is reserved to another enterprise, or its cpu or ram changed; a reserved machine
-- without an (equal) open row gets one, with its datacenter, region and the enterprise's
-- account_id read now. Called by physicalmachine_create/_update/_delete (delete: p_idEnterprise NULL).
-- Example: CALL kinton_accounting.REGISTER_PM_EVENT(1, 2, 32, 262144, 1);
CREATE OR REPLACE PROCEDURE kinton_accounting.REGISTER_PM_EVENT(
  IN p_idPhysicalMachine INT UNSIGNED,
  IN p_idEnterprise INT UNSIGNED,
  IN p_cpu INT UNSIGNED,
  IN p_ram INT UNSIGNED,
  IN p_idDataCenter INT UNSIGNED)
MODIFIES SQL DATA
SQL SECURITY DEFINER
COMMENT 'Close/open accounting_event_pm intervals of a physical machine for its new reservation, cpu and ram. Example: CALL REGISTER_PM_EVENT(1, 2, 32, 262144, 1)'
proc: BEGIN
  DECLARE v_at DATETIME DEFAULT UTC_TIMESTAMP();
  DECLARE v_found TINYINT DEFAULT 1;
  DECLARE v_oid BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_ostart DATETIME DEFAULT NULL;
  DECLARE v_oent INT UNSIGNED;
  DECLARE v_ocpu INT UNSIGNED;
  DECLARE v_oram INT UNSIGNED;
  DECLARE v_ncpu INT UNSIGNED DEFAULT COALESCE(p_cpu, 0);
  DECLARE v_nram INT UNSIGNED DEFAULT COALESCE(p_ram, 0);
  DECLARE v_region VARCHAR(255) CHARACTER SET utf8mb4 DEFAULT NULL;
  DECLARE v_acct VARCHAR(255) CHARACTER SET utf8mb4 DEFAULT NULL;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_found = 0;

  -- A consistent read first: it takes no lock, so concurrent first deploys (no open row yet)
  -- do not deadlock on a gap lock of the open-row key. Only when an open row exists is it read
  -- again, locked, in its latest committed version (a record lock: a concurrent re-snapshot of
  -- the same resource is waited for, never overwritten).
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

  IF v_oid IS NOT NULL AND p_idEnterprise IS NOT NULL
     AND v_oent <=> p_idEnterprise AND v_ocpu <=> v_ncpu AND v_oram <=> v_nram THEN
    LEAVE proc;
  END IF;

  -- The instant: now, but never before the open row's start (a clock that stepped back leaves a
  -- zero-length row) and, with no row open, never before the resource's last interval ends (the
  -- capture writes a resource's rows in time order: its newest closed row ends last).
  IF v_oid IS NOT NULL THEN
    SET v_at = GREATEST(v_at, v_ostart);
    UPDATE kinton_accounting.accounting_event_pm SET stopTime = v_at WHERE idPMAccountingEvent = v_oid;
  ELSE
    SET v_at = GREATEST(v_at, COALESCE((SELECT e.stopTime FROM kinton_accounting.accounting_event_pm e
                                         WHERE e.idPhysicalMachine = p_idPhysicalMachine AND e.isOpen IS NULL
                                         ORDER BY e.idPMAccountingEvent DESC LIMIT 1), v_at));
  END IF;

  IF p_idEnterprise IS NOT NULL THEN
    -- values into variables first: a plain INSERT … VALUES takes no table AUTO-INC lock
    SET v_region = (SELECT CONVERT(dc.region USING utf8mb4) FROM kinton.datacenter dc
                     WHERE dc.idDataCenter = p_idDataCenter),
        v_acct = (SELECT CONVERT(en.internal_customer_id USING utf8mb4) FROM kinton.enterprise en
                   WHERE en.idEnterprise = p_idEnterprise);
    INSERT INTO kinton_accounting.accounting_event_pm
      (idPhysicalMachine, idEnterprise, cpu, ram, startTime, stopTime, idDataCenter, region,
       consolidated, account_id)
    VALUES
      (p_idPhysicalMachine, p_idEnterprise, v_ncpu, v_nram, v_at, NULL, p_idDataCenter,
       v_region, 0, v_acct);
  END IF;
END
