-- virtualimageconversion_delete: a deleted FINISHED conversion's repository interval closes
-- (REGISTER_REPOSITORY_EVENT finds no snapshot row). SET @accounting_mute = 1 mutes it.
-- Example: DELETE FROM kinton.virtualimage_conversion WHERE id = 3;
CREATE OR REPLACE TRIGGER kinton.virtualimageconversion_delete
AFTER DELETE ON kinton.virtualimage_conversion
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF OLD.state = 'FINISHED' THEN
    CALL kinton_accounting.REGISTER_REPOSITORY_EVENT(OLD.idImage, OLD.id);
  END IF;
END IF
