-- NAME_HISTORY_AT: the name of an object valid at a time, from name_history ([validFrom, validTo)).
-- Before the object's first recorded name it returns that first name (an object named before
-- accounting was installed had that name then as far as we know); NULL when never named.
-- p_at NULL means now (the current name).
-- Example: SELECT kinton_accounting.NAME_HISTORY_AT(5, 42, '2026-01-05 13:59:59');
CREATE OR REPLACE FUNCTION kinton_accounting.NAME_HISTORY_AT(p_kind TINYINT UNSIGNED, p_id INT UNSIGNED, p_at DATETIME)
RETURNS VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci
NOT DETERMINISTIC
READS SQL DATA
SQL SECURITY INVOKER
COMMENT 'Name of object (p_kind, p_id) valid at p_at from name_history; first name before it, NULL when never named. Example: NAME_HISTORY_AT(5, 42, ''2026-01-05 13:59:59'')'
BEGIN
  DECLARE v_name VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci DEFAULT NULL;
  IF p_at IS NULL THEN
    RETURN kinton_accounting.NAME_HISTORY_CURRENT(p_kind, p_id);
  END IF;
  SELECT h.name INTO v_name
    FROM kinton_accounting.name_history h
   WHERE h.objectKind = p_kind AND h.idObject = p_id AND h.validFrom <= p_at
   ORDER BY h.validFrom DESC
   LIMIT 1;
  IF v_name IS NULL THEN
    SELECT h.name INTO v_name
      FROM kinton_accounting.name_history h
     WHERE h.objectKind = p_kind AND h.idObject = p_id
     ORDER BY h.validFrom ASC
     LIMIT 1;
  END IF;
  RETURN v_name;
END
