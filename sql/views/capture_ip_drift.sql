-- capture_ip_drift: every open accounting_event_ips row beside its address's snapshot
-- (capture_ip_snapshot): `differences` lists the snapshot columns that differ ('' when current),
-- NULL when the address is gone, freed or not on a PUBLIC network. VERIFY_CAPTURE reports from it.
-- Internal: not granted to the reporting role.
-- Example: SELECT * FROM kinton_accounting.capture_ip_drift WHERE NOT (differences <=> '');
CREATE OR REPLACE
  ALGORITHM = MERGE
  SQL SECURITY INVOKER
VIEW kinton_accounting.capture_ip_drift AS
SELECT e.idIPAccountingEvent AS idIPAccountingEvent,
       e.idManagement AS idManagement,
       IF(s.idManagement IS NULL, NULL,
          CONCAT_WS(', ',
            IF(CAST(e.ip AS BINARY) <=> CAST(s.ip AS BINARY), NULL, 'ip'),
            IF(e.vlan_network_id <=> s.vlan_network_id, NULL, 'vlan_network_id'),
            IF(e.idEnterprise <=> s.idEnterprise, NULL, 'idEnterprise'),
            IF(e.idVirtualDataCenter <=> s.idVirtualDataCenter, NULL, 'idVirtualDataCenter'))) AS differences
  FROM kinton_accounting.accounting_event_ips e
  LEFT JOIN kinton_accounting.capture_ip_snapshot s ON s.idManagement = e.idManagement
 WHERE e.isOpen = 1
