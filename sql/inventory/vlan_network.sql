-- vlan_network: a network; INTERNAL ones are private VLANs of a VDC (resource type 6), PUBLIC ones
-- hold public IPs. networktype and idVirtualDataCenter are fixed once created for accounting.
-- Example: INSERT INTO kinton.vlan_network (network_name, networktype, idVirtualDataCenter) VALUES ('private', 'INTERNAL', 1);
CREATE TABLE IF NOT EXISTS kinton.vlan_network (
  vlan_network_id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  network_name VARCHAR(255) NOT NULL,
  networktype VARCHAR(15) NOT NULL DEFAULT 'INTERNAL',
  idVirtualDataCenter INT UNSIGNED NULL DEFAULT NULL,
  PRIMARY KEY (vlan_network_id),
  KEY ix_vlan_vdc (idVirtualDataCenter),
  CONSTRAINT fk_vlan_vdc FOREIGN KEY (idVirtualDataCenter)
    REFERENCES kinton.virtualdatacenter (idVirtualDataCenter) ON DELETE RESTRICT ON UPDATE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Networks: INTERNAL, PUBLIC or EXTERNAL'
