-- REGISTER_VLAN_EVENT: brings a network's accounting_event_vlan rows in line with its inventory
-- row, as capture_vlan_snapshot (the one snapshot rule) computes it: a private VLAN (INTERNAL)
-- is accounted to its VDC's enterprise. The open row closes when the network is gone, no longer
-- INTERNAL or moved to another VDC (then reopened for it); an INTERNAL network without an
-- (equal) open row gets one. Called by the vlan_network triggers.
-- It follows the steps of every register procedure (docs/design.md, "Intervals and
-- snapshots"), the instant included; its comparison, made on the open row read locked, is
-- the one capture_vlan_drift makes set-based.
-- Example: CALL kinton_accounting.REGISTER_VLAN_EVENT(1);
CREATE OR REPLACE PROCEDURE kinton_accounting.REGISTER_VLAN_EVENT(IN p_vlan_network_id INT UNSIGNED)
MODIFIES SQL DATA
SQL SECURITY DEFINER
COMMENT 'Close/open accounting_event_vlan intervals of network p_vlan_network_id for its inventory row. Example: CALL REGISTER_VLAN_EVENT(1)'
proc: BEGIN
  DECLARE v_at DATETIME DEFAULT UTC_TIMESTAMP();
  DECLARE v_found TINYINT DEFAULT 1;
  DECLARE v_oid BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_ostart DATETIME DEFAULT NULL;
  DECLARE v_oent INT UNSIGNED;
  DECLARE v_ovdc INT UNSIGNED;
  DECLARE v_exists TINYINT DEFAULT 1;
  DECLARE v_nent INT UNSIGNED;
  DECLARE v_nvdc INT UNSIGNED;
  DECLARE v_ndc INT UNSIGNED;
  DECLARE v_nregion VARCHAR(255) CHARACTER SET utf8mb4;
  DECLARE v_nacct VARCHAR(255) CHARACTER SET utf8mb4;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_found = 0;

  -- The open row: read without a lock, then locked when it exists (design.md: the gap lock).
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

  SET v_found = 1;
  SELECT s.idEnterprise, s.idVirtualDataCenter, s.idDataCenter, s.region, s.account_id
    INTO v_nent, v_nvdc, v_ndc, v_nregion, v_nacct
    FROM kinton_accounting.capture_vlan_snapshot s
   WHERE s.vlan_network_id = p_vlan_network_id;
  SET v_exists = v_found;

  IF v_oid IS NOT NULL AND v_exists = 1 AND v_oent <=> v_nent AND v_ovdc <=> v_nvdc THEN
    LEAVE proc;
  END IF;

  -- The instant: now, never before the open row's start nor the last closed row's stop.
  IF v_oid IS NOT NULL THEN
    SET v_at = GREATEST(v_at, v_ostart);
    UPDATE kinton_accounting.accounting_event_vlan SET stopTime = v_at WHERE idVLANAccountingEvent = v_oid;
  ELSEIF v_exists = 1 THEN
    SET v_at = GREATEST(v_at, COALESCE((SELECT e.stopTime FROM kinton_accounting.accounting_event_vlan e
                                         WHERE e.vlan_network_id = p_vlan_network_id AND e.isOpen IS NULL
                                         ORDER BY e.idVLANAccountingEvent DESC LIMIT 1), v_at));
  END IF;

  IF v_exists = 1 THEN
    INSERT INTO kinton_accounting.accounting_event_vlan
      (vlan_network_id, idEnterprise, idVirtualDataCenter, startTime, stopTime, idDataCenter,
       region, consolidated, account_id)
    VALUES
      (p_vlan_network_id, v_nent, v_nvdc, v_at, NULL, v_ndc, v_nregion, 0, v_nacct);
  END IF;
END
