-- LOG_VW: what the rollup and purge runs did, newest last: time (UTC), level, message.
-- Example: SELECT * FROM kinton_accounting.LOG_VW WHERE logTime >= UTC_TIMESTAMP() - INTERVAL 1 DAY;
CREATE OR REPLACE SQL SECURITY DEFINER VIEW kinton_accounting.LOG_VW AS
SELECT l.logTime AS logTime,
       l.level AS level,
       l.source AS source,
       l.message AS message
  FROM kinton_accounting.accounting_log l
