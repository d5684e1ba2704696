-- install_object: every object `accounting install` created, with the checksum of the file it
-- came from. The installer replaces or drops only what is listed here, never an operator's own.
-- Example: SELECT kind, schemaRole, name FROM kinton_accounting.install_object ORDER BY kind, name;
CREATE TABLE IF NOT EXISTS kinton_accounting.install_object (
  kind VARCHAR(16) NOT NULL COMMENT 'inventory, table, seed, function, procedure, trigger, view',
  schemaRole VARCHAR(16) NOT NULL COMMENT 'inventory or accounting',
  name VARCHAR(64) NOT NULL,
  path VARCHAR(255) NOT NULL,
  checksum CHAR(16) NOT NULL COMMENT 'FNV-1a 64 of the file as installed (schema names rewritten)',
  installedAt DATETIME NOT NULL,
  PRIMARY KEY (kind, schemaRole, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Objects created by the installer, with checksums'
