-- ROLLUP_LOCK: takes the rollup lock for this connection, waiting up to p_timeout_seconds (0: do
-- not wait). Returns 1 when this connection holds it, 0 when another one does. The lock is
-- GET_LOCK('kinton_accounting.rollup'), named after the accounting schema, so two schema pairs on
-- one server never block each other. It is re-entrant and counted per connection: a tool that
-- holds it can call ROLLUP_HOUR, ROLLUP_PLAN and the others (which take and release it again
-- themselves) hour by hour; release it once with ROLLUP_UNLOCK() per successful ROLLUP_LOCK.
-- It is released when the connection ends.
-- Example: SELECT kinton_accounting.ROLLUP_LOCK(0);
CREATE OR REPLACE FUNCTION kinton_accounting.ROLLUP_LOCK(p_timeout_seconds INT)
RETURNS TINYINT
NOT DETERMINISTIC
NO SQL
SQL SECURITY INVOKER
COMMENT 'Takes the rollup lock (re-entrant, per connection); 1 held, 0 held by another connection'
RETURN COALESCE(GET_LOCK('kinton_accounting.rollup', GREATEST(COALESCE(p_timeout_seconds, 0), 0)), 0)
