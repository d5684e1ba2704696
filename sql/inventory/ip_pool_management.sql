-- ip_pool_management: an IP of a network; allocated to a VDC while idVirtualDataCenter is set
-- (resource type 5 when the network is PUBLIC).
-- Example: INSERT INTO kinton.ip_pool_management (vlan_network_id, ip, mac) VALUES (2, '203.0.113.10', NULL);
CREATE TABLE IF NOT EXISTS kinton.ip_pool_management (
  idManagement INT UNSIGNED NOT NULL AUTO_INCREMENT,
  vlan_network_id INT UNSIGNED NOT NULL,
  ip VARCHAR(45) NOT NULL,
  mac VARCHAR(20) NULL DEFAULT NULL,
  idVirtualDataCenter INT UNSIGNED NULL DEFAULT NULL,
  PRIMARY KEY (idManagement),
  KEY ix_ip_vlan (vlan_network_id),
  KEY ix_ip_vdc (idVirtualDataCenter),
  CONSTRAINT fk_ip_vlan FOREIGN KEY (vlan_network_id)
    REFERENCES kinton.vlan_network (vlan_network_id) ON DELETE RESTRICT ON UPDATE RESTRICT,
  CONSTRAINT fk_ip_vdc FOREIGN KEY (idVirtualDataCenter)
    REFERENCES kinton.virtualdatacenter (idVirtualDataCenter) ON DELETE RESTRICT ON UPDATE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='IP addresses of networks; idVirtualDataCenter NULL when free'
