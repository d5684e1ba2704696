-- create_rasd_management_update_stats: an external volume (idResourceType '8') inserted opens
-- its accounting_event_storage interval (REGISTER_STORAGE_EVENT) and records its name (name
-- history kind 11). Other resource types write nothing. SET @accounting_mute = 1 mutes it.
-- Example: INSERT INTO kinton.rasd_management (idResourceType, idVirtualDataCenter, name, sizeMB, idTier) VALUES ('8', 1, 'data', 10240, 1);
CREATE OR REPLACE TRIGGER kinton.create_rasd_management_update_stats
AFTER INSERT ON kinton.rasd_management
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF NEW.idResourceType = '8' THEN
    CALL kinton_accounting.REGISTER_STORAGE_EVENT(NEW.idManagement);
    CALL kinton_accounting.REGISTER_NAME(11, NEW.idManagement, NEW.name, UTC_TIMESTAMP());
  END IF;
END IF
