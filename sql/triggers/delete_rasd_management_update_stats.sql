-- delete_rasd_management_update_stats: a deleted external volume's interval closes now; its name
-- history stays. SET @accounting_mute = 1 mutes it.
-- Example: DELETE FROM kinton.rasd_management WHERE idManagement = 3;
CREATE OR REPLACE TRIGGER kinton.delete_rasd_management_update_stats
AFTER DELETE ON kinton.rasd_management
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF OLD.idResourceType = '8' THEN
    CALL kinton_accounting.REGISTER_STORAGE_EVENT(OLD.idManagement);
  END IF;
END IF
