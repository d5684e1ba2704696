-- VERIFY_FIX: puts the open intervals right against the live inventory, at the time of the fix
-- (UTC_TIMESTAMP(); never backdated), in one transaction: closes every open row whose resource is
-- gone, no longer counts, or whose snapshot differs (capture_*_drift), then opens a row for every
-- resource that counts and has none (INITIAL_SNAPSHOT: the current snapshot, no earlier than the
-- end of the resource's last interval). One WARN log line (source 'verify') per row closed or
-- opened; returns those lines as one result set (message). What the hours already processed
-- counted stays as it is: a recompute brings them in line when the fix concerns the past.
-- `accounting verify --fix` calls it and prints the lines. Errors: 30103 VERIFY_IN_TRANSACTION.
-- Example: CALL kinton_accounting.VERIFY_FIX();
CREATE OR REPLACE PROCEDURE kinton_accounting.VERIFY_FIX()
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Closes orphan and drifting open intervals and opens missing ones now, one log line each; returns the lines. Example: CALL VERIFY_FIX()'
BEGIN
  DECLARE v_now DATETIME DEFAULT UTC_TIMESTAMP();
  DECLARE v_log BIGINT UNSIGNED;
  DECLARE v_vm BIGINT UNSIGNED;
  DECLARE v_pm BIGINT UNSIGNED;
  DECLARE v_repo BIGINT UNSIGNED;
  DECLARE v_storage BIGINT UNSIGNED;
  DECLARE v_ips BIGINT UNSIGNED;
  DECLARE v_vlan BIGINT UNSIGNED;

  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    ROLLBACK;
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_fix;
    RESIGNAL;
  END;

  IF @@in_transaction = 1 THEN
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30103,
      MESSAGE_TEXT = 'VERIFY_IN_TRANSACTION: the fix commits as one transaction of its own; call it outside one';
  END IF;
  SET v_log = COALESCE((SELECT MAX(l.idLog) FROM kinton_accounting.accounting_log l), 0);

  DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_fix;
  CREATE TEMPORARY TABLE kinton_accounting.tmp_fix (
    kind VARCHAR(16) NOT NULL,
    idEvent BIGINT UNSIGNED NOT NULL,
    idResource INT UNSIGNED NOT NULL,
    why VARCHAR(512) NOT NULL,
    PRIMARY KEY (kind, idEvent)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

  START TRANSACTION;

  -- 1. Open rows that no longer match the inventory.
  INSERT INTO kinton_accounting.tmp_fix (kind, idEvent, idResource, why)
  SELECT 'vm', e.idVMAccountingEvent, e.idVM,
         CASE WHEN s.idVM IS NULL THEN 'the VM does not exist'
              WHEN s.power <=> -1 THEN 'the VM is not deployed'
              ELSE CONCAT('it differs from the inventory: ', d.differences) END
    FROM kinton_accounting.accounting_event_vm e
    LEFT JOIN kinton_accounting.capture_vm_snapshot s ON s.idVM = e.idVM
    LEFT JOIN kinton_accounting.capture_vm_drift d ON d.idVMAccountingEvent = e.idVMAccountingEvent
   WHERE e.isOpen = 1 AND (s.idVM IS NULL OR s.power <=> -1 OR d.differences <> '');
  INSERT INTO kinton_accounting.tmp_fix (kind, idEvent, idResource, why)
  SELECT 'pm', d.idPMAccountingEvent, d.idPhysicalMachine,
         COALESCE(CONCAT('it differs from the inventory: ', d.differences), 'the machine does not exist or is not reserved')
    FROM kinton_accounting.capture_pm_drift d WHERE NOT (d.differences <=> '');
  INSERT INTO kinton_accounting.tmp_fix (kind, idEvent, idResource, why)
  SELECT 'repository', d.idRepoAccountingEvent, d.idImage,
         COALESCE(CONCAT('it differs from the inventory: ', d.differences),
                  IF(d.idConversion = 0, 'the image does not exist or is not stored',
                     CONCAT('conversion ', d.idConversion, ' does not exist, is not FINISHED or its image is not stored')))
    FROM kinton_accounting.capture_repository_drift d WHERE NOT (d.differences <=> '');
  INSERT INTO kinton_accounting.tmp_fix (kind, idEvent, idResource, why)
  SELECT 'storage', d.idStorageAccountingEvent, d.idManagement,
         COALESCE(CONCAT('it differs from the inventory: ', d.differences), 'the volume does not exist')
    FROM kinton_accounting.capture_storage_drift d WHERE NOT (d.differences <=> '');
  INSERT INTO kinton_accounting.tmp_fix (kind, idEvent, idResource, why)
  SELECT 'ip', d.idIPAccountingEvent, d.idManagement,
         COALESCE(CONCAT('it differs from the inventory: ', d.differences), 'the address does not exist or is not allocated')
    FROM kinton_accounting.capture_ip_drift d WHERE NOT (d.differences <=> '');
  INSERT INTO kinton_accounting.tmp_fix (kind, idEvent, idResource, why)
  SELECT 'vlan', d.idVLANAccountingEvent, d.vlan_network_id,
         COALESCE(CONCAT('it differs from the inventory: ', d.differences), 'the network does not exist or is not INTERNAL')
    FROM kinton_accounting.capture_vlan_drift d WHERE NOT (d.differences <=> '');

  -- The same close (at the fix's time, never before the row's start) once per event table, each
  -- by its own event id column: a kind-to-table mapping, not a rule of its own.
  UPDATE kinton_accounting.accounting_event_vm e JOIN kinton_accounting.tmp_fix f
      ON f.kind = 'vm' AND f.idEvent = e.idVMAccountingEvent
     SET e.stopTime = GREATEST(v_now, e.startTime);
  UPDATE kinton_accounting.accounting_event_pm e JOIN kinton_accounting.tmp_fix f
      ON f.kind = 'pm' AND f.idEvent = e.idPMAccountingEvent
     SET e.stopTime = GREATEST(v_now, e.startTime);
  UPDATE kinton_accounting.accounting_event_repository e JOIN kinton_accounting.tmp_fix f
      ON f.kind = 'repository' AND f.idEvent = e.idRepoAccountingEvent
     SET e.stopTime = GREATEST(v_now, e.startTime);
  UPDATE kinton_accounting.accounting_event_storage e JOIN kinton_accounting.tmp_fix f
      ON f.kind = 'storage' AND f.idEvent = e.idStorageAccountingEvent
     SET e.stopTime = GREATEST(v_now, e.startTime);
  UPDATE kinton_accounting.accounting_event_ips e JOIN kinton_accounting.tmp_fix f
      ON f.kind = 'ip' AND f.idEvent = e.idIPAccountingEvent
     SET e.stopTime = GREATEST(v_now, e.startTime);
  UPDATE kinton_accounting.accounting_event_vlan e JOIN kinton_accounting.tmp_fix f
      ON f.kind = 'vlan' AND f.idEvent = e.idVLANAccountingEvent
     SET e.stopTime = GREATEST(v_now, e.startTime);

  INSERT INTO kinton_accounting.accounting_log (logTime, level, source, message)
  SELECT v_now, 'WARN', 'verify',
         CONCAT('fix: closed open interval ', f.idEvent, ' of ', f.kind, ' ', f.idResource, ' at ',
                DATE_FORMAT(v_now, '%Y-%m-%dT%H:%i:%sZ'), ': ', f.why)
    FROM kinton_accounting.tmp_fix f
   ORDER BY f.kind, f.idResource, f.idEvent;

  -- 2. Every resource that counts and has no open row gets one, now.
  SET v_vm = COALESCE((SELECT MAX(e.idVMAccountingEvent) FROM kinton_accounting.accounting_event_vm e), 0),
      v_pm = COALESCE((SELECT MAX(e.idPMAccountingEvent) FROM kinton_accounting.accounting_event_pm e), 0),
      v_repo = COALESCE((SELECT MAX(e.idRepoAccountingEvent) FROM kinton_accounting.accounting_event_repository e), 0),
      v_storage = COALESCE((SELECT MAX(e.idStorageAccountingEvent) FROM kinton_accounting.accounting_event_storage e), 0),
      v_ips = COALESCE((SELECT MAX(e.idIPAccountingEvent) FROM kinton_accounting.accounting_event_ips e), 0),
      v_vlan = COALESCE((SELECT MAX(e.idVLANAccountingEvent) FROM kinton_accounting.accounting_event_vlan e), 0);
  CALL kinton_accounting.INITIAL_SNAPSHOT(v_now);
  INSERT INTO kinton_accounting.accounting_log (logTime, level, source, message)
  SELECT v_now, 'WARN', 'verify', CONCAT('fix: opened interval ', o.id, ' of ', o.kind, ' ', o.res, ' at ',
                                        DATE_FORMAT(o.startTime, '%Y-%m-%dT%H:%i:%sZ'))
    FROM (SELECT 'vm' AS kind, e.idVMAccountingEvent AS id, e.idVM AS res, e.startTime
            FROM kinton_accounting.accounting_event_vm e WHERE e.idVMAccountingEvent > v_vm
          UNION ALL
          SELECT 'pm', e.idPMAccountingEvent, e.idPhysicalMachine, e.startTime
            FROM kinton_accounting.accounting_event_pm e WHERE e.idPMAccountingEvent > v_pm
          UNION ALL
          SELECT 'repository', e.idRepoAccountingEvent, e.idImage, e.startTime
            FROM kinton_accounting.accounting_event_repository e WHERE e.idRepoAccountingEvent > v_repo
          UNION ALL
          SELECT 'storage', e.idStorageAccountingEvent, e.idManagement, e.startTime
            FROM kinton_accounting.accounting_event_storage e WHERE e.idStorageAccountingEvent > v_storage
          UNION ALL
          SELECT 'ip', e.idIPAccountingEvent, e.idManagement, e.startTime
            FROM kinton_accounting.accounting_event_ips e WHERE e.idIPAccountingEvent > v_ips
          UNION ALL
          SELECT 'vlan', e.idVLANAccountingEvent, e.vlan_network_id, e.startTime
            FROM kinton_accounting.accounting_event_vlan e WHERE e.idVLANAccountingEvent > v_vlan) o
   ORDER BY o.kind, o.res, o.id;

  COMMIT;
  DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_fix;
  SELECT l.message FROM kinton_accounting.accounting_log l
   WHERE l.idLog > v_log AND l.source = 'verify' ORDER BY l.idLog;
END
