-- REGISTER_NAME: records that object (p_kind, p_id) is called p_name from p_at on (NULL: now),
-- closing its current name_history interval at that instant. Same name (exactly, case
-- included): nothing. A second rename within the same second replaces the first in place (the
-- later wins, no zero-length name rows); renaming back to the previous name in that second
-- merges with the previous interval. Kinds: 1 enterprise, 2 datacenter, 3 VDC, 4 vApp, 5 VM,
-- 6 physical machine, 7 image, 8 cost code, 9 storage tier, 10 hardware profile, 11 volume, 12 VLAN.
-- Example: CALL kinton_accounting.REGISTER_NAME(5, 42, 'web-1', '2026-01-05 13:00:00');
CREATE OR REPLACE PROCEDURE kinton_accounting.REGISTER_NAME(
  IN p_kind TINYINT UNSIGNED,
  IN p_id INT UNSIGNED,
  IN p_name VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
  IN p_at DATETIME)
MODIFIES SQL DATA
SQL SECURITY DEFINER
COMMENT 'Name history: object (p_kind, p_id) is named p_name from p_at (NULL = now). Errors 30101. Example: CALL REGISTER_NAME(5, 42, ''web-1'', NULL)'
proc: BEGIN
  DECLARE v_at DATETIME DEFAULT COALESCE(p_at, UTC_TIMESTAMP());
  DECLARE v_new VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT COALESCE(p_name, '');
  DECLARE v_from DATETIME DEFAULT NULL;
  DECLARE v_name VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL;
  DECLARE v_prev_from DATETIME DEFAULT NULL;
  DECLARE v_prev_name VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL;
  DECLARE v_found TINYINT DEFAULT 1;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_found = 0;

  IF p_kind IS NULL OR p_kind NOT BETWEEN 1 AND 12 OR p_id IS NULL THEN
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30101,
      MESSAGE_TEXT = 'CAPTURE_BAD_NAME_KIND: REGISTER_NAME needs a kind 1..12 and an object id';
  END IF;

  -- A consistent read first (no lock: new objects named concurrently must not deadlock on a
  -- gap lock); an existing current name is then read again, locked, in its latest version.
  SELECT h.validFrom INTO v_from
    FROM kinton_accounting.name_history h
   WHERE h.objectKind = p_kind AND h.idObject = p_id AND h.validTo IS NULL
   ORDER BY h.validFrom DESC
   LIMIT 1;
  IF v_found = 1 THEN
    SELECT h.validFrom, h.name INTO v_from, v_name
      FROM kinton_accounting.name_history h
     WHERE h.objectKind = p_kind AND h.idObject = p_id AND h.validTo IS NULL
     ORDER BY h.validFrom DESC
     LIMIT 1
     FOR UPDATE;
  END IF;

  IF v_found = 0 THEN
    -- First name of this object (or, after a clock set back, one that lands on a closed row).
    INSERT INTO kinton_accounting.name_history (objectKind, idObject, validFrom, validTo, name)
    VALUES (p_kind, p_id, v_at, NULL, v_new)
    ON DUPLICATE KEY UPDATE name = VALUES(name);
    LEAVE proc;
  END IF;

  IF CAST(v_name AS BINARY) = CAST(v_new AS BINARY) THEN
    LEAVE proc;
  END IF;

  IF v_at > v_from THEN
    UPDATE kinton_accounting.name_history h
       SET h.validTo = v_at
     WHERE h.objectKind = p_kind AND h.idObject = p_id AND h.validFrom = v_from;
    INSERT INTO kinton_accounting.name_history (objectKind, idObject, validFrom, validTo, name)
    VALUES (p_kind, p_id, v_at, NULL, v_new);
    LEAVE proc;
  END IF;

  -- Renamed again within the second its current name started (or the clock went back):
  -- the later name wins in place; back to the previous name means that interval goes on.
  SET v_found = 1;
  SELECT h.validFrom, h.name INTO v_prev_from, v_prev_name
    FROM kinton_accounting.name_history h
   WHERE h.objectKind = p_kind AND h.idObject = p_id AND h.validTo = v_from
   ORDER BY h.validFrom DESC
   LIMIT 1
   FOR UPDATE;
  IF v_found = 1 AND CAST(v_prev_name AS BINARY) = CAST(v_new AS BINARY) THEN
    DELETE FROM kinton_accounting.name_history
     WHERE objectKind = p_kind AND idObject = p_id AND validFrom = v_from;
    UPDATE kinton_accounting.name_history h
       SET h.validTo = NULL
     WHERE h.objectKind = p_kind AND h.idObject = p_id AND h.validFrom = v_prev_from;
  ELSE
    UPDATE kinton_accounting.name_history h
       SET h.name = v_new
     WHERE h.objectKind = p_kind AND h.idObject = p_id AND h.validFrom = v_from;
  END IF;
END
