-- create_virtualmachine_update_stats: a VM inserted already deployed (managed, ON, OFF or PAUSED;
-- capture_vm_snapshot decides) opens its first interval; every VM's name goes to the name history.
-- A VM inserted LOCKED or UNKNOWN is not deployed (it opens when it reaches ON, OFF or PAUSED).
-- SET @accounting_mute = 1 in a session mutes it.
-- Example: INSERT INTO kinton.virtualmachine (name, idEnterprise, idVirtualApp, cpu, ram, hd, state) VALUES ('web-1', 1, 1, 2, 4096, 10737418240, 'ON');
CREATE OR REPLACE TRIGGER kinton.create_virtualmachine_update_stats
AFTER INSERT ON kinton.virtualmachine
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  CALL kinton_accounting.REGISTER_VM_EVENT(NEW.idVM, 1, 0, NEW.state, NEW.idType, NEW.idEnterprise,
    NEW.idVirtualApp, NEW.idHypervisor, NEW.idImage, NEW.idHardwareProfile, NEW.cpu, NEW.ram, NEW.hd,
    NEW.layer IS NOT NULL, NEW.providerId);
  CALL kinton_accounting.REGISTER_NAME(5, NEW.idVM, NEW.name, UTC_TIMESTAMP());
END IF
