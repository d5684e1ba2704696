-- ABQ_VM_ID_TO_NAME_AT: the name of a virtual machine valid at a time (UTC), so a rename never rewrites a past report.
-- Twin of ABQ_VM_ID_TO_NAME (MariaDB has no overloading).
-- SQL SECURITY DEFINER: the read-only reporting role (install --reader) runs it with EXECUTE alone,
-- without access to the tables it reads.
-- Example: SELECT kinton_accounting.ABQ_VM_ID_TO_NAME_AT(42, '2026-01-05 13:59:59');
CREATE OR REPLACE FUNCTION kinton_accounting.ABQ_VM_ID_TO_NAME_AT(p_id INT UNSIGNED, p_at DATETIME)
RETURNS VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci
NOT DETERMINISTIC
READS SQL DATA
SQL SECURITY DEFINER
COMMENT 'Name of a virtual machine p_id valid at p_at (name history kind 5); NULL when unknown. Example: ABQ_VM_ID_TO_NAME_AT(42, ''2026-01-05 13:59:59'')'
RETURN kinton_accounting.NAME_HISTORY_AT(5, p_id, p_at)
