-- RESNAPSHOT_VMS_OF_PM: re-snapshots, set-based, the deployed VMs (open accounting_event_vm row) affected when
-- a physical machine's idRack changed (physicalmachine_update). Each VM whose recomputed snapshot differs from its open row gets that row closed now
-- and the next one opened at the same instant (power state kept for LOCKED/UNKNOWN VMs); the
-- others are not written. Three statements over the affected VMs, whatever their number: mark
-- (capture_resnapshot_work), close, open; then the marks are deleted.
-- Example: CALL kinton_accounting.RESNAPSHOT_VMS_OF_PM(1);
CREATE OR REPLACE PROCEDURE kinton_accounting.RESNAPSHOT_VMS_OF_PM(IN p_idPhysicalMachine INT UNSIGNED)
MODIFIES SQL DATA
SQL SECURITY DEFINER
COMMENT 'Set-based re-snapshot of the deployed VMs affected by a change of idPhysicalMachine. Example: CALL RESNAPSHOT_VMS_OF_PM(1)'
BEGIN
  DECLARE v_at DATETIME DEFAULT UTC_TIMESTAMP();
  DECLARE v_conn BIGINT UNSIGNED DEFAULT CONNECTION_ID();
  DECLARE v_type VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL;
  DECLARE v_id INT UNSIGNED DEFAULT NULL;

  INSERT INTO kinton_accounting.capture_resnapshot_work (idConnection, idVMAccountingEvent)
  SELECT v_conn, e.idVMAccountingEvent
      FROM kinton.virtualmachine vm
      JOIN kinton_accounting.accounting_event_vm e ON e.idVM = vm.idVM AND e.isOpen = 1
      LEFT JOIN kinton.virtualapp va ON va.idVirtualApp = vm.idVirtualApp
      LEFT JOIN kinton.virtualdatacenter vdc ON vdc.idVirtualDataCenter = va.idVirtualDataCenter
      LEFT JOIN kinton.datacenter dc ON dc.idDataCenter = vdc.idDataCenter
      LEFT JOIN kinton.hypervisor h ON h.id = vm.idHypervisor
      LEFT JOIN kinton.physicalmachine pm ON pm.idPhysicalMachine = h.idPhysicalMachine
      LEFT JOIN kinton.rack r ON r.idRack = pm.idRack
      LEFT JOIN kinton.virtualimage vi ON vi.idImage = vm.idImage
      LEFT JOIN kinton.enterprise en ON en.idEnterprise = vm.idEnterprise
      LEFT JOIN kinton_accounting.object_name o
             ON o.name = CONVERT(vdc.hypervisorType USING utf8mb4) COLLATE utf8mb4_bin
     WHERE h.idPhysicalMachine = p_idPhysicalMachine
       AND vm.idType = 1
       AND NOT (e.idEnterprise <=> COALESCE(vm.idEnterprise, 0)
            AND e.idVirtualDataCenter <=> COALESCE(va.idVirtualDataCenter, 0)
            AND e.idVirtualApp <=> COALESCE(vm.idVirtualApp, 0)
            AND e.cpu <=> COALESCE(vm.cpu, 0) AND e.ram <=> COALESCE(vm.ram, 0) AND e.hd <=> COALESCE(vm.hd, 0)
            AND e.costCode <=> vi.cost_code
            AND CAST(e.hypervisorType AS BINARY) <=> CAST(CONVERT(vdc.hypervisorType USING utf8mb4) AS BINARY)
            AND e.haEnabled <=> IF(COALESCE(r.haEnabled, 0) <> 0, 1, 0)
            AND e.antiAffinity <=> IF(vm.layer IS NULL, 0, 1)
            AND e.idHardwareProfile <=> vm.idHardwareProfile
            AND e.powerOn <=> CASE WHEN vm.state = 'ON' THEN 1 WHEN vm.state IN ('OFF', 'PAUSED') THEN 0 ELSE e.powerOn END);

  IF ROW_COUNT() > 0 THEN
    UPDATE kinton_accounting.accounting_event_vm e
      JOIN kinton_accounting.capture_resnapshot_work w
        ON w.idConnection = v_conn AND w.idVMAccountingEvent = e.idVMAccountingEvent
       SET e.stopTime = v_at;

    INSERT INTO kinton_accounting.accounting_event_vm
      (idVM, idEnterprise, idVirtualDataCenter, idVirtualApp, cpu, ram, hd, startTime, stopTime,
       consolidated, costCode, hypervisorType, idHypervisorType, idDataCenter, region, haEnabled,
       antiAffinity, idHardwareProfile, powerOn, account_id, internal_provider_id)
    SELECT vm.idVM, COALESCE(vm.idEnterprise, 0), COALESCE(va.idVirtualDataCenter, 0),
           COALESCE(vm.idVirtualApp, 0), COALESCE(vm.cpu, 0), COALESCE(vm.ram, 0), COALESCE(vm.hd, 0),
           v_at, NULL, 0, vi.cost_code, CONVERT(vdc.hypervisorType USING utf8mb4),
           COALESCE(o.idObjectName, 0), vdc.idDataCenter, CONVERT(dc.region USING utf8mb4),
           IF(COALESCE(r.haEnabled, 0) <> 0, 1, 0), IF(vm.layer IS NULL, 0, 1), vm.idHardwareProfile,
           CASE WHEN vm.state = 'ON' THEN 1 WHEN vm.state IN ('OFF', 'PAUSED') THEN 0 ELSE e.powerOn END,
           CONVERT(en.internal_customer_id USING utf8mb4), CONVERT(vm.providerId USING utf8mb4)
      FROM kinton_accounting.capture_resnapshot_work w
      JOIN kinton_accounting.accounting_event_vm e ON e.idVMAccountingEvent = w.idVMAccountingEvent
      JOIN kinton.virtualmachine vm ON vm.idVM = e.idVM
      LEFT JOIN kinton.virtualapp va ON va.idVirtualApp = vm.idVirtualApp
      LEFT JOIN kinton.virtualdatacenter vdc ON vdc.idVirtualDataCenter = va.idVirtualDataCenter
      LEFT JOIN kinton.datacenter dc ON dc.idDataCenter = vdc.idDataCenter
      LEFT JOIN kinton.hypervisor h ON h.id = vm.idHypervisor
      LEFT JOIN kinton.physicalmachine pm ON pm.idPhysicalMachine = h.idPhysicalMachine
      LEFT JOIN kinton.rack r ON r.idRack = pm.idRack
      LEFT JOIN kinton.virtualimage vi ON vi.idImage = vm.idImage
      LEFT JOIN kinton.enterprise en ON en.idEnterprise = vm.idEnterprise
      LEFT JOIN kinton_accounting.object_name o
             ON o.name = CONVERT(vdc.hypervisorType USING utf8mb4) COLLATE utf8mb4_bin
     WHERE w.idConnection = v_conn;

    DELETE FROM kinton_accounting.capture_resnapshot_work WHERE idConnection = v_conn;
  END IF;
END
