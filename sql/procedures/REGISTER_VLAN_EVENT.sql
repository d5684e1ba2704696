-- REGISTER_VLAN_EVENT: brings a private VLAN's accounting_event_vlan rows in line with its new
-- values. p_exists: the vlan_network row exists and is INTERNAL. The open row closes now when
-- the VLAN is gone or its VDC (and so enterprise) changed; an existing VLAN without an (equal)
-- open row gets one. Owner 0 when the network has no VDC. Called by the vlan_network triggers.
-- Example: CALL kinton_accounting.REGISTER_VLAN_EVENT(1, 1, 1);
CREATE OR REPLACE PROCEDURE kinton_accounting.REGISTER_VLAN_EVENT(
  IN p_vlan_network_id INT UNSIGNED,
  IN p_exists TINYINT,
  IN p_idVirtualDataCenter INT UNSIGNED)
MODIFIES SQL DATA
SQL SECURITY DEFINER
COMMENT 'Close/open accounting_event_vlan intervals of private VLAN p_vlan_network_id. Example: CALL REGISTER_VLAN_EVENT(1, 1, 1)'
proc: BEGIN
  DECLARE v_at DATETIME DEFAULT UTC_TIMESTAMP();
  DECLARE v_found TINYINT DEFAULT 1;
  DECLARE v_oid BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_ostart DATETIME DEFAULT NULL;
  DECLARE v_oent INT UNSIGNED;
  DECLARE v_ovdc INT UNSIGNED;
  DECLARE v_nvdc INT UNSIGNED DEFAULT COALESCE(p_idVirtualDataCenter, 0);
  DECLARE v_nent INT UNSIGNED DEFAULT NULL;
  DECLARE v_ndc INT UNSIGNED DEFAULT NULL;
  DECLARE v_nregion VARCHAR(255) CHARACTER SET utf8mb4 DEFAULT NULL;
  DECLARE v_nacct VARCHAR(255) CHARACTER SET utf8mb4 DEFAULT NULL;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_found = 0;

  -- A consistent read first: it takes no lock, so concurrent first deploys (no open row yet)
  -- do not deadlock on a gap lock of the open-row key. Only when an open row exists is it read
  -- again, locked, in its latest committed version (a record lock: a concurrent re-snapshot of
  -- the same resource is waited for, never overwritten).
  SELECT e.idVLANAccountingEvent INTO v_oid
    FROM kinton_accounting.accounting_event_vlan e
   WHERE e.vlan_network_id = p_vlan_network_id AND e.isOpen = 1;
  IF v_found = 1 THEN
    SELECT e.idVLANAccountingEvent, e.startTime, e.idEnterprise, e.idVirtualDataCenter
      INTO v_oid, v_ostart, v_oent, v_ovdc
      FROM kinton_accounting.accounting_event_vlan e
     WHERE e.vlan_network_id = p_vlan_network_id AND e.isOpen = 1
       FOR UPDATE;
  END IF;
  IF v_found = 0 THEN
    SET v_oid = NULL;
  END IF;

  IF COALESCE(p_exists, 0) <> 0 THEN
    SET v_found = 1;
    SELECT vdc.idEnterprise, vdc.idDataCenter, CONVERT(dc.region USING utf8mb4),
           CONVERT(en.internal_customer_id USING utf8mb4)
      INTO v_nent, v_ndc, v_nregion, v_nacct
      FROM (SELECT 1 AS one) AS base
      LEFT JOIN kinton.virtualdatacenter vdc ON vdc.idVirtualDataCenter = p_idVirtualDataCenter
      LEFT JOIN kinton.datacenter dc ON dc.idDataCenter = vdc.idDataCenter
      LEFT JOIN kinton.enterprise en ON en.idEnterprise = vdc.idEnterprise;
    SET v_nent = COALESCE(v_nent, 0);
    IF v_oid IS NOT NULL AND v_oent <=> v_nent AND v_ovdc <=> v_nvdc THEN
      LEAVE proc;
    END IF;
  END IF;

  -- The instant: now, but never before the open row's start (a clock that stepped back leaves a
  -- zero-length row) and, with no row open, never before the resource's last interval ends (the
  -- capture writes a resource's rows in time order: its newest closed row ends last).
  IF v_oid IS NOT NULL THEN
    SET v_at = GREATEST(v_at, v_ostart);
    UPDATE kinton_accounting.accounting_event_vlan SET stopTime = v_at WHERE idVLANAccountingEvent = v_oid;
  ELSE
    SET v_at = GREATEST(v_at, COALESCE((SELECT e.stopTime FROM kinton_accounting.accounting_event_vlan e
                                         WHERE e.vlan_network_id = p_vlan_network_id AND e.isOpen IS NULL
                                         ORDER BY e.idVLANAccountingEvent DESC LIMIT 1), v_at));
  END IF;

  IF COALESCE(p_exists, 0) <> 0 THEN
    INSERT INTO kinton_accounting.accounting_event_vlan
      (vlan_network_id, idEnterprise, idVirtualDataCenter, startTime, stopTime, idDataCenter,
       region, consolidated, account_id)
    VALUES
      (p_vlan_network_id, v_nent, v_nvdc, v_at, NULL, v_ndc, v_nregion, 0, v_nacct);
  END IF;
END
