-- ROLLUP_DO_HOUR_NAMES: phase 3 of ROLLUP_DO_HOUR, the one place of the rollup's name rule. The
-- name of an object at p_at (the hour's last second) is the latest name_history row that started
-- at or before p_at; when the object was first named after p_at, its first name (an object named
-- before accounting began had that name then, as far as we know); NULL when it was never named.
-- The same rule as NAME_HISTORY_AT, so the views' names equal ABQ_*_ID_TO_NAME_AT(id, hour end
-- - 1 s); written here set-based, one statement for all kinds, because a stored function called
-- per object costs 4-5 times as much. The pairs are read in key order (ORDER BY): tmp_rollup_need
-- is a hash-keyed MEMORY table that returns them about in the order phase 2 inserted them, which
-- follows the event tables' rows, not the objects' ids; sorted, the look-ups walk name_history's
-- primary key and the inserts fill tmp_rollup_name's in order. At 200,000 pairs in scattered order
-- (as a cloud's event tables give them after a day of changes) the statement takes about 40 % less
-- time; pairs that already come in key order pay the sort, about 0.1 s. It changes no name: each
-- pair is there once and resolved alone. Measured and not kept, as slower: the rule as a join (an
-- object's last row when it started by p_at, an anti-join proving it is the last, then the look-ups
-- for the pairs left), and one join of all of an object's rows ordered so that INSERT IGNORE keeps
-- the right one.
-- Reads: tmp_rollup_owner (owner combinations), tmp_rollup_need ((objectKind, idObject) pairs
-- not resolved yet), name_history. Writes: tmp_rollup_name (one row per pair, name NULL when never
-- named), the names of every owner combination in tmp_rollup_owner; empties tmp_rollup_need.
-- ROLLUP_DO_HOUR creates the temporary tables and calls it inside its first transaction, and
-- again for the rows of intervals committed while it read (a pair already resolved keeps its name).
-- Example (inside ROLLUP_DO_HOUR, after phase 2): CALL kinton_accounting.ROLLUP_DO_HOUR_NAMES('2026-01-05 13:59:59');
CREATE OR REPLACE PROCEDURE kinton_accounting.ROLLUP_DO_HOUR_NAMES(
  IN p_at DATETIME
)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Resolves the names a rollup hour needs, valid at p_at (internal: phase 3 of ROLLUP_DO_HOUR)'
BEGIN
  -- The owners' objects, each kind's non-zero ids (0: the interval has no such owner).
  INSERT IGNORE INTO kinton_accounting.tmp_rollup_need (objectKind, idObject)
  SELECT o.objectKind, o.idObject
  FROM (
    SELECT k.objectKind,
           CASE k.objectKind WHEN 1 THEN w.idEnterprise WHEN 2 THEN w.idDataCenter
                             WHEN 3 THEN w.idVirtualDataCenter WHEN 4 THEN w.idVirtualApp
                             WHEN 8 THEN w.costCode ELSE w.idTier END AS idObject
    FROM kinton_accounting.tmp_rollup_owner w
    JOIN (SELECT 1 AS objectKind UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
          UNION ALL SELECT 8 UNION ALL SELECT 9) k
  ) o
  WHERE o.idObject <> 0;

  -- The rule, once for every pair not resolved yet.
  INSERT IGNORE INTO kinton_accounting.tmp_rollup_name (objectKind, idObject, name)
  SELECT p.objectKind, p.idObject,
    COALESCE(
      (SELECT n.name FROM kinton_accounting.name_history n
       WHERE n.objectKind = p.objectKind AND n.idObject = p.idObject AND n.validFrom <= p_at
       ORDER BY n.validFrom DESC LIMIT 1),
      (SELECT n.name FROM kinton_accounting.name_history n
       WHERE n.objectKind = p.objectKind AND n.idObject = p.idObject
       ORDER BY n.validFrom ASC LIMIT 1))
  FROM kinton_accounting.tmp_rollup_need p
  ORDER BY p.objectKind, p.idObject;
  DELETE FROM kinton_accounting.tmp_rollup_need;

  -- Each owner combination's names, from the names resolved once per object.
  UPDATE kinton_accounting.tmp_rollup_owner w
  LEFT JOIN kinton_accounting.tmp_rollup_name ne ON ne.objectKind = 1 AND ne.idObject = w.idEnterprise
  LEFT JOIN kinton_accounting.tmp_rollup_name nd ON nd.objectKind = 3 AND nd.idObject = w.idVirtualDataCenter
  LEFT JOIN kinton_accounting.tmp_rollup_name na ON na.objectKind = 4 AND na.idObject = w.idVirtualApp
  LEFT JOIN kinton_accounting.tmp_rollup_name nc ON nc.objectKind = 2 AND nc.idObject = w.idDataCenter
  LEFT JOIN kinton_accounting.tmp_rollup_name nk ON nk.objectKind = 8 AND nk.idObject = w.costCode
  LEFT JOIN kinton_accounting.tmp_rollup_name nt ON nt.objectKind = 9 AND nt.idObject = w.idTier
  SET w.entName = ne.name, w.vdcName = nd.name, w.vappName = na.name, w.dcName = nc.name,
      w.ccName = nk.name, w.tierName = nt.name;
END
