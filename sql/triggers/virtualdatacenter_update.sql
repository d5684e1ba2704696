-- virtualdatacenter_update: a VDC's hypervisorType change re-snapshots its deployed VMs,
-- set-based (RESNAPSHOT_VMS); a rename goes to the name history (kind 3). A change of
-- its enterprise or datacenter is not accounted (they are fixed once created).
-- SET @accounting_mute = 1 mutes it.
-- Example: UPDATE kinton.virtualdatacenter SET hypervisorType = 'VMX_04' WHERE idVirtualDataCenter = 1;
CREATE OR REPLACE TRIGGER kinton.virtualdatacenter_update
AFTER UPDATE ON kinton.virtualdatacenter
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF NOT (CAST(OLD.hypervisorType AS BINARY) <=> CAST(NEW.hypervisorType AS BINARY)) THEN
    CALL kinton_accounting.RESNAPSHOT_VMS('vdc', NEW.idVirtualDataCenter);
  END IF;
  IF NOT (CAST(OLD.name AS BINARY) <=> CAST(NEW.name AS BINARY)) THEN
    CALL kinton_accounting.REGISTER_NAME(3, NEW.idVirtualDataCenter, NEW.name, UTC_TIMESTAMP());
  END IF;
END IF
