-- physicalmachine_update: reservation set, cleared or moved to another enterprise, or cpu/ram
-- changed while reserved: REGISTER_PM_EVENT closes/opens its interval. idRack changed: the
-- deployed VMs on its hypervisors are re-snapshotted set-based (RESNAPSHOT_VMS, HA flag).
-- A rename goes to the name history (kind 6). SET @accounting_mute = 1 mutes it.
-- Example: UPDATE kinton.physicalmachine SET idEnterprise = 2 WHERE idPhysicalMachine = 1;
CREATE OR REPLACE TRIGGER kinton.physicalmachine_update
AFTER UPDATE ON kinton.physicalmachine
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF (OLD.idEnterprise IS NOT NULL OR NEW.idEnterprise IS NOT NULL)
     AND NOT (OLD.idEnterprise <=> NEW.idEnterprise AND OLD.cpu <=> NEW.cpu AND OLD.ram <=> NEW.ram) THEN
    CALL kinton_accounting.REGISTER_PM_EVENT(NEW.idPhysicalMachine);
  END IF;
  IF NOT (OLD.idRack <=> NEW.idRack) THEN
    CALL kinton_accounting.RESNAPSHOT_VMS('pm', NEW.idPhysicalMachine);
  END IF;
  IF NOT (CAST(OLD.name AS BINARY) <=> CAST(NEW.name AS BINARY)) THEN
    CALL kinton_accounting.REGISTER_NAME(6, NEW.idPhysicalMachine, NEW.name, UTC_TIMESTAMP());
  END IF;
END IF
