-- install_object_live: the definition of each routine, trigger and view of ours as the server
-- shows it (SHOW CREATE …), hashed, recorded by the installer right after it created or replaced
-- the object. The next install compares the live definition with it: an object of ours replaced
-- by someone else's (our trigger dropped and a foreign one of the same name created, a foreign
-- ABQ_VM_ID_TO_NAME) is told from ours by its definition, not only by its name.
-- Example: SELECT kind, name, liveChecksum FROM kinton_accounting.install_object_live;
CREATE TABLE IF NOT EXISTS kinton_accounting.install_object_live (
  kind VARCHAR(16) NOT NULL COMMENT 'function, procedure, trigger, view',
  schemaRole VARCHAR(16) NOT NULL COMMENT 'inventory or accounting',
  name VARCHAR(64) NOT NULL,
  liveChecksum CHAR(16) NOT NULL COMMENT 'FNV-1a 64 of SHOW CREATE as the server gave it after install',
  recordedAt DATETIME NOT NULL,
  PRIMARY KEY (kind, schemaRole, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Live definitions of the installed routines, triggers and views, hashed'
