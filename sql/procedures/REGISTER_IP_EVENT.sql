-- REGISTER_IP_EVENT: brings an address's accounting_event_ips rows in line with its inventory
-- row, as capture_ip_snapshot (the one snapshot rule) computes it: allocated to a VDC on a PUBLIC
-- network, owned by the VDC's enterprise. The open row closes when the address is gone, freed, or
-- moved to another VDC, network or address (then reopened); an allocated public address without
-- an (equal) open row gets one. Called by the ip_pool_management triggers.
-- It follows the steps of every register procedure (docs/design.md, "Intervals and
-- snapshots"), the instant included; its comparison, made on the open row read locked, is
-- the one capture_ip_drift makes set-based.
-- Example: CALL kinton_accounting.REGISTER_IP_EVENT(5);
CREATE OR REPLACE PROCEDURE kinton_accounting.REGISTER_IP_EVENT(IN p_idManagement INT UNSIGNED)
MODIFIES SQL DATA
SQL SECURITY DEFINER
COMMENT 'Close/open accounting_event_ips intervals of address p_idManagement for its inventory row. Example: CALL REGISTER_IP_EVENT(5)'
proc: BEGIN
  DECLARE v_at DATETIME DEFAULT UTC_TIMESTAMP();
  DECLARE v_found TINYINT DEFAULT 1;
  DECLARE v_oid BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_ostart DATETIME DEFAULT NULL;
  DECLARE v_oent INT UNSIGNED;
  DECLARE v_ovdc INT UNSIGNED;
  DECLARE v_ovlan INT UNSIGNED;
  DECLARE v_oip VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
  DECLARE v_alloc TINYINT DEFAULT 1;
  DECLARE v_nip VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
  DECLARE v_nvlan INT UNSIGNED;
  DECLARE v_nent INT UNSIGNED;
  DECLARE v_nvdc INT UNSIGNED;
  DECLARE v_ndc INT UNSIGNED;
  DECLARE v_nregion VARCHAR(255) CHARACTER SET utf8mb4;
  DECLARE v_nacct VARCHAR(255) CHARACTER SET utf8mb4;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_found = 0;

  -- The open row: read without a lock, then locked when it exists (design.md: the gap lock).
  SELECT e.idIPAccountingEvent INTO v_oid
    FROM kinton_accounting.accounting_event_ips e
   WHERE e.idManagement = p_idManagement AND e.isOpen = 1;
  IF v_found = 1 THEN
    SELECT e.idIPAccountingEvent, e.startTime, e.idEnterprise, e.idVirtualDataCenter, e.vlan_network_id, e.ip
      INTO v_oid, v_ostart, v_oent, v_ovdc, v_ovlan, v_oip
      FROM kinton_accounting.accounting_event_ips e
     WHERE e.idManagement = p_idManagement AND e.isOpen = 1
       FOR UPDATE;
  END IF;
  IF v_found = 0 THEN
    SET v_oid = NULL;
  END IF;

  SET v_found = 1;
  SELECT s.ip, s.vlan_network_id, s.idEnterprise, s.idVirtualDataCenter, s.idDataCenter, s.region, s.account_id
    INTO v_nip, v_nvlan, v_nent, v_nvdc, v_ndc, v_nregion, v_nacct
    FROM kinton_accounting.capture_ip_snapshot s
   WHERE s.idManagement = p_idManagement;
  SET v_alloc = v_found;

  IF v_oid IS NOT NULL AND v_alloc = 1 AND v_oent <=> v_nent AND v_ovdc <=> v_nvdc
     AND v_ovlan <=> v_nvlan AND CAST(v_oip AS BINARY) <=> CAST(v_nip AS BINARY) THEN
    LEAVE proc;
  END IF;

  -- The instant: now, never before the open row's start nor the last closed row's stop.
  IF v_oid IS NOT NULL THEN
    SET v_at = GREATEST(v_at, v_ostart);
    UPDATE kinton_accounting.accounting_event_ips SET stopTime = v_at WHERE idIPAccountingEvent = v_oid;
  ELSEIF v_alloc = 1 THEN
    SET v_at = GREATEST(v_at, COALESCE((SELECT e.stopTime FROM kinton_accounting.accounting_event_ips e
                                         WHERE e.idManagement = p_idManagement AND e.isOpen IS NULL
                                         ORDER BY e.idIPAccountingEvent DESC LIMIT 1), v_at));
  END IF;

  IF v_alloc = 1 THEN
    INSERT INTO kinton_accounting.accounting_event_ips
      (idManagement, ip, vlan_network_id, idEnterprise, idVirtualDataCenter, startTime, stopTime,
       idDataCenter, region, consolidated, account_id)
    VALUES
      (p_idManagement, v_nip, v_nvlan, v_nent, v_nvdc, v_at, NULL, v_ndc, v_nregion, 0, v_nacct);
  END IF;
END
