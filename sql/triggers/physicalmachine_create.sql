-- physicalmachine_create: a machine inserted reserved (idEnterprise set) opens its first
-- accounting_event_pm interval; its name goes to the name history (kind 6).
-- SET @accounting_mute = 1 mutes it.
-- Example: INSERT INTO kinton.physicalmachine (idDataCenter, name, cpu, ram, idEnterprise) VALUES (1, 'pm-1', 32, 262144, 1);
CREATE OR REPLACE TRIGGER kinton.physicalmachine_create
AFTER INSERT ON kinton.physicalmachine
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF NEW.idEnterprise IS NOT NULL THEN
    CALL kinton_accounting.REGISTER_PM_EVENT(NEW.idPhysicalMachine);
  END IF;
  CALL kinton_accounting.REGISTER_NAME(6, NEW.idPhysicalMachine, NEW.name, UTC_TIMESTAMP());
END IF
