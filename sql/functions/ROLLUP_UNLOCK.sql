-- ROLLUP_UNLOCK: releases one hold of the rollup lock taken by ROLLUP_LOCK on this connection.
-- Returns 1 when released (the lock is free once every hold is released), 0 when another
-- connection holds it, NULL when nobody does.
-- Example: SELECT kinton_accounting.ROLLUP_UNLOCK();
CREATE OR REPLACE FUNCTION kinton_accounting.ROLLUP_UNLOCK()
RETURNS TINYINT
NOT DETERMINISTIC
NO SQL
SQL SECURITY INVOKER
COMMENT 'Releases one hold of the rollup lock on this connection; 1 released, 0 not ours, NULL not held'
RETURN RELEASE_LOCK('kinton_accounting.rollup')
