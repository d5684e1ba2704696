-- storage_tier_update: a rename of a storage tier closes its current name in the name history and
-- opens the new one now (kind 9); the name valid at an earlier time stays. Other changes write
-- nothing here. SET @accounting_mute = 1 mutes it.
-- Example: UPDATE kinton.storage_tier SET name = 'y' WHERE idTier = 1;
CREATE OR REPLACE TRIGGER kinton.storage_tier_update
AFTER UPDATE ON kinton.storage_tier
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF NOT (CAST(OLD.name AS BINARY) <=> CAST(NEW.name AS BINARY)) THEN
    CALL kinton_accounting.REGISTER_NAME(9, NEW.idTier, NEW.name, UTC_TIMESTAMP());
  END IF;
END IF
