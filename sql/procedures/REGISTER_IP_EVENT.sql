-- REGISTER_IP_EVENT: brings a public IP's accounting_event_ips rows in line with its new values.
-- Allocated = p_idVirtualDataCenter set and the network (p_vlan_network_id) is PUBLIC. The open
-- row closes now when the IP is freed, deleted (p_idVirtualDataCenter NULL) or moved to another
-- VDC, network or address; an allocated IP without an (equal) open row gets one, owned by the
-- VDC's enterprise. Called by the ip_pool_management triggers.
-- Example: CALL kinton_accounting.REGISTER_IP_EVENT(5, 1, 2, '203.0.113.10');
CREATE OR REPLACE PROCEDURE kinton_accounting.REGISTER_IP_EVENT(
  IN p_idManagement INT UNSIGNED,
  IN p_idVirtualDataCenter INT UNSIGNED,
  IN p_vlan_network_id INT UNSIGNED,
  IN p_ip VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin)
MODIFIES SQL DATA
SQL SECURITY DEFINER
COMMENT 'Close/open accounting_event_ips intervals of IP p_idManagement. Example: CALL REGISTER_IP_EVENT(5, 1, 2, ''203.0.113.10'')'
proc: BEGIN
  DECLARE v_at DATETIME DEFAULT UTC_TIMESTAMP();
  DECLARE v_found TINYINT DEFAULT 1;
  DECLARE v_oid BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_ostart DATETIME DEFAULT NULL;
  DECLARE v_oent INT UNSIGNED;
  DECLARE v_ovdc INT UNSIGNED;
  DECLARE v_ovlan INT UNSIGNED;
  DECLARE v_oip VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
  DECLARE v_alloc TINYINT DEFAULT 0;
  DECLARE v_nent INT UNSIGNED DEFAULT NULL;
  DECLARE v_ndc INT UNSIGNED DEFAULT NULL;
  DECLARE v_nregion VARCHAR(255) CHARACTER SET utf8mb4 DEFAULT NULL;
  DECLARE v_nacct VARCHAR(255) CHARACTER SET utf8mb4 DEFAULT NULL;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_found = 0;

  -- A consistent read first: it takes no lock, so concurrent first deploys (no open row yet)
  -- do not deadlock on a gap lock of the open-row key. Only when an open row exists is it read
  -- again, locked, in its latest committed version (a record lock: a concurrent re-snapshot of
  -- the same resource is waited for, never overwritten).
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

  IF p_idVirtualDataCenter IS NOT NULL THEN
    SET v_found = 1;
    SELECT IF(n.networktype = 'PUBLIC', 1, 0), vdc.idEnterprise, vdc.idDataCenter,
           CONVERT(dc.region USING utf8mb4), CONVERT(en.internal_customer_id USING utf8mb4)
      INTO v_alloc, v_nent, v_ndc, v_nregion, v_nacct
      FROM kinton.vlan_network n
      LEFT JOIN kinton.virtualdatacenter vdc ON vdc.idVirtualDataCenter = p_idVirtualDataCenter
      LEFT JOIN kinton.datacenter dc ON dc.idDataCenter = vdc.idDataCenter
      LEFT JOIN kinton.enterprise en ON en.idEnterprise = vdc.idEnterprise
     WHERE n.vlan_network_id = p_vlan_network_id;
    IF v_found = 0 THEN
      SET v_alloc = 0;
    END IF;
    SET v_nent = COALESCE(v_nent, 0);
  END IF;

  IF v_oid IS NOT NULL AND v_alloc = 1 AND v_oent <=> v_nent AND v_ovdc <=> p_idVirtualDataCenter
     AND v_ovlan <=> p_vlan_network_id AND CAST(v_oip AS BINARY) <=> CAST(p_ip AS BINARY) THEN
    LEAVE proc;
  END IF;

  -- The instant: now, but never before the open row's start (a clock that stepped back leaves a
  -- zero-length row) and, with no row open, never before the resource's last interval ends (the
  -- capture writes a resource's rows in time order: its newest closed row ends last).
  IF v_oid IS NOT NULL THEN
    SET v_at = GREATEST(v_at, v_ostart);
    UPDATE kinton_accounting.accounting_event_ips SET stopTime = v_at WHERE idIPAccountingEvent = v_oid;
  ELSE
    SET v_at = GREATEST(v_at, COALESCE((SELECT e.stopTime FROM kinton_accounting.accounting_event_ips e
                                         WHERE e.idManagement = p_idManagement AND e.isOpen IS NULL
                                         ORDER BY e.idIPAccountingEvent DESC LIMIT 1), v_at));
  END IF;

  IF v_alloc = 1 THEN
    INSERT INTO kinton_accounting.accounting_event_ips
      (idManagement, ip, vlan_network_id, idEnterprise, idVirtualDataCenter, startTime, stopTime,
       idDataCenter, region, consolidated, account_id)
    VALUES
      (p_idManagement, COALESCE(p_ip, ''), p_vlan_network_id, v_nent, p_idVirtualDataCenter, v_at, NULL,
       v_ndc, v_nregion, 0, v_nacct);
  END IF;
END
