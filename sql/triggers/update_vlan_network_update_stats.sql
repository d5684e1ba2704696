-- update_vlan_network_update_stats: a private (INTERNAL) network moved to another VDC re-snapshots
-- its interval (REGISTER_VLAN_EVENT); a rename goes to the name history (kind 12). A change of
-- networktype is not accounted (fixed once created). SET @accounting_mute = 1 mutes it.
-- Example: UPDATE kinton.vlan_network SET idVirtualDataCenter = 2 WHERE vlan_network_id = 1;
CREATE OR REPLACE TRIGGER kinton.update_vlan_network_update_stats
AFTER UPDATE ON kinton.vlan_network
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF NEW.networktype = 'INTERNAL' AND NOT (OLD.idVirtualDataCenter <=> NEW.idVirtualDataCenter) THEN
    CALL kinton_accounting.REGISTER_VLAN_EVENT(NEW.vlan_network_id);
  END IF;
  IF NOT (CAST(OLD.network_name AS BINARY) <=> CAST(NEW.network_name AS BINARY)) THEN
    CALL kinton_accounting.REGISTER_NAME(12, NEW.vlan_network_id, NEW.network_name, UTC_TIMESTAMP());
  END IF;
END IF
