-- REGISTER_VM_EVENT: brings a managed VM's accounting_event_vm rows in line with its new state.
-- Called by the virtualmachine triggers with the row's new values, after they have checked that
-- something accounted changed. It computes the VM's snapshot, compares it with the open row
-- (NULL-safe) and, when they differ, closes the open row and opens the next at the same instant
-- (UTC_TIMESTAMP(), so SET TIMESTAMP moves it). Nothing differs: nothing is written.
--   p_power   1 ON; 0 OFF or PAUSED; NULL LOCKED or UNKNOWN (keep the open row's power state,
--             open nothing); -1 undeployed, imported or deleted (close the open row).
--   p_lookup  1 when a foreign key changed (enterprise, vApp, hypervisor, image): read the
--             parents. 0: take VDC, hypervisor type, HA and cost code from the open row, which
--             the parents' triggers keep current (RESNAPSHOT_VMS_OF_*). With no open row the
--             parents are always read. Datacenter, region and account_id are read when a row opens.
--   p_expectOpen  1 when the VM was ON, OFF or PAUSED before this change (it has an open row):
--             the open row is read locked at once. 0: a consistent read first, so that concurrent
--             first deploys (no open row, no lock wanted) do not deadlock on a gap lock.
-- Example: CALL kinton_accounting.REGISTER_VM_EVENT(42, 1, 1, 0, 1, 3, 2, NULL, NULL, 2, 4096, 10737418240, 0, NULL);
CREATE OR REPLACE PROCEDURE kinton_accounting.REGISTER_VM_EVENT(
  IN p_idVM INT UNSIGNED,
  IN p_power TINYINT,
  IN p_lookup TINYINT,
  IN p_expectOpen TINYINT,
  IN p_idEnterprise INT UNSIGNED,
  IN p_idVirtualApp INT UNSIGNED,
  IN p_idHypervisor INT UNSIGNED,
  IN p_idImage INT UNSIGNED,
  IN p_idHardwareProfile INT UNSIGNED,
  IN p_cpu INT UNSIGNED,
  IN p_ram INT UNSIGNED,
  IN p_hd BIGINT UNSIGNED,
  IN p_antiAffinity TINYINT,
  IN p_providerId VARCHAR(255) CHARACTER SET utf8mb4)
