-- INTERN_OBJECT_NAME: the object_name id of a string (hypervisor type, image type or format),
-- inserting it first when it is new. A procedure, not a function, because it may INSERT and
-- is called from triggers. A NULL name gives a NULL id. Reads the row back with a locking read,
-- so a name a concurrent transaction just committed is found.
-- Example: CALL kinton_accounting.INTERN_OBJECT_NAME('KVM', @id); SELECT @id;
CREATE OR REPLACE PROCEDURE kinton_accounting.INTERN_OBJECT_NAME(
  IN p_name VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
  OUT p_id INT UNSIGNED)
MODIFIES SQL DATA
SQL SECURITY DEFINER
COMMENT 'Intern p_name in object_name and return its id in p_id (NULL for NULL). Example: CALL INTERN_OBJECT_NAME(''KVM'', @id)'
BEGIN
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET p_id = NULL;
  SET p_id = NULL;
  IF p_name IS NOT NULL THEN
    SELECT o.idObjectName INTO p_id
      FROM kinton_accounting.object_name o
     WHERE o.name = p_name;
    IF p_id IS NULL THEN
      INSERT IGNORE INTO kinton_accounting.object_name (name) VALUES (p_name);
      SELECT o.idObjectName INTO p_id
        FROM kinton_accounting.object_name o
       WHERE o.name = p_name
       LOCK IN SHARE MODE;
    END IF;
  END IF;
END
