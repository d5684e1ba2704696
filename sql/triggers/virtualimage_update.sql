-- virtualimage_update: an image's enterprise, availability or size changed: its repository
-- interval follows (REGISTER_REPOSITORY_EVENT, which decides from capture_repository_snapshot
-- whether it counts), and on an enterprise or availability change its FINISHED conversions follow,
-- set-based (RESNAPSHOT_CONVERSIONS_OF_IMAGE). cost_code changed: the deployed VMs using the image
-- are re-snapshotted set-based (RESNAPSHOT_VMS). A rename goes to the name history (kind 7).
-- Repository, format and idMaster are read when an interval opens.
-- SET @accounting_mute = 1 mutes it.
-- Example: UPDATE kinton.virtualimage SET available = 0 WHERE idImage = 7;
CREATE OR REPLACE TRIGGER kinton.virtualimage_update
AFTER UPDATE ON kinton.virtualimage
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF NOT (OLD.idEnterprise <=> NEW.idEnterprise AND OLD.available <=> NEW.available
          AND OLD.diskFileSize <=> NEW.diskFileSize) THEN
    CALL kinton_accounting.REGISTER_REPOSITORY_EVENT(NEW.idImage, 0);
  END IF;
  IF NOT (OLD.idEnterprise <=> NEW.idEnterprise AND OLD.available <=> NEW.available) THEN
    CALL kinton_accounting.RESNAPSHOT_CONVERSIONS_OF_IMAGE(NEW.idImage);
  END IF;
  IF NOT (OLD.cost_code <=> NEW.cost_code) THEN
    CALL kinton_accounting.RESNAPSHOT_VMS('image', NEW.idImage);
  END IF;
  IF NOT (CAST(OLD.name AS BINARY) <=> CAST(NEW.name AS BINARY)) THEN
    CALL kinton_accounting.REGISTER_NAME(7, NEW.idImage, NEW.name, UTC_TIMESTAMP());
  END IF;
END IF
