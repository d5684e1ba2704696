-- update_virtualmachine_update_stats: a VM row changed. When a column the snapshot depends on
-- changed (cpu, ram, hd, state, idType, enterprise, vApp, hypervisor, image, hardware profile,
-- anti-affinity layer set or cleared) it calls REGISTER_VM_EVENT with the new values, which
-- computes the snapshot (capture_vm_snapshot's rule) and compares it with the open row; a rename
-- goes to the name history.
-- Anything else (description, a layer renamed) returns after the comparisons, writing nothing:
-- the first test compares the raw columns only, so an unaccounted UPDATE costs just that.
-- SET @accounting_mute = 1 in a session mutes it.
-- Example: UPDATE kinton.virtualmachine SET cpu = 4 WHERE idVM = 42;
CREATE OR REPLACE TRIGGER kinton.update_virtualmachine_update_stats
AFTER UPDATE ON kinton.virtualmachine
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF NOT (OLD.cpu <=> NEW.cpu AND OLD.ram <=> NEW.ram AND OLD.hd <=> NEW.hd
          AND OLD.state <=> NEW.state AND OLD.idType <=> NEW.idType
          AND OLD.idEnterprise <=> NEW.idEnterprise AND OLD.idVirtualApp <=> NEW.idVirtualApp
          AND OLD.idHypervisor <=> NEW.idHypervisor AND OLD.idImage <=> NEW.idImage
          AND OLD.idHardwareProfile <=> NEW.idHardwareProfile
          AND (OLD.layer IS NULL) = (NEW.layer IS NULL)) THEN
    -- p_parents: a foreign key changed; p_expectOpen: the old row could hold an open interval
    CALL kinton_accounting.REGISTER_VM_EVENT(NEW.idVM,
      NOT (OLD.idEnterprise <=> NEW.idEnterprise AND OLD.idVirtualApp <=> NEW.idVirtualApp
           AND OLD.idHypervisor <=> NEW.idHypervisor AND OLD.idImage <=> NEW.idImage),
      OLD.idType <=> 1 AND OLD.state NOT IN ('NOT_ALLOCATED', 'ALLOCATED', 'CONFIGURED'),
      NEW.state, NEW.idType, NEW.idEnterprise, NEW.idVirtualApp, NEW.idHypervisor, NEW.idImage,
      NEW.idHardwareProfile, NEW.cpu, NEW.ram, NEW.hd, NEW.layer IS NOT NULL, NEW.providerId);
  END IF;
  IF NOT (CAST(OLD.name AS BINARY) <=> CAST(NEW.name AS BINARY)) THEN
    CALL kinton_accounting.REGISTER_NAME(5, NEW.idVM, NEW.name, UTC_TIMESTAMP());
  END IF;
END IF
