-- physicalmachine_delete: a deleted machine's reservation interval closes now; its name history
-- stays. SET @accounting_mute = 1 mutes it.
-- Example: DELETE FROM kinton.physicalmachine WHERE idPhysicalMachine = 1;
CREATE OR REPLACE TRIGGER kinton.physicalmachine_delete
AFTER DELETE ON kinton.physicalmachine
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  CALL kinton_accounting.REGISTER_PM_EVENT(OLD.idPhysicalMachine);
END IF
