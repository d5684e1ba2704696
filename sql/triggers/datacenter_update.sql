-- datacenter_update: a rename of a datacenter closes its current name in the name history and
-- opens the new one now (kind 2); the name valid at an earlier time stays. Other changes write
-- nothing here. SET @accounting_mute = 1 mutes it.
-- Example: UPDATE kinton.datacenter SET name = 'y' WHERE idDataCenter = 1;
CREATE OR REPLACE TRIGGER kinton.datacenter_update
AFTER UPDATE ON kinton.datacenter
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF NOT (CAST(OLD.name AS BINARY) <=> CAST(NEW.name AS BINARY)) THEN
    CALL kinton_accounting.REGISTER_NAME(2, NEW.idDataCenter, NEW.name, UTC_TIMESTAMP());
  END IF;
END IF
