-- datacenter: a physical datacenter or public cloud region (reference inventory).
-- Example: INSERT INTO kinton.datacenter (name, region) VALUES ('Barcelona', 'eu-south');
CREATE TABLE IF NOT EXISTS kinton.datacenter (
  idDataCenter INT UNSIGNED NOT NULL AUTO_INCREMENT,
  name VARCHAR(255) NOT NULL,
  region VARCHAR(255) NULL DEFAULT NULL,
  PRIMARY KEY (idDataCenter)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Datacenters; region is snapshotted when an accounting interval opens'
