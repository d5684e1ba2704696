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
  DECLARE v_rows BIGINT;

  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    ROLLBACK;
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_fix, kinton_accounting.tmp_fix_mark,
      kinton_accounting.tmp_fix_opened;
    SET @accounting_fix_now = NULL;
    RESIGNAL;
  END;

  IF @@in_transaction = 1 THEN
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30103,
      MESSAGE_TEXT = 'VERIFY_IN_TRANSACTION: the fix commits as one transaction of its own; call it outside one';
  END IF;
  SET v_log = COALESCE((SELECT MAX(l.idLog) FROM kinton_accounting.accounting_log l), 0);

  CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_fix');
  CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_fix_mark');
  CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_fix_opened');
  SET @accounting_fix_now = v_now;

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

  -- Closed at the fix's time, never before the row's start: one statement text, run for every
  -- event table (MANAGED_TABLE_SQL's fix_close).
  CALL kinton_accounting.MANAGED_TABLE_EXEC_EVENTS('fix_close', v_rows);

  INSERT INTO kinton_accounting.accounting_log (logTime, level, source, message)
  SELECT v_now, 'WARN', 'verify',
         CONCAT('fix: closed open interval ', f.idEvent, ' of ', f.kind, ' ', f.idResource, ' at ',
                DATE_FORMAT(v_now, '%Y-%m-%dT%H:%i:%sZ'), ': ', f.why)
    FROM kinton_accounting.tmp_fix f
   ORDER BY f.kind, f.idResource, f.idEvent;

  -- 2. Every resource that counts and has no open row gets one, now.
  -- Each event table's highest id first (fix_mark); the rows above it afterwards are the ones
  -- opened (fix_opened).
  CALL kinton_accounting.MANAGED_TABLE_EXEC_EVENTS('fix_mark', v_rows);
  CALL kinton_accounting.INITIAL_SNAPSHOT(v_now);
  CALL kinton_accounting.MANAGED_TABLE_EXEC_EVENTS('fix_opened', v_rows);
  INSERT INTO kinton_accounting.accounting_log (logTime, level, source, message)
  SELECT v_now, 'WARN', 'verify', CONCAT('fix: opened interval ', o.idEvent, ' of ', o.kind, ' ', o.idResource, ' at ',
                                        DATE_FORMAT(o.startTime, '%Y-%m-%dT%H:%i:%sZ'))
    FROM kinton_accounting.tmp_fix_opened o
   ORDER BY o.kind, o.idResource, o.idEvent;

  COMMIT;
  DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_fix, kinton_accounting.tmp_fix_mark,
    kinton_accounting.tmp_fix_opened;
  SET @accounting_fix_now = NULL;
  SELECT l.message FROM kinton_accounting.accounting_log l
   WHERE l.idLog > v_log AND l.source = 'verify' ORDER BY l.idLog;
END
