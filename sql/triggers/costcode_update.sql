-- costcode_update: a rename of a cost code closes its current name in the name history and
-- opens the new one now (kind 8); the name valid at an earlier time stays. Other changes write
-- nothing here. SET @accounting_mute = 1 mutes it.
-- Example: UPDATE kinton.costcode SET name = 'y' WHERE idCostCode = 1;
CREATE OR REPLACE TRIGGER kinton.costcode_update
AFTER UPDATE ON kinton.costcode
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF NOT (CAST(OLD.name AS BINARY) <=> CAST(NEW.name AS BINARY)) THEN
    CALL kinton_accounting.REGISTER_NAME(8, NEW.idCostCode, NEW.name, UTC_TIMESTAMP());
  END IF;
END IF
