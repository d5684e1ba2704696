-- create_vlan_network_update_stats: a private (INTERNAL) network inserted opens its
-- accounting_event_vlan interval (REGISTER_VLAN_EVENT); every network's name goes to the name
-- history (kind 12). SET @accounting_mute = 1 mutes it.
-- Example: INSERT INTO kinton.vlan_network (network_name, networktype, idVirtualDataCenter) VALUES ('private', 'INTERNAL', 1);
CREATE OR REPLACE TRIGGER kinton.create_vlan_network_update_stats
AFTER INSERT ON kinton.vlan_network
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF NEW.networktype = 'INTERNAL' THEN
    CALL kinton_accounting.REGISTER_VLAN_EVENT(NEW.vlan_network_id);
  END IF;
  CALL kinton_accounting.REGISTER_NAME(12, NEW.vlan_network_id, NEW.network_name, UTC_TIMESTAMP());
END IF
