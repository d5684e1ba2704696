-- NAME_HISTORY_CURRENT: the current (latest) name of an object in name_history; a deleted object
-- keeps its last name. Kinds as in name_history (1 enterprise … 12 VLAN). NULL when never named.
-- The ABQ_*_ID_TO_NAME functions call it.
-- Example: SELECT kinton_accounting.NAME_HISTORY_CURRENT(5, 42);
CREATE OR REPLACE FUNCTION kinton_accounting.NAME_HISTORY_CURRENT(p_kind TINYINT UNSIGNED, p_id INT UNSIGNED)
RETURNS VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci
NOT DETERMINISTIC
READS SQL DATA
SQL SECURITY INVOKER
COMMENT 'Current name of object (p_kind, p_id) from name_history; NULL when never named. Example: NAME_HISTORY_CURRENT(5, 42)'
BEGIN
  DECLARE v_name VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci DEFAULT NULL;
  SELECT h.name INTO v_name
    FROM kinton_accounting.name_history h
   WHERE h.objectKind = p_kind AND h.idObject = p_id
   ORDER BY h.validFrom DESC
   LIMIT 1;
  RETURN v_name;
END
