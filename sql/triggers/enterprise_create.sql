-- enterprise_create: records the name of an enterprise inserted, valid from now, in the name history
-- (kind 1), so reports show the name valid at their time. SET @accounting_mute = 1 mutes it.
-- Example: INSERT INTO kinton.enterprise (name) VALUES ('x');
CREATE OR REPLACE TRIGGER kinton.enterprise_create
AFTER INSERT ON kinton.enterprise
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  CALL kinton_accounting.REGISTER_NAME(1, NEW.idEnterprise, NEW.name, UTC_TIMESTAMP());
END IF