MODIFIES SQL DATA
SQL SECURITY DEFINER
COMMENT 'Close/open accounting_event_vm intervals of VM p_idVM for its new values (see file header). Example: CALL REGISTER_VM_EVENT(42, 1, 1, 0, 1, 3, 2, NULL, NULL, 2, 4096, 10737418240, 0, NULL)'
proc: BEGIN
  DECLARE v_at DATETIME DEFAULT UTC_TIMESTAMP();
  DECLARE v_found TINYINT DEFAULT 1;
  -- the open row
  DECLARE v_oid BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_oent INT UNSIGNED;
  DECLARE v_ovdc INT UNSIGNED;
  DECLARE v_ovapp INT UNSIGNED;
  DECLARE v_ocpu INT UNSIGNED;
  DECLARE v_oram INT UNSIGNED;
  DECLARE v_ohd BIGINT UNSIGNED;
  DECLARE v_occ INT UNSIGNED;
  DECLARE v_ohvt VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
  DECLARE v_oidhvt INT UNSIGNED;
  DECLARE v_odc INT UNSIGNED;
  DECLARE v_oha TINYINT;
  DECLARE v_oaa TINYINT;
  DECLARE v_ohp INT UNSIGNED;
  DECLARE v_opow TINYINT;
  -- the new snapshot
  DECLARE v_nent INT UNSIGNED DEFAULT COALESCE(p_idEnterprise, 0);
  DECLARE v_nvapp INT UNSIGNED DEFAULT COALESCE(p_idVirtualApp, 0);
  DECLARE v_naa TINYINT DEFAULT IF(COALESCE(p_antiAffinity, 0) <> 0, 1, 0);
  DECLARE v_ncpu INT UNSIGNED DEFAULT COALESCE(p_cpu, 0);
  DECLARE v_nram INT UNSIGNED DEFAULT COALESCE(p_ram, 0);
  DECLARE v_nhd BIGINT UNSIGNED DEFAULT COALESCE(p_hd, 0);
  DECLARE v_nvdc INT UNSIGNED;
  DECLARE v_ncc INT UNSIGNED;
  DECLARE v_nhvt VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
  DECLARE v_nidhvt INT UNSIGNED;
  DECLARE v_ndc INT UNSIGNED;
  DECLARE v_nha TINYINT;
  DECLARE v_nregion VARCHAR(255) CHARACTER SET utf8mb4;
  DECLARE v_nacct VARCHAR(255) CHARACTER SET utf8mb4;
  DECLARE v_npow TINYINT;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_found = 0;

  -- Unless an open row is expected, a consistent read first: it takes no lock, so concurrent
  -- first deploys (no open row yet) do not deadlock on a gap lock of the open-row key. An open
  -- row is read locked, in its latest committed version (a record lock: a concurrent
  -- re-snapshot of the same VM is waited for, never overwritten).
  IF NOT (p_expectOpen <=> 1) THEN
    SELECT e.idVMAccountingEvent INTO v_oid
      FROM kinton_accounting.accounting_event_vm e
     WHERE e.idVM = p_idVM AND e.isOpen = 1;
  END IF;
  IF v_found = 1 THEN
    SELECT e.idVMAccountingEvent, e.idEnterprise, e.idVirtualDataCenter, e.idVirtualApp,
           e.cpu, e.ram, e.hd, e.costCode, e.hypervisorType, e.idHypervisorType,
           e.idDataCenter, e.haEnabled, e.antiAffinity, e.idHardwareProfile, e.powerOn
      INTO v_oid, v_oent, v_ovdc, v_ovapp,
           v_ocpu, v_oram, v_ohd, v_occ, v_ohvt, v_oidhvt,
           v_odc, v_oha, v_oaa, v_ohp, v_opow
      FROM kinton_accounting.accounting_event_vm e
     WHERE e.idVM = p_idVM AND e.isOpen = 1
       FOR UPDATE;
  END IF;
  IF v_found = 0 THEN
    SET v_oid = NULL;
  END IF;

  IF p_power IS NOT NULL AND p_power < 0 THEN
    IF v_oid IS NOT NULL THEN
      UPDATE kinton_accounting.accounting_event_vm
         SET stopTime = v_at
       WHERE idVMAccountingEvent = v_oid;
    END IF;
    LEAVE proc;
  END IF;

  IF p_power IS NULL THEN
    IF v_oid IS NULL THEN
      LEAVE proc;  -- LOCKED or UNKNOWN without an open row: not deployed, nothing to do
    END IF;
    SET v_npow = v_opow;
  ELSE
    SET v_npow = IF(p_power > 0, 1, 0);
  END IF;

  IF v_oid IS NULL OR p_lookup <> 0 THEN
    SET v_found = 1;
    SELECT va.idVirtualDataCenter, CONVERT(vdc.hypervisorType USING utf8mb4), o.idObjectName,
           vdc.idDataCenter, IF(COALESCE(r.haEnabled, 0) <> 0, 1, 0), vi.cost_code
      INTO v_nvdc, v_nhvt, v_nidhvt,
           v_ndc, v_nha, v_ncc
      FROM (SELECT 1 AS one) AS base
      LEFT JOIN kinton.virtualapp va ON va.idVirtualApp = p_idVirtualApp
      LEFT JOIN kinton.virtualdatacenter vdc ON vdc.idVirtualDataCenter = va.idVirtualDataCenter
      LEFT JOIN kinton.hypervisor h ON h.id = p_idHypervisor
      LEFT JOIN kinton.physicalmachine pm ON pm.idPhysicalMachine = h.idPhysicalMachine
      LEFT JOIN kinton.rack r ON r.idRack = pm.idRack
      LEFT JOIN kinton.virtualimage vi ON vi.idImage = p_idImage
      LEFT JOIN kinton_accounting.object_name o
             ON o.name = CONVERT(vdc.hypervisorType USING utf8mb4) COLLATE utf8mb4_bin;
    SET v_nvdc = COALESCE(v_nvdc, 0);
  ELSE
    SET v_nvdc = v_ovdc, v_nhvt = v_ohvt, v_nidhvt = v_oidhvt, v_ndc = v_odc,
        v_nha = v_oha, v_ncc = v_occ;
  END IF;

  IF v_oid IS NOT NULL
     AND v_oent <=> v_nent AND v_ovdc <=> v_nvdc AND v_ovapp <=> v_nvapp
     AND v_ocpu <=> v_ncpu AND v_oram <=> v_nram AND v_ohd <=> v_nhd
     AND v_occ <=> v_ncc AND CAST(v_ohvt AS BINARY) <=> CAST(v_nhvt AS BINARY)
     AND v_oha <=> v_nha AND v_oaa <=> v_naa AND v_ohp <=> p_idHardwareProfile
     AND v_opow <=> v_npow THEN
    LEAVE proc;  -- nothing accounted differs
  END IF;

  IF v_oid IS NOT NULL THEN
    UPDATE kinton_accounting.accounting_event_vm
       SET stopTime = v_at
     WHERE idVMAccountingEvent = v_oid;
  END IF;

  -- A plain INSERT … VALUES (values read into variables first), never INSERT … SELECT or a
  -- subquery in VALUES: with the default innodb_autoinc_lock_mode=1 those take the table's
  -- AUTO-INC lock for the statement, which serialises (and deadlocks) concurrent inventory writes.
  IF v_nhvt IS NOT NULL AND v_nidhvt IS NULL THEN
    CALL kinton_accounting.INTERN_OBJECT_NAME(v_nhvt, v_nidhvt);  -- a type not interned yet (muted VDC insert)
  END IF;

  SET v_nregion = (SELECT CONVERT(dc.region USING utf8mb4) FROM kinton.datacenter dc
                    WHERE dc.idDataCenter = v_ndc),
      v_nacct = (SELECT CONVERT(en.internal_customer_id USING utf8mb4) FROM kinton.enterprise en
                  WHERE en.idEnterprise = p_idEnterprise);
  INSERT INTO kinton_accounting.accounting_event_vm
    (idVM, idEnterprise, idVirtualDataCenter, idVirtualApp, cpu, ram, hd, startTime, stopTime,
     consolidated, costCode, hypervisorType, idHypervisorType, idDataCenter, region, haEnabled,
     antiAffinity, idHardwareProfile, powerOn, account_id, internal_provider_id)
  VALUES
    (p_idVM, v_nent, v_nvdc, v_nvapp, v_ncpu, v_nram, v_nhd, v_at, NULL,
     0, v_ncc, v_nhvt, COALESCE(v_nidhvt, 0), v_ndc, v_nregion,
     v_nha, v_naa, p_idHardwareProfile, v_npow, v_nacct, p_providerId);
END
