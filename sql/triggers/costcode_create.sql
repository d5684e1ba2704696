-- costcode_create: records the name of a cost code inserted, valid from now, in the name history
-- (kind 8), so reports show the name valid at their time. SET @accounting_mute = 1 mutes it.
-- Example: INSERT INTO kinton.costcode (name) VALUES ('x');
CREATE OR REPLACE TRIGGER kinton.costcode_create
AFTER INSERT ON kinton.costcode
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  CALL kinton_accounting.REGISTER_NAME(8, NEW.idCostCode, NEW.name, UTC_TIMESTAMP());
END IF
