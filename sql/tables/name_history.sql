-- name_history: every accounted object's name over time, [validFrom, validTo), so a rename
-- never rewrites a past report. objectKind: 1 enterprise, 2 datacenter, 3 VDC, 4 vApp, 5 VM,
-- 6 physical machine, 7 image, 8 cost code, 9 storage tier, 10 hardware profile, 11 volume,
-- 12 VLAN. A deleted object keeps its last name (validTo stays NULL).
-- Example: SELECT kinton_accounting.ABQ_VM_ID_TO_NAME_AT(42, '2026-01-05 13:59:59');
CREATE TABLE IF NOT EXISTS kinton_accounting.name_history (
  objectKind TINYINT UNSIGNED NOT NULL,
  idObject INT UNSIGNED NOT NULL,
  validFrom DATETIME NOT NULL,
  validTo DATETIME NULL,
  name VARCHAR(255) NOT NULL,
  PRIMARY KEY (objectKind, idObject, validFrom)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Names with validity intervals for the ABQ_*_ID_TO_NAME functions and the rollup'
