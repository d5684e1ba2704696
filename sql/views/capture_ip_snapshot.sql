-- capture_ip_snapshot: the one rule for what a public IP's accounting interval records: one row
-- per ip_pool_management row allocated to a VDC on a PUBLIC network, with the snapshot columns as
-- accounting_event_ips stores them (owner: the VDC's enterprise). REGISTER_IP_EVENT,
-- INITIAL_SNAPSHOT and VERIFY_CAPTURE (through capture_ip_drift) read it.
-- Internal: not granted to the reporting role.
-- Example: SELECT * FROM kinton_accounting.capture_ip_snapshot WHERE idManagement = 5;
CREATE OR REPLACE
  ALGORITHM = MERGE
  SQL SECURITY INVOKER
VIEW kinton_accounting.capture_ip_snapshot AS
SELECT ipm.idManagement AS idManagement,
       COALESCE(CONVERT(ipm.ip USING utf8mb4), '') COLLATE utf8mb4_bin AS ip,
       ipm.vlan_network_id AS vlan_network_id,
       COALESCE(vdc.idEnterprise, 0) AS idEnterprise,
       ipm.idVirtualDataCenter AS idVirtualDataCenter,
       vdc.idDataCenter AS idDataCenter,
       CONVERT(dc.region USING utf8mb4) AS region,
       CONVERT(en.internal_customer_id USING utf8mb4) AS account_id
  FROM kinton.ip_pool_management ipm
  JOIN kinton.vlan_network n ON n.vlan_network_id = ipm.vlan_network_id AND n.networktype = 'PUBLIC'
  LEFT JOIN (kinton.virtualdatacenter vdc
             LEFT JOIN kinton.datacenter dc ON dc.idDataCenter = vdc.idDataCenter
             LEFT JOIN kinton.enterprise en ON en.idEnterprise = vdc.idEnterprise)
         ON vdc.idVirtualDataCenter = ipm.idVirtualDataCenter
 WHERE ipm.idVirtualDataCenter IS NOT NULL
