-- ABQ_VM_ID_TO_NAME: the current name of a virtual machine from the name history (a deleted one keeps its last name).
-- Twin: ABQ_VM_ID_TO_NAME_AT(id, at) for the name valid at a time.
-- SQL SECURITY DEFINER: the read-only reporting role (install --reader) runs it with EXECUTE alone,
-- without access to the tables it reads.
-- Example: SELECT kinton_accounting.ABQ_VM_ID_TO_NAME(42);
CREATE OR REPLACE FUNCTION kinton_accounting.ABQ_VM_ID_TO_NAME(p_id INT UNSIGNED)
RETURNS VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci
NOT DETERMINISTIC
READS SQL DATA
SQL SECURITY DEFINER
COMMENT 'Current name of a virtual machine p_id (name history kind 5); NULL when unknown. Example: ABQ_VM_ID_TO_NAME(42)'
RETURN kinton_accounting.NAME_HISTORY_CURRENT(5, p_id)
