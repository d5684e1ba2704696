-- REGISTER_VM_EVENT: brings a VM's accounting_event_vm rows in line with its new values (the
-- trigger's NEW row; p_idType NULL for a deleted VM), as capture_vm_snapshot (the snapshot rule)
-- computes the snapshot. Called by the virtualmachine triggers after they have seen an accounted
-- column change (or the row inserted or deleted). It compares the snapshot with the open row
-- (NULL-safe) and, when they differ, closes the open row and opens the next at the same instant.
-- Nothing differs: nothing is written.
--   p_parents     1 when the VM's enterprise, vApp, hypervisor or image changed (or the row is
--                 new): the parent-derived values (VDC, hypervisor type, HA, cost code) are read
--                 from the inventory. 0: they are taken from the open row, which the parents'
--                 triggers keep current (RESNAPSHOT_VMS).
--                 Without an open row the parents are always read. Datacenter, region and
--                 account_id are read when a row opens.
--   p_expectOpen  1 when the old row was in a state that can hold an open row: it is read locked
--                 at once. 0: a consistent read first, so that concurrent first deploys (no open
--                 row, no lock wanted) do not deadlock on a gap lock of the open-row key.
-- Time: UTC_TIMESTAMP() (SET TIMESTAMP moves it), but never earlier than the open row's start, nor,
-- when no row is open, than the end of the VM's last interval: a clock that stepped back leaves a
-- zero-length row, never an interval that ends before it starts or overlaps another.
-- Example: CALL kinton_accounting.REGISTER_VM_EVENT(42, 1, 0, 'ON', 1, 1, 3, 2, NULL, NULL, 2, 4096, 10737418240, 0, NULL);
CREATE OR REPLACE PROCEDURE kinton_accounting.REGISTER_VM_EVENT(
  IN p_idVM INT UNSIGNED,
  IN p_parents TINYINT,
  IN p_expectOpen TINYINT,
  IN p_state VARCHAR(32) CHARACTER SET utf8mb4,
  IN p_idType INT,
  IN p_idEnterprise INT UNSIGNED,
  IN p_idVirtualApp INT UNSIGNED,
  IN p_idHypervisor INT UNSIGNED,
  IN p_idImage INT UNSIGNED,
  IN p_idHardwareProfile INT UNSIGNED,
  IN p_cpu INT UNSIGNED,
  IN p_ram INT UNSIGNED,
  IN p_hd BIGINT UNSIGNED,
  IN p_layerSet TINYINT,
  IN p_providerId VARCHAR(255) CHARACTER SET utf8mb4)
