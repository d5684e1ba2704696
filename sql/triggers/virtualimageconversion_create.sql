-- virtualimageconversion_create: a conversion inserted FINISHED opens its repository interval
-- when its image is stored (REGISTER_REPOSITORY_EVENT, key (idImage, id), decides from
-- capture_repository_snapshot). SET @accounting_mute = 1 mutes it.
-- Example: INSERT INTO kinton.virtualimage_conversion (idImage, targetType, size, state) VALUES (7, 'VMDK_FLAT', 1073741824, 'FINISHED');
CREATE OR REPLACE TRIGGER kinton.virtualimageconversion_create
AFTER INSERT ON kinton.virtualimage_conversion
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF NEW.state = 'FINISHED' THEN
    CALL kinton_accounting.REGISTER_REPOSITORY_EVENT(NEW.idImage, NEW.id);
  END IF;
END IF
