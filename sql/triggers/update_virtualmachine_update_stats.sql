-- update_virtualmachine_update_stats: a VM row changed. When something accounted changed (cpu,
-- ram, hd, enterprise, vApp, hypervisor, image, hardware profile, anti-affinity layer set or
-- cleared, power state class, idType) it calls REGISTER_VM_EVENT, which compares with the open
-- row and closes/opens intervals; a rename goes to the name history. Anything else (description,
-- a layer renamed, OFF→PAUSED, ON→LOCKED) returns after the comparisons, writing nothing: the
-- first test compares the raw columns only, so an unaccounted UPDATE costs just that.
-- Power class: ON 1; OFF, PAUSED 0; LOCKED, UNKNOWN keep (NULL); other states or idType <> 1: -1.
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
    BEGIN
      DECLARE v_old TINYINT DEFAULT
        CASE WHEN NOT (OLD.idType <=> 1) THEN -1
             WHEN OLD.state = 'ON' THEN 1
             WHEN OLD.state IN ('OFF', 'PAUSED') THEN 0
             WHEN OLD.state IN ('LOCKED', 'UNKNOWN') THEN NULL
             ELSE -1 END;
      DECLARE v_new TINYINT DEFAULT
        CASE WHEN NOT (NEW.idType <=> 1) THEN -1
             WHEN NEW.state = 'ON' THEN 1
             WHEN NEW.state IN ('OFF', 'PAUSED') THEN 0
             WHEN NEW.state IN ('LOCKED', 'UNKNOWN') THEN NULL
             ELSE -1 END;
      DECLARE v_fk TINYINT DEFAULT NOT (OLD.idEnterprise <=> NEW.idEnterprise
                                        AND OLD.idVirtualApp <=> NEW.idVirtualApp
                                        AND OLD.idHypervisor <=> NEW.idHypervisor
                                        AND OLD.idImage <=> NEW.idImage);
      IF NOT (v_old <=> -1 AND v_new <=> -1)
         AND (v_fk
              OR NOT (OLD.cpu <=> NEW.cpu AND OLD.ram <=> NEW.ram AND OLD.hd <=> NEW.hd
                      AND OLD.idHardwareProfile <=> NEW.idHardwareProfile
                      AND (OLD.layer IS NULL) = (NEW.layer IS NULL))
              OR (v_new IS NOT NULL AND NOT (v_old <=> v_new))) THEN
        CALL kinton_accounting.REGISTER_VM_EVENT(NEW.idVM, v_new, v_fk, v_old >= 0,
          NEW.idEnterprise, NEW.idVirtualApp, NEW.idHypervisor, NEW.idImage, NEW.idHardwareProfile,
          NEW.cpu, NEW.ram, NEW.hd, NEW.layer IS NOT NULL, NEW.providerId);
      END IF;
    END;
  END IF;
  IF NOT (CAST(OLD.name AS BINARY) <=> CAST(NEW.name AS BINARY)) THEN
    CALL kinton_accounting.REGISTER_NAME(5, NEW.idVM, NEW.name, UTC_TIMESTAMP());
  END IF;
END IF
