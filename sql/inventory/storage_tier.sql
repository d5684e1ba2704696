-- storage_tier: a storage QoS tier of external volumes (resource type 13).
-- Example: INSERT INTO kinton.storage_tier (name) VALUES ('Gold');
CREATE TABLE IF NOT EXISTS kinton.storage_tier (
  idTier INT UNSIGNED NOT NULL AUTO_INCREMENT,
  name VARCHAR(255) NOT NULL,
  PRIMARY KEY (idTier)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Storage tiers'
