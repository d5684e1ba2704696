-- ABQ_IMG_ID_TO_NAME_AT: the name of an image valid at a time (UTC), so a rename never rewrites a past report.
-- Twin of ABQ_IMG_ID_TO_NAME (MariaDB has no overloading).
-- SQL SECURITY DEFINER: the read-only reporting role (install --reader) runs it with EXECUTE alone,
-- without access to the tables it reads.
-- Example: SELECT kinton_accounting.ABQ_IMG_ID_TO_NAME_AT(7, '2026-01-05 13:59:59');
CREATE OR REPLACE FUNCTION kinton_accounting.ABQ_IMG_ID_TO_NAME_AT(p_id INT UNSIGNED, p_at DATETIME)
RETURNS VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci
NOT DETERMINISTIC
READS SQL DATA
SQL SECURITY DEFINER
COMMENT 'Name of an image p_id valid at p_at (name history kind 7); NULL when unknown. Example: ABQ_IMG_ID_TO_NAME_AT(7, ''2026-01-05 13:59:59'')'
RETURN kinton_accounting.NAME_HISTORY_AT(7, p_id, p_at)
