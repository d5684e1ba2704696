-- run_lock_state: the run lock as `accounting status` shows it, one row while someone holds it:
-- who (connection, user, node, since when), whether that holder is still alive by RUN_LOCK_ALIVE's
-- rule (the one RUN_LOCK_TAKE follows), and whether it has held the lock for
-- run_lock.alarm_seconds or more (stuck: a failure to report). Internal (not granted to the
-- reader); SQL SECURITY DEFINER, so reading it needs no EXECUTE on the functions.
-- Example: SELECT * FROM kinton_accounting.run_lock_state;
CREATE OR REPLACE SQL SECURITY DEFINER VIEW kinton_accounting.run_lock_state AS
SELECT CONCAT('connection ', l.holderConnection, ' (', COALESCE(l.holderUser, '?'), ') on ', l.holderNode,
              ' since ', DATE_FORMAT(l.takenAt, '%Y-%m-%dT%H:%i:%sZ')) AS holder,
       kinton_accounting.RUN_LOCK_ALIVE(l.holderNode, l.holderConnection, l.holderToken, l.holds, l.expiresAt) AS alive,
       TIMESTAMPDIFF(SECOND, l.takenAt, kinton_accounting.RUN_LOCK_CLOCK())
         >= COALESCE((SELECT CAST(p.value AS UNSIGNED) FROM kinton_accounting.accounting_parameter p
                       WHERE p.name = 'run_lock.alarm_seconds'), 7200) AS heldPastAlarm
  FROM kinton_accounting.accounting_run_lock l
 WHERE l.id = 1 AND l.holds > 0
