-- LOG_WRITE: appends one line to accounting_log (shown by LOG_VW). Used by the rollup and the purge
-- for their one line per run, warnings and errors; the tool may call it too.
-- Levels: INFO, WARN, ERROR. The message is cut at 2048 characters.
-- Example: CALL kinton_accounting.LOG_WRITE('INFO', 'rollup', '3 hours processed');
CREATE OR REPLACE PROCEDURE kinton_accounting.LOG_WRITE(
  IN p_level VARCHAR(8),
  IN p_source VARCHAR(32),
  IN p_message VARCHAR(2048)
)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Appends a line (level, source, message) to accounting_log at UTC_TIMESTAMP()'
BEGIN
  INSERT INTO kinton_accounting.accounting_log (logTime, level, source, message)
  VALUES (UTC_TIMESTAMP(), UPPER(COALESCE(p_level, 'INFO')), COALESCE(p_source, ''),
          LEFT(COALESCE(p_message, ''), 2048));
END
