-- create_ip_pool_management_update_stats: an IP inserted already allocated to a VDC opens its
-- interval when its network is PUBLIC (REGISTER_IP_EVENT). A free IP writes nothing.
-- SET @accounting_mute = 1 mutes it.
-- Example: INSERT INTO kinton.ip_pool_management (vlan_network_id, ip, idVirtualDataCenter) VALUES (2, '203.0.113.10', 1);
CREATE OR REPLACE TRIGGER kinton.create_ip_pool_management_update_stats
AFTER INSERT ON kinton.ip_pool_management
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF NEW.idVirtualDataCenter IS NOT NULL THEN
    CALL kinton_accounting.REGISTER_IP_EVENT(NEW.idManagement);
  END IF;
END IF
