-- enterprise_update: a rename of an enterprise closes its current name in the name history and
-- opens the new one now (kind 1); the name valid at an earlier time stays. Other changes write
-- nothing here. SET @accounting_mute = 1 mutes it.
-- Example: UPDATE kinton.enterprise SET name = 'y' WHERE idEnterprise = 1;
CREATE OR REPLACE TRIGGER kinton.enterprise_update
AFTER UPDATE ON kinton.enterprise
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF NOT (CAST(OLD.name AS BINARY) <=> CAST(NEW.name AS BINARY)) THEN
    CALL kinton_accounting.REGISTER_NAME(1, NEW.idEnterprise, NEW.name, UTC_TIMESTAMP());
  END IF;
END IF
