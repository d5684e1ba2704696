-- virtualimage_delete: a deleted image's repository interval closes now, and so does any
-- conversion interval still open (its conversions are normally deleted first; the foreign key
-- restricts). Its name history stays. SET @accounting_mute = 1 mutes it.
-- Example: DELETE FROM kinton.virtualimage WHERE idImage = 7;
CREATE OR REPLACE TRIGGER kinton.virtualimage_delete
AFTER DELETE ON kinton.virtualimage
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  CALL kinton_accounting.REGISTER_REPOSITORY_EVENT(OLD.idImage, 0);
  CALL kinton_accounting.RESNAPSHOT_CONVERSIONS_OF_IMAGE(OLD.idImage);
END IF
