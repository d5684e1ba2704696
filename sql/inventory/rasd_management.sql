-- rasd_management: resources allocated to VDCs; rows of idResourceType '8' are external volumes
-- (resource types 4 and 13), attached to idVM when set.
-- Example: INSERT INTO kinton.rasd_management (idResourceType, idVirtualDataCenter, name, sizeMB, idTier) VALUES ('8', 1, 'data', 10240, 1);
CREATE TABLE IF NOT EXISTS kinton.rasd_management (
  idManagement INT UNSIGNED NOT NULL AUTO_INCREMENT,
  idResourceType VARCHAR(5) NOT NULL,
  idVirtualDataCenter INT UNSIGNED NOT NULL,
  idVirtualApp INT UNSIGNED NULL DEFAULT NULL,
  idVM INT UNSIGNED NULL DEFAULT NULL,
  name VARCHAR(255) NOT NULL,
  sizeMB INT UNSIGNED NOT NULL DEFAULT 0,
  idTier INT UNSIGNED NULL DEFAULT NULL,
  PRIMARY KEY (idManagement),
  KEY ix_rasd_vdc (idVirtualDataCenter),
  KEY ix_rasd_vapp (idVirtualApp),
  KEY ix_rasd_vm (idVM),
  KEY ix_rasd_tier (idTier),
  CONSTRAINT fk_rasd_vdc FOREIGN KEY (idVirtualDataCenter)
    REFERENCES kinton.virtualdatacenter (idVirtualDataCenter) ON DELETE RESTRICT ON UPDATE RESTRICT,
  CONSTRAINT fk_rasd_vapp FOREIGN KEY (idVirtualApp)
    REFERENCES kinton.virtualapp (idVirtualApp) ON DELETE RESTRICT ON UPDATE RESTRICT,
  CONSTRAINT fk_rasd_vm FOREIGN KEY (idVM)
    REFERENCES kinton.virtualmachine (idVM) ON DELETE RESTRICT ON UPDATE RESTRICT,
  CONSTRAINT fk_rasd_tier FOREIGN KEY (idTier)
    REFERENCES kinton.storage_tier (idTier) ON DELETE RESTRICT ON UPDATE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Managed resources of VDCs; idResourceType 8 = external volume, size in MB'
