-- delete_virtualmachine_update_stats: a deleted VM's open interval closes now (REGISTER_VM_EVENT
-- is given no values: the VM is gone). Its name history stays (a deleted object keeps its last name).
-- SET @accounting_mute = 1 mutes it.
-- Example: DELETE FROM kinton.virtualmachine WHERE idVM = 42;
CREATE OR REPLACE TRIGGER kinton.delete_virtualmachine_update_stats
AFTER DELETE ON kinton.virtualmachine
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  CALL kinton_accounting.REGISTER_VM_EVENT(OLD.idVM, 0,
    OLD.idType <=> 1 AND OLD.state NOT IN ('NOT_ALLOCATED', 'ALLOCATED', 'CONFIGURED'),
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
END IF
