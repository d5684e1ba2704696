-- delete_vlan_network_update_stats: a deleted private network's interval closes now; its name
-- history stays. SET @accounting_mute = 1 mutes it.
-- Example: DELETE FROM kinton.vlan_network WHERE vlan_network_id = 1;
CREATE OR REPLACE TRIGGER kinton.delete_vlan_network_update_stats
AFTER DELETE ON kinton.vlan_network
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF OLD.networktype = 'INTERNAL' THEN
    CALL kinton_accounting.REGISTER_VLAN_EVENT(OLD.vlan_network_id);
  END IF;
END IF
