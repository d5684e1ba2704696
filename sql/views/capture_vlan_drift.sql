-- capture_vlan_drift: every open accounting_event_vlan row beside its network's snapshot
-- (capture_vlan_snapshot): `differences` lists the snapshot columns that differ ('' when
-- current), NULL when the network is gone or not INTERNAL. VERIFY_CAPTURE reports from it.
-- Internal: not granted to the reporting role.
-- Example: SELECT * FROM kinton_accounting.capture_vlan_drift WHERE NOT (differences <=> '');
CREATE OR REPLACE
  ALGORITHM = MERGE
  SQL SECURITY INVOKER
VIEW kinton_accounting.capture_vlan_drift AS
SELECT e.idVLANAccountingEvent AS idVLANAccountingEvent,
       e.vlan_network_id AS vlan_network_id,
       IF(s.vlan_network_id IS NULL, NULL,
          CONCAT_WS(', ',
            IF(e.idEnterprise <=> s.idEnterprise, NULL, 'idEnterprise'),
            IF(e.idVirtualDataCenter <=> s.idVirtualDataCenter, NULL, 'idVirtualDataCenter'))) AS differences
  FROM kinton_accounting.accounting_event_vlan e
  LEFT JOIN kinton_accounting.capture_vlan_snapshot s ON s.vlan_network_id = e.vlan_network_id
 WHERE e.isOpen = 1
