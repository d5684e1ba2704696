-- VERIFY_HISTORY: proves the recorded numbers, as one result set (kind, idResource, problem),
-- empty when all is well; `accounting verify` prints it after VERIFY_CAPTURE's and exits 2 when
-- either is not empty. Read-only. Checks, over the processed range (from the rollup's start, or
-- the processed floor, to the newest processed hour) cut to [p_from, p_to) when given (whole
-- hours; NULL: no bound):
--   intervals  on every event table: none ends before it starts; no two of one resource overlap
--              (zero-length rows aside); at most one open per resource (whole tables);
--   ledger     every hour of the range has a ledger row (kind 'ledger');
--   detail     no detail row holds more than 3,600 s (kind 'detail');
--   summaries  the hourly summary equals the detail's sums per (hour, enterprise, VDC, type); the
--              daily summary the hourly ones' per day, the monthly the daily ones' per month, for
--              days and months wholly inside the range (kind 'summary');
--   conservation  for every resource and enabled type, the unit-seconds of its intervals clipped
--              to the range equal the sum of its detail rows' unitSeconds there (kind 'conservation').
-- A difference found by the conservation check on hours processed before a late change (not yet
-- rechecked) is real: `accounting rollup --recompute --from … --to …` rebuilds those hours.
-- Example: CALL kinton_accounting.VERIFY_HISTORY(NULL, NULL);
CREATE OR REPLACE PROCEDURE kinton_accounting.VERIFY_HISTORY(IN p_from DATETIME, IN p_to DATETIME)
READS SQL DATA
SQL SECURITY INVOKER
COMMENT 'One result set (kind, idResource, problem) proving intervals, ledger, detail, summaries and conservation; empty when consistent. Example: CALL VERIFY_HISTORY(NULL, NULL)'
BEGIN
  DECLARE v_first DATETIME;
  DECLARE v_end DATETIME;
  DECLARE v_from DATETIME;
  DECLARE v_to DATETIME;
  DECLARE v_rows BIGINT;

  DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_verify;
  CREATE TEMPORARY TABLE kinton_accounting.tmp_verify (
    kind VARCHAR(16) NOT NULL,
    idResource BIGINT UNSIGNED NOT NULL,
    problem VARCHAR(1024) NOT NULL
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

  -- Intervals: inverted, overlapping (each row against the latest stop of the rows before it),
  -- more than one open. Whole tables: a bad row anywhere is a problem.
  INSERT INTO kinton_accounting.tmp_verify
  SELECT e.kind, e.idResource,
         CONCAT('interval ', e.idEvent, ' ends before it starts (', e.startTime, ' .. ', e.stopTime, ')')
    FROM kinton_accounting.event_interval e
   WHERE e.stopTime < e.startTime;

  INSERT INTO kinton_accounting.tmp_verify
  SELECT o.kind, o.idResource,
         CONCAT('interval ', o.idEvent, ' (from ', o.startTime, ') overlaps an earlier interval of the resource ending ', o.prevStop)
    FROM (
      SELECT e.kind, e.idResource, e.idEvent, e.startTime,
             MAX(COALESCE(e.stopTime, TIMESTAMP'9999-12-31 00:00:00')) OVER (
               PARTITION BY e.kind, e.idResource, e.idSub ORDER BY e.startTime, e.idEvent
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prevStop
        FROM kinton_accounting.event_interval e
       WHERE e.stopTime IS NULL OR e.stopTime > e.startTime
    ) o
   WHERE o.prevStop > o.startTime;

  INSERT INTO kinton_accounting.tmp_verify
  SELECT e.kind, e.idResource, CONCAT(COUNT(*), ' open intervals')
    FROM kinton_accounting.event_interval e
   WHERE e.stopTime IS NULL
   GROUP BY e.kind, e.idResource, e.idSub
  HAVING COUNT(*) > 1;

  -- The processed range, cut to [p_from, p_to) (rounded out to whole hours).
  SET v_first = (SELECT GREATEST(COALESCE(s.startHour, (SELECT MIN(l.starttime) FROM kinton_accounting.accounting_rollup_ledger l)),
                                 COALESCE(s.processedFloor, TIMESTAMP'1970-01-01 00:00:00'))
                   FROM kinton_accounting.accounting_rollup_state s WHERE s.id = 1);
  SET v_end = (SELECT MAX(l.starttime) + INTERVAL 1 HOUR FROM kinton_accounting.accounting_rollup_ledger l);
  SET v_from = GREATEST(v_first, COALESCE(DATE_FORMAT(p_from, '%Y-%m-%d %H:00:00'), v_first));
  SET v_to = LEAST(v_end, COALESCE(DATE_FORMAT(p_to + INTERVAL 3599 SECOND, '%Y-%m-%d %H:00:00'), v_end));

  IF v_from IS NOT NULL AND v_to IS NOT NULL AND v_from < v_to THEN
    -- Ledger: every hour of the range. The hours come from the sequence engine (as the rollup's
    -- plan does), not a recursive CTE, which stops at max_recursive_iterations (1,000 hours by
    -- default: six weeks of history).
    INSERT INTO kinton_accounting.tmp_verify
    SELECT 'ledger', 0, CONCAT('hour ', DATE_FORMAT(v_from + INTERVAL q.seq HOUR, '%Y-%m-%dT%H:%i:%sZ'),
                               ' is not processed (no ledger row)')
      FROM kinton_accounting.seq_0_to_10000000 q
     WHERE q.seq < TIMESTAMPDIFF(HOUR, v_from, v_to)
       AND NOT EXISTS (SELECT 1 FROM kinton_accounting.accounting_rollup_ledger l
                        WHERE l.starttime = v_from + INTERVAL q.seq HOUR)
     ORDER BY q.seq;

    -- The detail of the range read once, summed per (hour, enterprise, VDC, type), with the
    -- largest usageSeconds of each group: the detail and summary checks below read this.
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_verify_hour;
    CREATE TEMPORARY TABLE kinton_accounting.tmp_verify_hour (
      h DATETIME NOT NULL,
      ent INT UNSIGNED NOT NULL,
      vdc INT UNSIGNED NOT NULL,
      t TINYINT UNSIGNED NOT NULL,
      us DECIMAL(38,0) NOT NULL,
      units DECIMAL(38,0) NOT NULL,
      maxSecs INT UNSIGNED NOT NULL,
      PRIMARY KEY (h, ent, vdc, t)
    ) ENGINE=InnoDB;
    INSERT INTO kinton_accounting.tmp_verify_hour (h, ent, vdc, t, us, units, maxSecs)
    SELECT d.starttime, d.idEnterprise, d.idVirtualDataCenter, d.idAccountingResourceType,
           SUM(d.unitSeconds), SUM(d.resourceUnits), MAX(d.usageSeconds)
      FROM kinton_accounting.accounting_event_detail d
     WHERE d.starttime >= v_from AND d.starttime < v_to
     GROUP BY d.starttime, d.idEnterprise, d.idVirtualDataCenter, d.idAccountingResourceType;

    -- Detail: no row over an hour (looked up only in the groups that hold one).
    INSERT INTO kinton_accounting.tmp_verify
    SELECT 'detail', d.idResource,
           CONCAT('hour ', DATE_FORMAT(d.starttime, '%Y-%m-%dT%H:%i:%sZ'), ' type ', d.idAccountingResourceType,
                  ': ', d.usageSeconds, ' s in one hour')
      FROM kinton_accounting.tmp_verify_hour g
      JOIN kinton_accounting.accounting_event_detail d
        ON d.starttime = g.h AND d.idAccountingResourceType = g.t AND d.idEnterprise = g.ent
       AND d.idVirtualDataCenter = g.vdc
     WHERE g.maxSecs > 3600 AND d.usageSeconds > 3600;

    -- Summaries: detail = hourly, per (hour, enterprise, VDC, type), both ways.
    INSERT INTO kinton_accounting.tmp_verify
    SELECT 'summary', 0,
           CONCAT('hour ', DATE_FORMAT(x.h, '%Y-%m-%dT%H:%i:%sZ'), ' enterprise ', x.ent, ' VDC ', x.vdc, ' type ', x.t,
                  ': hourly summary ', COALESCE(x.sumUs, 'none'), ' unit-seconds, ', COALESCE(x.sumUnits, 'none'),
                  ' units; detail ', COALESCE(x.detUs, 'none'), ', ', COALESCE(x.detUnits, 'none'))
      FROM (
        SELECT g.h, g.ent, g.vdc, g.t, s.unitSeconds AS sumUs, s.resourceUnits AS sumUnits,
               g.us AS detUs, g.units AS detUnits
          FROM kinton_accounting.tmp_verify_hour g
          LEFT JOIN kinton_accounting.accounting_summary_hourly s
            ON s.starttime = g.h AND s.idEnterprise = g.ent
           AND s.idVirtualDataCenter = g.vdc AND s.idAccountingResourceType = g.t
        UNION ALL
        SELECT s.starttime, s.idEnterprise, s.idVirtualDataCenter, s.idAccountingResourceType,
               s.unitSeconds, s.resourceUnits, NULL, NULL
          FROM kinton_accounting.accounting_summary_hourly s
         WHERE s.starttime >= v_from AND s.starttime < v_to
           AND NOT EXISTS (SELECT 1 FROM kinton_accounting.tmp_verify_hour g
                            WHERE g.h = s.starttime AND g.ent = s.idEnterprise
                              AND g.vdc = s.idVirtualDataCenter AND g.t = s.idAccountingResourceType)
      ) x
     WHERE NOT (x.sumUs <=> x.detUs AND x.sumUnits <=> x.detUnits);
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_verify_hour;

    -- Summaries: hourly = daily per whole day of the range, daily = monthly per whole month.
    INSERT INTO kinton_accounting.tmp_verify
    SELECT 'summary', 0,
           CONCAT(x.level, ' ', DATE_FORMAT(x.p, '%Y-%m-%d'), ' enterprise ', x.ent, ' VDC ', x.vdc, ' type ', x.t,
                  ': ', x.level, ' summary ', COALESCE(x.us, 'none'), ' unit-seconds, ', COALESCE(x.units, 'none'),
                  ' units; sum of its ', x.parts, ' ', COALESCE(x.partUs, 'none'), ', ', COALESCE(x.partUnits, 'none'))
      FROM (
        SELECT 'day' AS level, 'hours' AS parts, k.p, k.ent, k.vdc, k.t, dd.unitSeconds AS us, dd.resourceUnits AS units,
               hh.us AS partUs, hh.units AS partUnits
          FROM (SELECT starttime AS p, idEnterprise AS ent, idVirtualDataCenter AS vdc, idAccountingResourceType AS t
                  FROM kinton_accounting.accounting_summary_daily
                 WHERE starttime >= v_from AND starttime + INTERVAL 1 DAY <= v_to
                UNION
                SELECT DATE_FORMAT(starttime, '%Y-%m-%d 00:00:00'), idEnterprise, idVirtualDataCenter, idAccountingResourceType
                  FROM kinton_accounting.accounting_summary_hourly
                 WHERE starttime >= DATE_FORMAT(v_from + INTERVAL 86399 SECOND, '%Y-%m-%d 00:00:00')
                   AND starttime < DATE_FORMAT(v_to, '%Y-%m-%d 00:00:00')) k
          LEFT JOIN kinton_accounting.accounting_summary_daily dd
            ON dd.starttime = k.p AND dd.idEnterprise = k.ent AND dd.idVirtualDataCenter = k.vdc
           AND dd.idAccountingResourceType = k.t
          LEFT JOIN (SELECT DATE_FORMAT(starttime, '%Y-%m-%d 00:00:00') AS p, idEnterprise AS ent,
                            idVirtualDataCenter AS vdc, idAccountingResourceType AS t,
                            SUM(unitSeconds) AS us, SUM(resourceUnits) AS units
                       FROM kinton_accounting.accounting_summary_hourly
                      WHERE starttime >= v_from AND starttime < v_to
                      GROUP BY 1, 2, 3, 4) hh
            ON hh.p = k.p AND hh.ent = k.ent AND hh.vdc = k.vdc AND hh.t = k.t
         WHERE k.p >= v_from AND k.p + INTERVAL 1 DAY <= v_to
        UNION ALL
        SELECT 'month', 'days', k.p, k.ent, k.vdc, k.t, mm.unitSeconds, mm.resourceUnits, dd.us, dd.units
          FROM (SELECT starttime AS p, idEnterprise AS ent, idVirtualDataCenter AS vdc, idAccountingResourceType AS t
                  FROM kinton_accounting.accounting_summary_monthly
                UNION
                SELECT DATE_FORMAT(starttime, '%Y-%m-01 00:00:00'), idEnterprise, idVirtualDataCenter, idAccountingResourceType
                  FROM kinton_accounting.accounting_summary_daily) k
          LEFT JOIN kinton_accounting.accounting_summary_monthly mm
            ON mm.starttime = k.p AND mm.idEnterprise = k.ent AND mm.idVirtualDataCenter = k.vdc
           AND mm.idAccountingResourceType = k.t
          LEFT JOIN (SELECT DATE_FORMAT(starttime, '%Y-%m-01 00:00:00') AS p, idEnterprise AS ent,
                            idVirtualDataCenter AS vdc, idAccountingResourceType AS t,
                            SUM(unitSeconds) AS us, SUM(resourceUnits) AS units
                       FROM kinton_accounting.accounting_summary_daily
                      GROUP BY 1, 2, 3, 4) dd
            ON dd.p = k.p AND dd.ent = k.ent AND dd.vdc = k.vdc AND dd.t = k.t
         WHERE k.p >= v_from AND k.p + INTERVAL 1 MONTH <= v_to
      ) x
     WHERE NOT (x.us <=> x.partUs AND x.units <=> x.partUnits);

    -- Conservation: per resource and enabled type, intervals (units x seconds clipped to the
    -- range) against the detail rows. The intervals' side counts each type by its rule in
    -- accounting_resource_type, the rollup's own (MANAGED_TABLE_SQL's verify_us, one statement
    -- text run for every event table); the detail's side is what the rollup wrote. A conversion
    -- of an image (a type whose discriminator is the event's idSub) is checked on its own.
    CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_verify_us');
    SET @accounting_verify_from = v_from, @accounting_verify_to = v_to;
    CALL kinton_accounting.MANAGED_TABLE_EXEC_EVENTS('verify_us', v_rows);
    SET @accounting_verify_from = NULL, @accounting_verify_to = NULL;

    INSERT INTO kinton_accounting.tmp_verify_us (src, t, idResource, disc, us)
    SELECT 2, d.idAccountingResourceType, d.idResource,
           IF(rt.discriminatorFrom <=> 4, d.idDiscriminator, 0), SUM(d.unitSeconds)
      FROM kinton_accounting.accounting_event_detail d
      LEFT JOIN kinton_accounting.accounting_resource_type rt
        ON rt.idAccountingResourceType = d.idAccountingResourceType
     WHERE d.starttime >= v_from AND d.starttime < v_to
     GROUP BY d.idAccountingResourceType, d.idResource, IF(rt.discriminatorFrom <=> 4, d.idDiscriminator, 0);

    -- Only the types enabled now, on both sides (a type disabled for part of the range has no
    -- rows there: reported, and put right by a recompute).
    DELETE u FROM kinton_accounting.tmp_verify_us u
      JOIN kinton_accounting.accounting_parameter p
        ON p.name = CONCAT('resource_type.', u.t, '.enabled') AND p.value <> '1';

    INSERT INTO kinton_accounting.tmp_verify
    SELECT COALESCE(MAX(m.kindName), 'detail'), u.idResource,
           CONCAT('conservation, type ', u.t, IF(MAX(rt.discriminatorFrom) <=> 4, CONCAT(' conversion ', u.disc), ''),
                  ' from ', DATE_FORMAT(v_from, '%Y-%m-%dT%H:%i:%sZ'), ' to ', DATE_FORMAT(v_to, '%Y-%m-%dT%H:%i:%sZ'),
                  ': intervals ', SUM(IF(u.src = 1, u.us, 0)), ' unit-seconds, detail ', SUM(IF(u.src = 2, u.us, 0)))
      FROM kinton_accounting.tmp_verify_us u
      LEFT JOIN kinton_accounting.accounting_resource_type rt ON rt.idAccountingResourceType = u.t
      LEFT JOIN kinton_accounting.accounting_managed_table m ON m.resourceKind = rt.resourceKind
     GROUP BY u.t, u.idResource, u.disc
    HAVING SUM(IF(u.src = 1, u.us, 0)) <> SUM(IF(u.src = 2, u.us, 0));
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_verify_us;
  END IF;

  SELECT v.kind, v.idResource, v.problem FROM kinton_accounting.tmp_verify v
   ORDER BY v.kind, v.idResource, v.problem;
  DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_verify;
END