MODIFIES SQL DATA
SQL SECURITY DEFINER
COMMENT 'Close/open accounting_event_vm intervals of VM p_idVM for its new values (see file header). Example: CALL REGISTER_VM_EVENT(42, 1, 0, ''ON'', 1, 1, 3, 2, NULL, NULL, 2, 4096, 10737418240, 0, NULL)'
proc: BEGIN
  DECLARE v_at DATETIME DEFAULT UTC_TIMESTAMP();
  DECLARE v_found TINYINT DEFAULT 1;
  -- the open row
  DECLARE v_oid BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_ostart DATETIME;
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
  -- the new snapshot (capture_vm_snapshot)
  DECLARE v_npow TINYINT DEFAULT -1;
  DECLARE v_nent INT UNSIGNED;
  DECLARE v_nvdc INT UNSIGNED;
  DECLARE v_nvapp INT UNSIGNED;
  DECLARE v_ncpu INT UNSIGNED;
  DECLARE v_nram INT UNSIGNED;
  DECLARE v_nhd BIGINT UNSIGNED;
  DECLARE v_ncc INT UNSIGNED;
  DECLARE v_nhvt VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
  DECLARE v_nidhvt INT UNSIGNED;
  DECLARE v_ndc INT UNSIGNED;
  DECLARE v_nregion VARCHAR(255) CHARACTER SET utf8mb4;
  DECLARE v_nha TINYINT;
  DECLARE v_naa TINYINT;
  DECLARE v_nhp INT UNSIGNED;
  DECLARE v_nacct VARCHAR(255) CHARACTER SET utf8mb4;
  DECLARE v_nprov VARCHAR(255) CHARACTER SET utf8mb4;
  DECLARE v_lastStop DATETIME DEFAULT NULL;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_found = 0;

  -- The open row. Unless one is expected, a consistent read first (no lock). An open row is read
  -- locked, in its latest committed version (a record lock: a concurrent re-snapshot of the same
  -- VM is waited for, never overwritten).
  IF NOT (p_expectOpen <=> 1) THEN
    SELECT e.idVMAccountingEvent INTO v_oid
      FROM kinton_accounting.accounting_event_vm e
     WHERE e.idVM = p_idVM AND e.isOpen = 1;
  END IF;
  IF v_found = 1 THEN
    SELECT e.idVMAccountingEvent, e.startTime, e.idEnterprise, e.idVirtualDataCenter, e.idVirtualApp,
           e.cpu, e.ram, e.hd, e.costCode, e.hypervisorType, e.idHypervisorType,
           e.idDataCenter, e.haEnabled, e.antiAffinity, e.idHardwareProfile, e.powerOn
      INTO v_oid, v_ostart, v_oent, v_ovdc, v_ovapp,
           v_ocpu, v_oram, v_ohd, v_occ, v_ohvt, v_oidhvt,
           v_odc, v_oha, v_oaa, v_ohp, v_opow
      FROM kinton_accounting.accounting_event_vm e
     WHERE e.idVM = p_idVM AND e.isOpen = 1
       FOR UPDATE;
  END IF;
  IF v_found = 0 THEN
    SET v_oid = NULL;
  END IF;

  -- The new snapshot, as capture_vm_snapshot computes it (the rule's home), restated here for
  -- one row from the trigger's NEW values: a view named in a trigger's procedure is opened and
  -- merged on every statement that fires the trigger, accounted or not, and reading the VM's own
  -- row opens its table a second time (measured: +150 µs per accounted UPDATE, +15 µs per
  -- unaccounted one). The capture tests check after every change that the open row equals the
  -- view's snapshot (verify's drift), so the two cannot drift apart unnoticed. With an open row
  -- and no parent changed, the parent-derived values come from the open row, which the parents'
  -- triggers keep current (RESNAPSHOT_VMS). p_idType NULL: the VM is gone (power -1).
  SET v_npow = CASE WHEN NOT (p_idType <=> 1) THEN -1 WHEN p_state = 'ON' THEN 1
                    WHEN p_state IN ('OFF', 'PAUSED') THEN 0 WHEN p_state IN ('LOCKED', 'UNKNOWN') THEN NULL
                    ELSE -1 END,
      v_nent = COALESCE(p_idEnterprise, 0), v_nvapp = COALESCE(p_idVirtualApp, 0),
      v_ncpu = COALESCE(p_cpu, 0), v_nram = COALESCE(p_ram, 0), v_nhd = COALESCE(p_hd, 0),
      v_naa = IF(COALESCE(p_layerSet, 0) <> 0, 1, 0), v_nhp = p_idHardwareProfile,
      v_nprov = p_providerId;
  IF v_oid IS NOT NULL AND NOT (p_parents <=> 1) THEN
    SET v_nvdc = v_ovdc, v_nhvt = v_ohvt, v_nidhvt = v_oidhvt, v_ndc = v_odc,
        v_nha = v_oha, v_ncc = v_occ;
  ELSEIF v_npow IS NULL OR v_npow >= 0 THEN
    SET v_found = 1;
    SELECT va.idVirtualDataCenter, vi.cost_code, CONVERT(vdc.hypervisorType USING utf8mb4),
           COALESCE(o.idObjectName, 0), vdc.idDataCenter, IF(COALESCE(r.haEnabled, 0) <> 0, 1, 0)
      INTO v_nvdc, v_ncc, v_nhvt, v_nidhvt, v_ndc, v_nha
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
  END IF;


  -- LOCKED or UNKNOWN: the open row's power state holds; without an open row, not deployed.
  IF v_npow IS NULL THEN
    IF v_oid IS NULL THEN
      LEAVE proc;
    END IF;
    SET v_npow = v_opow;
  END IF;

  IF v_oid IS NOT NULL THEN
    SET v_at = GREATEST(v_at, v_ostart);  -- a clock behind the open row's start: take effect at it
  END IF;

  IF v_npow < 0 THEN
    IF v_oid IS NOT NULL THEN
      UPDATE kinton_accounting.accounting_event_vm
         SET stopTime = v_at
       WHERE idVMAccountingEvent = v_oid;
    END IF;
    LEAVE proc;
  END IF;

  IF v_oid IS NOT NULL
     AND v_oent <=> v_nent AND v_ovdc <=> v_nvdc AND v_ovapp <=> v_nvapp
     AND v_ocpu <=> v_ncpu AND v_oram <=> v_nram AND v_ohd <=> v_nhd
     AND v_occ <=> v_ncc AND CAST(v_ohvt AS BINARY) <=> CAST(v_nhvt AS BINARY)
     AND v_oha <=> v_nha AND v_oaa <=> v_naa AND v_ohp <=> v_nhp
     AND v_opow <=> v_npow THEN
    LEAVE proc;  -- nothing accounted differs
  END IF;

  IF v_oid IS NOT NULL THEN
    UPDATE kinton_accounting.accounting_event_vm
       SET stopTime = v_at
     WHERE idVMAccountingEvent = v_oid;
  ELSE
    -- No open row: the next one starts no earlier than the VM's last interval ends. The capture
    -- writes a resource's rows in time order, so its newest closed row ends last.
    SET v_lastStop = (SELECT e.stopTime FROM kinton_accounting.accounting_event_vm e
                       WHERE e.idVM = p_idVM AND e.isOpen IS NULL
                       ORDER BY e.idVMAccountingEvent DESC LIMIT 1);
    SET v_at = GREATEST(v_at, COALESCE(v_lastStop, v_at));
  END IF;

  -- A plain INSERT … VALUES (values read into variables first), never INSERT … SELECT or a
  -- subquery in VALUES: with the default innodb_autoinc_lock_mode=1 those take the table's
  -- AUTO-INC lock for the statement, which serialises (and deadlocks) concurrent inventory writes.
  IF v_nhvt IS NOT NULL AND v_nidhvt = 0 THEN
    CALL kinton_accounting.INTERN_OBJECT_NAME(v_nhvt, v_nidhvt);  -- a type not interned yet (muted VDC insert)
  END IF;

  -- read when a row opens, never re-snapshotted on their own
  SET v_nregion = (SELECT CONVERT(dc.region USING utf8mb4) FROM kinton.datacenter dc
                    WHERE dc.idDataCenter = v_ndc),
      v_nacct = (SELECT CONVERT(en.internal_customer_id USING utf8mb4) FROM kinton.enterprise en
                  WHERE en.idEnterprise = v_nent);
  INSERT INTO kinton_accounting.accounting_event_vm
    (idVM, idEnterprise, idVirtualDataCenter, idVirtualApp, cpu, ram, hd, startTime, stopTime,
     consolidated, costCode, hypervisorType, idHypervisorType, idDataCenter, region, haEnabled,
     antiAffinity, idHardwareProfile, powerOn, account_id, internal_provider_id)
  VALUES
    (p_idVM, v_nent, v_nvdc, v_nvapp, v_ncpu, v_nram, v_nhd, v_at, NULL,
     0, v_ncc, v_nhvt, v_nidhvt, v_ndc, v_nregion,
     v_nha, v_naa, v_nhp, v_npow, v_nacct, v_nprov);
END
