-- hypervisor_update: a hypervisor moved to another physical machine re-snapshots the deployed VMs
-- it hosts, set-based (RESNAPSHOT_VMS: their HA flag follows the new rack).
-- SET @accounting_mute = 1 mutes it.
-- Example: UPDATE kinton.hypervisor SET idPhysicalMachine = 2 WHERE id = 1;
CREATE OR REPLACE TRIGGER kinton.hypervisor_update
AFTER UPDATE ON kinton.hypervisor
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF NOT (OLD.idPhysicalMachine <=> NEW.idPhysicalMachine) THEN
    CALL kinton_accounting.RESNAPSHOT_VMS('hypervisor', NEW.id);
  END IF;
END IF
