-- rack: a rack of physical machines; haEnabled drives the HA flag of the VMs it hosts.
-- Example: INSERT INTO kinton.rack (idDataCenter, name, haEnabled) VALUES (1, 'rack-1', 1);
CREATE TABLE IF NOT EXISTS kinton.rack (
  idRack INT UNSIGNED NOT NULL AUTO_INCREMENT,
  idDataCenter INT UNSIGNED NOT NULL,
  name VARCHAR(255) NOT NULL,
  haEnabled TINYINT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (idRack),
  KEY ix_rack_datacenter (idDataCenter),
  CONSTRAINT fk_rack_datacenter FOREIGN KEY (idDataCenter)
    REFERENCES kinton.datacenter (idDataCenter) ON DELETE RESTRICT ON UPDATE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Racks; haEnabled = 1 marks the VMs hosted in it as HA (resource type 8)'
