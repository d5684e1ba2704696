-- update_rasd_management_update_stats: an external volume's size, tier, VDC, vApp or attached
-- VM changed (or its type to or from '8'): REGISTER_STORAGE_EVENT closes the open interval and
-- opens the next now. A rename goes to the name history (kind 11). Other changes write nothing.
-- SET @accounting_mute = 1 mutes it.
-- Example: UPDATE kinton.rasd_management SET idVM = 42 WHERE idManagement = 3;
CREATE OR REPLACE TRIGGER kinton.update_rasd_management_update_stats
AFTER UPDATE ON kinton.rasd_management
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF (OLD.idResourceType = '8' OR NEW.idResourceType = '8')
     AND NOT (OLD.idResourceType <=> NEW.idResourceType
              AND OLD.idVirtualDataCenter <=> NEW.idVirtualDataCenter
              AND OLD.idVirtualApp <=> NEW.idVirtualApp AND OLD.idVM <=> NEW.idVM
              AND OLD.sizeMB <=> NEW.sizeMB AND OLD.idTier <=> NEW.idTier) THEN
    CALL kinton_accounting.REGISTER_STORAGE_EVENT(NEW.idManagement);
  END IF;
  IF NEW.idResourceType = '8' AND NOT (CAST(OLD.name AS BINARY) <=> CAST(NEW.name AS BINARY)) THEN
    CALL kinton_accounting.REGISTER_NAME(11, NEW.idManagement, NEW.name, UTC_TIMESTAMP());
  END IF;
END IF
