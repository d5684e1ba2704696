-- physicalmachine: a host; reserved to an enterprise while idEnterprise is set (resource types 9, 10).
-- Example: INSERT INTO kinton.physicalmachine (idDataCenter, idRack, name, cpu, ram) VALUES (1, 1, 'pm-1', 32, 262144);
CREATE TABLE IF NOT EXISTS kinton.physicalmachine (
  idPhysicalMachine INT UNSIGNED NOT NULL AUTO_INCREMENT,
  idDataCenter INT UNSIGNED NOT NULL,
  idRack INT UNSIGNED NULL DEFAULT NULL,
  name VARCHAR(255) NOT NULL,
  cpu INT UNSIGNED NOT NULL DEFAULT 0,
  ram INT UNSIGNED NOT NULL DEFAULT 0,
  idEnterprise INT UNSIGNED NULL DEFAULT NULL,
  PRIMARY KEY (idPhysicalMachine),
  KEY ix_pm_datacenter (idDataCenter),
  KEY ix_pm_rack (idRack),
  KEY ix_pm_enterprise (idEnterprise),
  CONSTRAINT fk_pm_datacenter FOREIGN KEY (idDataCenter)
    REFERENCES kinton.datacenter (idDataCenter) ON DELETE RESTRICT ON UPDATE RESTRICT,
  CONSTRAINT fk_pm_rack FOREIGN KEY (idRack)
    REFERENCES kinton.rack (idRack) ON DELETE RESTRICT ON UPDATE RESTRICT,
  CONSTRAINT fk_pm_enterprise FOREIGN KEY (idEnterprise)
    REFERENCES kinton.enterprise (idEnterprise) ON DELETE RESTRICT ON UPDATE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Physical machines; idEnterprise set = reserved to that enterprise; ram in MB'
