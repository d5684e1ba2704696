-- hardwareprofile_create: records the name of a hardware profile inserted, valid from now, in the name history
-- (kind 10), so reports show the name valid at their time. SET @accounting_mute = 1 mutes it.
-- Example: INSERT INTO kinton.hardwareprofile (name) VALUES ('x');
CREATE OR REPLACE TRIGGER kinton.hardwareprofile_create
AFTER INSERT ON kinton.hardwareprofile
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  CALL kinton_accounting.REGISTER_NAME(10, NEW.idHardwareProfile, NEW.name, UTC_TIMESTAMP());
END IF
