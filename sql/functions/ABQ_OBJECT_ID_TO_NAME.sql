-- ABQ_OBJECT_ID_TO_NAME: the string an object_name id stands for (image types and formats,
-- hypervisor types, resource type names); NULL for an unknown id.
-- SQL SECURITY DEFINER: the read-only reporting role (install --reader) runs it with EXECUTE alone,
-- without access to the tables it reads.
-- Example: SELECT kinton_accounting.ABQ_OBJECT_ID_TO_NAME(idImageFormatName) FROM kinton_accounting.accounting_event_repository;
CREATE OR REPLACE FUNCTION kinton_accounting.ABQ_OBJECT_ID_TO_NAME(p_id INT UNSIGNED)
RETURNS VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
NOT DETERMINISTIC
READS SQL DATA
SQL SECURITY DEFINER
COMMENT 'The interned string of object_name id p_id; NULL when unknown. Example: ABQ_OBJECT_ID_TO_NAME(3)'
RETURN (SELECT o.name FROM kinton_accounting.object_name o WHERE o.idObjectName = p_id)
