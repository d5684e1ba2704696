-- virtualimage_update: stored state (idEnterprise set and available = 1), enterprise or
-- diskFileSize changed: the image's repository interval closes/opens (REGISTER_REPOSITORY_EVENT),
-- and on a storage or enterprise change its FINISHED conversions follow, set-based
-- (RESNAPSHOT_CONVERSIONS_OF_IMAGE). cost_code changed: the deployed VMs using the image are
-- re-snapshotted set-based (RESNAPSHOT_VMS). A rename goes to the name history (kind 7).
-- Repository, format and idMaster are read when an interval opens.
-- SET @accounting_mute = 1 mutes it.
-- Example: UPDATE kinton.virtualimage SET available = 0 WHERE idImage = 7;
CREATE OR REPLACE TRIGGER kinton.virtualimage_update
AFTER UPDATE ON kinton.virtualimage
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  BEGIN
    DECLARE v_old TINYINT DEFAULT (OLD.idEnterprise IS NOT NULL AND OLD.available <=> 1);
    DECLARE v_new TINYINT DEFAULT (NEW.idEnterprise IS NOT NULL AND NEW.available <=> 1);
    IF (v_old OR v_new)
       AND NOT (v_old <=> v_new AND OLD.idEnterprise <=> NEW.idEnterprise
                AND OLD.diskFileSize <=> NEW.diskFileSize) THEN
      CALL kinton_accounting.REGISTER_REPOSITORY_EVENT(NEW.idImage, 0, v_new, NEW.idEnterprise,
        NEW.idRepository, IF(NEW.idMaster IS NULL, 'TEMPLATE', 'INSTANCE'), NEW.diskFormatType,
        NEW.diskFileSize);
    END IF;
    IF NOT (v_old <=> v_new AND OLD.idEnterprise <=> NEW.idEnterprise) THEN
      CALL kinton_accounting.RESNAPSHOT_CONVERSIONS_OF_IMAGE(NEW.idImage);
    END IF;
    IF NOT (OLD.cost_code <=> NEW.cost_code) THEN
      CALL kinton_accounting.RESNAPSHOT_VMS('image', NEW.idImage);
    END IF;
    IF NOT (CAST(OLD.name AS BINARY) <=> CAST(NEW.name AS BINARY)) THEN
      CALL kinton_accounting.REGISTER_NAME(7, NEW.idImage, NEW.name, UTC_TIMESTAMP());
    END IF;
  END;
END IF
