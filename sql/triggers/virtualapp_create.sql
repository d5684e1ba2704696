-- virtualapp_create: records a new vApp's name, valid from now (name history kind 4).
-- SET @accounting_mute = 1 mutes it.
-- Example: INSERT INTO kinton.virtualapp (idVirtualDataCenter, idEnterprise, name) VALUES (1, 1, 'web');
CREATE OR REPLACE TRIGGER kinton.virtualapp_create
AFTER INSERT ON kinton.virtualapp
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  CALL kinton_accounting.REGISTER_NAME(4, NEW.idVirtualApp, NEW.name, UTC_TIMESTAMP());
END IF
