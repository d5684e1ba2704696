-- delete_ip_pool_management_update_stats: a deleted allocated IP's interval closes now.
-- SET @accounting_mute = 1 mutes it.
-- Example: DELETE FROM kinton.ip_pool_management WHERE idManagement = 5;
CREATE OR REPLACE TRIGGER kinton.delete_ip_pool_management_update_stats
AFTER DELETE ON kinton.ip_pool_management
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF OLD.idVirtualDataCenter IS NOT NULL THEN
    CALL kinton_accounting.REGISTER_IP_EVENT(OLD.idManagement);
  END IF;
END IF
