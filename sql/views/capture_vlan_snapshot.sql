-- capture_vlan_snapshot: the one rule for what a private VLAN's accounting interval records: one
-- row per vlan_network of type INTERNAL, with the snapshot columns as accounting_event_vlan stores
-- them (owner: its VDC's enterprise). REGISTER_VLAN_EVENT, INITIAL_SNAPSHOT and VERIFY_CAPTURE
-- (through capture_vlan_drift) read it. Internal: not granted to the reporting role.
-- Example: SELECT * FROM kinton_accounting.capture_vlan_snapshot WHERE vlan_network_id = 1;
CREATE OR REPLACE
  ALGORITHM = MERGE
  SQL SECURITY INVOKER
VIEW kinton_accounting.capture_vlan_snapshot AS
SELECT n.vlan_network_id AS vlan_network_id,
       COALESCE(vdc.idEnterprise, 0) AS idEnterprise,
       COALESCE(n.idVirtualDataCenter, 0) AS idVirtualDataCenter,
       vdc.idDataCenter AS idDataCenter,
       CONVERT(dc.region USING utf8mb4) AS region,
       CONVERT(en.internal_customer_id USING utf8mb4) AS account_id
  FROM kinton.vlan_network n
  LEFT JOIN (kinton.virtualdatacenter vdc
             LEFT JOIN kinton.datacenter dc ON dc.idDataCenter = vdc.idDataCenter
             LEFT JOIN kinton.enterprise en ON en.idEnterprise = vdc.idEnterprise)
         ON vdc.idVirtualDataCenter = n.idVirtualDataCenter
 WHERE n.networktype = 'INTERNAL'
