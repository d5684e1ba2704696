-- RESNAPSHOT_VMS: re-snapshots, set-based, the deployed VMs (open accounting_event_vm row) of one
-- parent whose change the VM snapshot depends on: p_parent 'vapp' (its VDC changed), 'vdc' (its
-- hypervisor type), 'hypervisor' (its physical machine), 'pm' (its rack), 'rack' (its HA flag),
-- 'image' (its cost code). Each VM whose snapshot (capture_vm_snapshot, the one rule) differs from
-- its open row gets that row closed and the next one opened at the same instant (power state kept
-- for LOCKED/UNKNOWN VMs); the others are not written. The instant is UTC_TIMESTAMP(), or the open
-- row's start when the clock is behind it (a zero-length row, never an inverted one). Three
-- statements over the affected VMs, whatever their number: mark the changed ones
-- (capture_resnapshot_work), close, open; then the marks are deleted. Called by the parents' triggers.
-- Errors: 30102 CAPTURE_BAD_PARENT.
-- Example: CALL kinton_accounting.RESNAPSHOT_VMS('rack', 1);
CREATE OR REPLACE PROCEDURE kinton_accounting.RESNAPSHOT_VMS(
  IN p_parent VARCHAR(16) CHARACTER SET ascii,
  IN p_id INT UNSIGNED)
MODIFIES SQL DATA
SQL SECURITY DEFINER
COMMENT 'Set-based re-snapshot of the deployed VMs of parent p_parent (vapp, vdc, hypervisor, pm, rack, image) p_id. Example: CALL RESNAPSHOT_VMS(''rack'', 1)'
BEGIN
  DECLARE v_at DATETIME DEFAULT UTC_TIMESTAMP();
  DECLARE v_conn BIGINT UNSIGNED DEFAULT CONNECTION_ID();
  DECLARE v_type VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL;
  DECLARE v_id INT UNSIGNED DEFAULT NULL;

  -- A new VDC or hypervisor type gets its object_name id first (the VDC's triggers intern it
  -- unless muted), so the snapshot names it.
  IF p_parent IN ('vapp', 'vdc') THEN
    SET v_type = IF(p_parent = 'vdc',
      (SELECT vdc.hypervisorType FROM kinton.virtualdatacenter vdc
        WHERE vdc.idVirtualDataCenter = p_id),
      (SELECT vdc.hypervisorType FROM kinton.virtualapp va
         JOIN kinton.virtualdatacenter vdc ON vdc.idVirtualDataCenter = va.idVirtualDataCenter
        WHERE va.idVirtualApp = p_id));
    IF v_type IS NOT NULL THEN
      CALL kinton_accounting.INTERN_OBJECT_NAME(v_type, v_id);
    END IF;
  END IF;

  -- 1. Mark the open rows of the parent's VMs whose snapshot changed (capture_vm_drift; a VM
  --    undeployed or imported while muted is left to verify). One branch per parent: each reads
  --    its own index.
  IF p_parent = 'vapp' THEN
    INSERT INTO kinton_accounting.capture_resnapshot_work (idConnection, idVMAccountingEvent)
    SELECT v_conn, d.idVMAccountingEvent FROM kinton_accounting.capture_vm_drift d
     WHERE d.differences <> '' AND NOT (d.power <=> -1) AND d.parentVApp = p_id;
  ELSEIF p_parent = 'vdc' THEN
    INSERT INTO kinton_accounting.capture_resnapshot_work (idConnection, idVMAccountingEvent)
    SELECT v_conn, d.idVMAccountingEvent FROM kinton_accounting.capture_vm_drift d
     WHERE d.differences <> '' AND NOT (d.power <=> -1) AND d.parentVdc = p_id;
  ELSEIF p_parent = 'hypervisor' THEN
    INSERT INTO kinton_accounting.capture_resnapshot_work (idConnection, idVMAccountingEvent)
    SELECT v_conn, d.idVMAccountingEvent FROM kinton_accounting.capture_vm_drift d
     WHERE d.differences <> '' AND NOT (d.power <=> -1) AND d.parentHypervisor = p_id;
  ELSEIF p_parent = 'pm' THEN
    INSERT INTO kinton_accounting.capture_resnapshot_work (idConnection, idVMAccountingEvent)
    SELECT v_conn, d.idVMAccountingEvent FROM kinton_accounting.capture_vm_drift d
     WHERE d.differences <> '' AND NOT (d.power <=> -1) AND d.parentPM = p_id;
  ELSEIF p_parent = 'rack' THEN
    INSERT INTO kinton_accounting.capture_resnapshot_work (idConnection, idVMAccountingEvent)
    SELECT v_conn, d.idVMAccountingEvent FROM kinton_accounting.capture_vm_drift d
     WHERE d.differences <> '' AND NOT (d.power <=> -1) AND d.parentRack = p_id;
  ELSEIF p_parent = 'image' THEN
    INSERT INTO kinton_accounting.capture_resnapshot_work (idConnection, idVMAccountingEvent)
    SELECT v_conn, d.idVMAccountingEvent FROM kinton_accounting.capture_vm_drift d
     WHERE d.differences <> '' AND NOT (d.power <=> -1) AND d.parentImage = p_id;
  ELSE
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30102,
      MESSAGE_TEXT = 'CAPTURE_BAD_PARENT: RESNAPSHOT_VMS takes vapp, vdc, hypervisor, pm, rack or image';
  END IF;

  IF ROW_COUNT() > 0 THEN
    -- 2. Close them: now, or at the row's start when the clock is behind it.
    UPDATE kinton_accounting.accounting_event_vm e
      JOIN kinton_accounting.capture_resnapshot_work w
        ON w.idConnection = v_conn AND w.idVMAccountingEvent = e.idVMAccountingEvent
       SET e.stopTime = GREATEST(v_at, e.startTime);

    -- 3. Open the next row of each at the instant its previous one closed.
    INSERT INTO kinton_accounting.accounting_event_vm
      (idVM, idEnterprise, idVirtualDataCenter, idVirtualApp, cpu, ram, hd, startTime, stopTime,
       consolidated, costCode, hypervisorType, idHypervisorType, idDataCenter, region, haEnabled,
       antiAffinity, idHardwareProfile, powerOn, account_id, internal_provider_id)
    SELECT s.idVM, s.idEnterprise, s.idVirtualDataCenter, s.idVirtualApp, s.cpu, s.ram, s.hd,
           e.stopTime, NULL, 0, s.costCode, s.hypervisorType, s.idHypervisorType, s.idDataCenter,
           s.region, s.haEnabled, s.antiAffinity, s.idHardwareProfile,
           COALESCE(s.power, e.powerOn), s.account_id, s.internal_provider_id
      FROM kinton_accounting.capture_resnapshot_work w
      JOIN kinton_accounting.accounting_event_vm e ON e.idVMAccountingEvent = w.idVMAccountingEvent
      JOIN kinton_accounting.capture_vm_snapshot s ON s.idVM = e.idVM
     WHERE w.idConnection = v_conn;

    DELETE FROM kinton_accounting.capture_resnapshot_work WHERE idConnection = v_conn;
  END IF;
END
