-- ABQ_PM_ID_TO_NAME: the current name of a physical machine from the name history (a deleted one keeps its last name).
-- Twin: ABQ_PM_ID_TO_NAME_AT(id, at) for the name valid at a time.
-- SQL SECURITY DEFINER: the read-only reporting role (install --reader) runs it with EXECUTE alone,
-- without access to the tables it reads.
-- Example: SELECT kinton_accounting.ABQ_PM_ID_TO_NAME(1);
CREATE OR REPLACE FUNCTION kinton_accounting.ABQ_PM_ID_TO_NAME(p_id INT UNSIGNED)
RETURNS VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci
NOT DETERMINISTIC
READS SQL DATA
SQL SECURITY DEFINER
COMMENT 'Current name of a physical machine p_id (name history kind 6); NULL when unknown. Example: ABQ_PM_ID_TO_NAME(1)'
RETURN kinton_accounting.NAME_HISTORY_CURRENT(6, p_id)
