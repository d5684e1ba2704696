-- virtualapp_update: a vApp moved to another VDC re-snapshots its deployed VMs, set-based
-- (RESNAPSHOT_VMS: new VDC, hypervisor type); a rename goes to the name history
-- (kind 4). SET @accounting_mute = 1 mutes it.
-- Example: UPDATE kinton.virtualapp SET idVirtualDataCenter = 2 WHERE idVirtualApp = 1;
CREATE OR REPLACE TRIGGER kinton.virtualapp_update
AFTER UPDATE ON kinton.virtualapp
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF NOT (OLD.idVirtualDataCenter <=> NEW.idVirtualDataCenter) THEN
    CALL kinton_accounting.RESNAPSHOT_VMS('vapp', NEW.idVirtualApp);
  END IF;
  IF NOT (CAST(OLD.name AS BINARY) <=> CAST(NEW.name AS BINARY)) THEN
    CALL kinton_accounting.REGISTER_NAME(4, NEW.idVirtualApp, NEW.name, UTC_TIMESTAMP());
  END IF;
END IF
