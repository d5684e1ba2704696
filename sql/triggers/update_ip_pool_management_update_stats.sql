-- update_ip_pool_management_update_stats: an IP allocated to a VDC, freed, moved to another VDC
-- (or its address or network changed while allocated): REGISTER_IP_EVENT closes/opens its
-- interval (PUBLIC networks only). Other changes (mac) write nothing.
-- SET @accounting_mute = 1 mutes it.
-- Example: UPDATE kinton.ip_pool_management SET idVirtualDataCenter = 1 WHERE idManagement = 5;
CREATE OR REPLACE TRIGGER kinton.update_ip_pool_management_update_stats
AFTER UPDATE ON kinton.ip_pool_management
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF (OLD.idVirtualDataCenter IS NOT NULL OR NEW.idVirtualDataCenter IS NOT NULL)
     AND NOT (OLD.idVirtualDataCenter <=> NEW.idVirtualDataCenter
              AND OLD.vlan_network_id <=> NEW.vlan_network_id
              AND CAST(OLD.ip AS BINARY) <=> CAST(NEW.ip AS BINARY)) THEN
    CALL kinton_accounting.REGISTER_IP_EVENT(NEW.idManagement);
  END IF;
END IF
