-- virtualdatacenter: an enterprise's virtual datacenter in a datacenter; its hypervisorType is
-- snapshotted on its VMs (resource type 7). Enterprise and datacenter are fixed once created.
-- Example: INSERT INTO kinton.virtualdatacenter (idEnterprise, idDataCenter, name, hypervisorType) VALUES (1, 1, 'prod', 'KVM');
CREATE TABLE IF NOT EXISTS kinton.virtualdatacenter (
  idVirtualDataCenter INT UNSIGNED NOT NULL AUTO_INCREMENT,
  idEnterprise INT UNSIGNED NOT NULL,
  idDataCenter INT UNSIGNED NOT NULL,
  name VARCHAR(255) NOT NULL,
  hypervisorType VARCHAR(255) NOT NULL,
  PRIMARY KEY (idVirtualDataCenter),
  KEY ix_vdc_enterprise (idEnterprise),
  KEY ix_vdc_datacenter (idDataCenter),
  CONSTRAINT fk_vdc_enterprise FOREIGN KEY (idEnterprise)
    REFERENCES kinton.enterprise (idEnterprise) ON DELETE RESTRICT ON UPDATE RESTRICT,
  CONSTRAINT fk_vdc_datacenter FOREIGN KEY (idDataCenter)
    REFERENCES kinton.datacenter (idDataCenter) ON DELETE RESTRICT ON UPDATE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Virtual datacenters'
