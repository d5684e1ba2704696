-- object_name: interned strings (resource type names, hypervisor types, image types and
-- formats), read by ABQ_OBJECT_ID_TO_NAME(id). INTERN_OBJECT_NAME(name) returns an id.
-- Example: SELECT kinton_accounting.ABQ_OBJECT_ID_TO_NAME(idImageTypeName) FROM kinton_accounting.accounting_event_repository;
CREATE TABLE IF NOT EXISTS kinton_accounting.object_name (
  idObjectName INT UNSIGNED NOT NULL AUTO_INCREMENT,
  name VARCHAR(255) NOT NULL,
  PRIMARY KEY (idObjectName),
  UNIQUE KEY uk_object_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  COMMENT='Interned strings for ABQ_OBJECT_ID_TO_NAME'
