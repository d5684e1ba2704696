-- virtualapp: a virtual appliance (a group of VMs) in a VDC; moving it re-snapshots its VMs.
-- Example: INSERT INTO kinton.virtualapp (idVirtualDataCenter, idEnterprise, name) VALUES (1, 1, 'web');
CREATE TABLE IF NOT EXISTS kinton.virtualapp (
  idVirtualApp INT UNSIGNED NOT NULL AUTO_INCREMENT,
  idVirtualDataCenter INT UNSIGNED NOT NULL,
  idEnterprise INT UNSIGNED NOT NULL,
  name VARCHAR(255) NOT NULL,
  PRIMARY KEY (idVirtualApp),
  KEY ix_vapp_vdc (idVirtualDataCenter),
  KEY ix_vapp_enterprise (idEnterprise),
  CONSTRAINT fk_vapp_vdc FOREIGN KEY (idVirtualDataCenter)
    REFERENCES kinton.virtualdatacenter (idVirtualDataCenter) ON DELETE RESTRICT ON UPDATE RESTRICT,
  CONSTRAINT fk_vapp_enterprise FOREIGN KEY (idEnterprise)
    REFERENCES kinton.enterprise (idEnterprise) ON DELETE RESTRICT ON UPDATE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Virtual appliances'
