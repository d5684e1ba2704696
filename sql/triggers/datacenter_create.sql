-- datacenter_create: records the name of a datacenter inserted, valid from now, in the name history
-- (kind 2), so reports show the name valid at their time. SET @accounting_mute = 1 mutes it.
-- Example: INSERT INTO kinton.datacenter (name) VALUES ('x');
CREATE OR REPLACE TRIGGER kinton.datacenter_create
AFTER INSERT ON kinton.datacenter
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  CALL kinton_accounting.REGISTER_NAME(2, NEW.idDataCenter, NEW.name, UTC_TIMESTAMP());
END IF
