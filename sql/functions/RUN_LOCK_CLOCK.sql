-- RUN_LOCK_CLOCK: the real UTC time, for the run lock's lease: SYSDATE() read as seconds since
-- the epoch, so neither the session's SET TIMESTAMP (tests and replays move UTC_TIMESTAMP()) nor
-- its time zone moves it.
-- Example: SELECT kinton_accounting.RUN_LOCK_CLOCK();
CREATE OR REPLACE FUNCTION kinton_accounting.RUN_LOCK_CLOCK()
RETURNS DATETIME
NOT DETERMINISTIC
NO SQL
SQL SECURITY INVOKER
COMMENT 'Real UTC now (not moved by SET TIMESTAMP), for the run lock lease'
RETURN TIMESTAMP('1970-01-01 00:00:00') + INTERVAL UNIX_TIMESTAMP(SYSDATE()) SECOND
