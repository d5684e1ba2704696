-- rack_update: a rack's haEnabled change re-snapshots, set-based, the deployed VMs hosted on its
-- physical machines (RESNAPSHOT_VMS). Other changes write nothing.
-- SET @accounting_mute = 1 mutes it.
-- Example: UPDATE kinton.rack SET haEnabled = 1 WHERE idRack = 1;
CREATE OR REPLACE TRIGGER kinton.rack_update
AFTER UPDATE ON kinton.rack
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF NOT (OLD.haEnabled <=> NEW.haEnabled) THEN
    CALL kinton_accounting.RESNAPSHOT_VMS('rack', NEW.idRack);
  END IF;
END IF
