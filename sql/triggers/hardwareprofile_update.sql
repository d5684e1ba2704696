-- hardwareprofile_update: a rename of a hardware profile closes its current name in the name history and
-- opens the new one now (kind 10); the name valid at an earlier time stays. Other changes write
-- nothing here. SET @accounting_mute = 1 mutes it.
-- Example: UPDATE kinton.hardwareprofile SET name = 'y' WHERE idHardwareProfile = 1;
CREATE OR REPLACE TRIGGER kinton.hardwareprofile_update
AFTER UPDATE ON kinton.hardwareprofile
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF NOT (CAST(OLD.name AS BINARY) <=> CAST(NEW.name AS BINARY)) THEN
    CALL kinton_accounting.REGISTER_NAME(10, NEW.idHardwareProfile, NEW.name, UTC_TIMESTAMP());
  END IF;
END IF
