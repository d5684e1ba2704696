-- install_version: the schema version of this accounting schema (the highest applied migration),
-- with every migration applied and when. Written by `accounting install` only.
-- Example: SELECT MAX(version) FROM kinton_accounting.install_version;
CREATE TABLE IF NOT EXISTS kinton_accounting.install_version (
  version INT UNSIGNED NOT NULL,
  migration VARCHAR(255) NOT NULL,
  toolVersion VARCHAR(64) NOT NULL,
  appliedAt DATETIME NOT NULL,
  baseline TINYINT NOT NULL DEFAULT 0 COMMENT '1: recorded by a fresh install, whose tables already hold it',
  PRIMARY KEY (version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Applied migrations; MAX(version) is the schema version'
