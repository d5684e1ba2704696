-- virtualimageconversion_update: a conversion's state, size or image changed while it was or
-- becomes FINISHED: its repository interval follows (REGISTER_REPOSITORY_EVENT, key (idImage,
-- id)); moved to another image, the old key's interval closes. SET @accounting_mute = 1 mutes it.
-- Example: UPDATE kinton.virtualimage_conversion SET state = 'FINISHED' WHERE id = 3;
CREATE OR REPLACE TRIGGER kinton.virtualimageconversion_update
AFTER UPDATE ON kinton.virtualimage_conversion
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF (OLD.state = 'FINISHED' OR NEW.state = 'FINISHED')
     AND NOT (OLD.state <=> NEW.state AND OLD.size <=> NEW.size AND OLD.idImage <=> NEW.idImage) THEN
    IF NOT (OLD.idImage <=> NEW.idImage) THEN
      CALL kinton_accounting.REGISTER_REPOSITORY_EVENT(OLD.idImage, OLD.id);
    END IF;
    CALL kinton_accounting.REGISTER_REPOSITORY_EVENT(NEW.idImage, NEW.id);
  END IF;
END IF
