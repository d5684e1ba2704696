-- virtualimage_create: a template or instance inserted stored (idEnterprise set, available = 1)
-- opens its repository interval (REGISTER_REPOSITORY_EVENT, conversion 0); its name goes to the
-- name history (kind 7). SET @accounting_mute = 1 mutes it.
-- Example: INSERT INTO kinton.virtualimage (idEnterprise, idRepository, name, diskFormatType, diskFileSize) VALUES (1, 1, 'debian', 'RAW', 2147483648);
CREATE OR REPLACE TRIGGER kinton.virtualimage_create
AFTER INSERT ON kinton.virtualimage
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF NEW.idEnterprise IS NOT NULL AND NEW.available = 1 THEN
    CALL kinton_accounting.REGISTER_REPOSITORY_EVENT(NEW.idImage, 0);
  END IF;
  CALL kinton_accounting.REGISTER_NAME(7, NEW.idImage, NEW.name, UTC_TIMESTAMP());
END IF
