-- storage_tier_create: records the name of a storage tier inserted, valid from now, in the name history
-- (kind 9), so reports show the name valid at their time. SET @accounting_mute = 1 mutes it.
-- Example: INSERT INTO kinton.storage_tier (name) VALUES ('x');
CREATE OR REPLACE TRIGGER kinton.storage_tier_create
AFTER INSERT ON kinton.storage_tier
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  CALL kinton_accounting.REGISTER_NAME(9, NEW.idTier, NEW.name, UTC_TIMESTAMP());
END IF
