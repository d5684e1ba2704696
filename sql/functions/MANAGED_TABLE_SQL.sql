-- MANAGED_TABLE_SQL: the one place where a per-table statement of the rollup or the purge is
-- written: the text of statement p_use for table p_table, built from the table's row in
-- accounting_managed_table; NULL when the table has no row or p_use does not apply to it (a
-- statement about events asked of the detail). No value is spliced in: the inputs are user
-- variables the caller sets, or `?` markers it binds (EXECUTE … USING), as each use says
-- (MANAGED_TABLE_EXEC binds as many as the use has: purge_delete and purge_pick 1,
-- consolidate_batch 2, the others none).
--   purge_count       (any table) SELECT COUNT(*) INTO @accounting_purge_rows of the rows a purge
--                     before @accounting_purge_cut deletes (PURGE_PLAN)
--   purge_delete      (not events) DELETE of the first ? of those rows in key order (PURGE_DO_BATCH)
--   purge_pick        (events) the first ? of those events' ids into tmp_purge_ids, by a consistent
--                     read through the (consolidated, startTime) index (PURGE_DO_BATCH)
--   purge_delete_ids  (events) DELETE of the picked events, by primary key, that still qualify
--   consolidate_pick  (events) the ids of closed, unflagged events whose hours are all processed
--                     (stopped at or before @accounting_rollup_through) into tmp_rollup_cons
--                     (ROLLUP_DO_CONSOLIDATE)
--   consolidate_batch (events) sets consolidated = 1 on picked rows n in [?, ?) that still qualify
--   fp_whole          (events) the fingerprint contributions of events covering the whole recheck
--                     window [@accounting_fp_w0, @accounting_fp_w1) (the same in each of its
--                     hours), added to every window hour of tmp_rollup_fp (ROLLUP_DO_PLAN)
--   fp_partial        (events) the contributions of events starting or stopping inside the
--                     window, per window hour they overlap, added to tmp_rollup_fp
--   rollup_owner      (events) the owner combinations of the intervals overlapping the hour
--                     [@accounting_rollup_hour, @accounting_rollup_end) into tmp_rollup_owner
--                     (ROLLUP_DO_HOUR, phase 2)
--   rollup_need       (events) their resources' (objectKind, idObject) name pairs into tmp_rollup_need
--   rollup_attached   (events) the VMs their volumes are attached to, when not there yet
--   summary_add       (daily and monthly summaries) adds the hour's change (tmp_rollup_delta:
--                     new - old per type, enterprise and VDC) to its period's rows; names follow
--                     the latest hour that has rows for the key (ROLLUP_DO_HOUR, phase 7)
--   summary_prune     (the same) deletes its period's rows left with no detail row
--   rollup_interval   (events) one tmp_rollup_iv row per interval, clipped to the hour, named
--                     from tmp_rollup_owner and tmp_rollup_name, with its fingerprint hash and its
--                     rowFlags, the conditions a resource type's row may need (the bits of
--                     accounting_resource_type.rowFlag): 1 always, 2 HA enabled, 4 anti-affinity,
--                     8 powered on, 16 not powered on, 32 cost code set (phase 4)
--   verify_us         (events) per resource type and resource, the unit-seconds of the intervals
--                     clipped to [@accounting_verify_from, @accounting_verify_to), counted by each
--                     type's rule as the rollup counts them, into tmp_verify_us (VERIFY_HISTORY's
--                     conservation check)
--   fix_close         (events) closes the table's rows listed in tmp_fix (its kind's), at
--                     @accounting_fix_now and never before a row's start (VERIFY_FIX)
--   fix_mark          (events) the table's highest event id into tmp_fix_mark, before the fix
--                     opens rows
--   fix_opened        (events) the rows opened since (ids above the mark) into tmp_fix_opened
-- Every rollup statement reads the table's eventView (rollup_fp_*), the common shape. An event's
-- contribution to an hour's fingerprint is written once below (v_fp): CONCAT_WS('|', fpTag,
-- idEvent, the interval clipped to the hour or 'full', fpSnap), hashed to 64 bits by CRC32 and
-- CRC32C; phase 4 stores it, the recheck computes it again, and they must agree.
-- MANAGED_TABLE_CHECK prepares every statement at install.
-- Example: SELECT kinton_accounting.MANAGED_TABLE_SQL('accounting_event_vm', 'purge_pick');
CREATE OR REPLACE FUNCTION kinton_accounting.MANAGED_TABLE_SQL(
  p_table VARCHAR(64),
  p_use VARCHAR(32)
)
RETURNS TEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC
READS SQL DATA
SQL SECURITY INVOKER
COMMENT 'The text of a per-table statement of the rollup or the purge, from accounting_managed_table'
BEGIN
  DECLARE v_table VARCHAR(64) DEFAULT NULL;
  DECLARE v_cond VARCHAR(255);
  DECLARE v_order VARCHAR(255);
  DECLARE v_id VARCHAR(64);
  DECLARE v_index VARCHAR(64);
  DECLARE v_view VARCHAR(64);
  DECLARE v_sql TEXT;
  DECLARE v_start VARCHAR(255);
  DECLARE v_fp_into VARCHAR(128);
  DECLARE v_fp_add VARCHAR(255);
  DECLARE v_kind TINYINT UNSIGNED;
  DECLARE v_kindname VARCHAR(16);
  -- The window of a recheck (win.w0, win.w1) and the hour of a rollup (hb.h0, hb.h1), each read
  -- from its user variables once per statement through a one-row derived table, which the
  -- optimizer reads first and treats as constants (a CAST of a user variable written in the
  -- statement itself would be evaluated again on every row).
  DECLARE v_win VARCHAR(160) DEFAULT
    '(SELECT CAST(@accounting_fp_w0 AS DATETIME) AS w0, CAST(@accounting_fp_w1 AS DATETIME) AS w1) win';
  DECLARE v_hb VARCHAR(160) DEFAULT
    '(SELECT CAST(@accounting_rollup_hour AS DATETIME) AS h0, CAST(@accounting_rollup_end AS DATETIME) AS h1) hb';
  DECLARE v_w0 VARCHAR(64) DEFAULT 'win.w0';
  DECLARE v_w1 VARCHAR(64) DEFAULT 'win.w1';
  DECLARE v_h0 VARCHAR(64) DEFAULT 'hb.h0';
  DECLARE v_h1 VARCHAR(64) DEFAULT 'hb.h1';
  -- Of an event e and an hour [{h0}, {h1}): whether e covers it, whether e overlaps it (an
  -- interval of zero length overlaps nothing), and e's fingerprint contribution to it.
  DECLARE v_full VARCHAR(255) DEFAULT
    '(e.startTime <= {h0} AND (e.stopTime IS NULL OR e.stopTime >= {h1}))';
  DECLARE v_overlap VARCHAR(255) DEFAULT
    'e.startTime < {h1} AND (e.stopTime IS NULL OR e.stopTime > {h0}) AND (e.stopTime IS NULL OR e.stopTime > e.startTime)';
  -- Of an event e and a period [{h0}, {h1}): the seconds of e inside it.
  DECLARE v_secs VARCHAR(160) DEFAULT
    'TIMESTAMPDIFF(SECOND, GREATEST(e.startTime, {h0}), LEAST(COALESCE(e.stopTime, {h1}), {h1}))';
  -- How a resource type t counts an event e (accounting_resource_type's rule): its units, from the
  -- type's unitsFrom; and the conditions e meets, as the bits of the types' rowFlag (1 always,
  -- 2 HA enabled, 4 anti-affinity, 8 powered on, 16 not powered on, 32 cost code set).
  DECLARE v_units VARCHAR(160) DEFAULT
    'CASE t.unitsFrom WHEN 1 THEN e.u1 WHEN 2 THEN e.u2 WHEN 3 THEN e.u3 ELSE 1 END';
  DECLARE v_flags VARCHAR(255) DEFAULT
    '1 | (e.haEnabled = 1) << 1 | (e.antiAffinity = 1) << 2 | (e.powerOn <> 0) << 3 | (e.powerOn = 0) << 4 | (e.costCode IS NOT NULL) << 5';
  -- The period of a conservation check, like hb.
  DECLARE v_vb VARCHAR(160) DEFAULT
    '(SELECT CAST(@accounting_verify_from AS DATETIME) AS h0, CAST(@accounting_verify_to AS DATETIME) AS h1) vb';
  DECLARE v_fp TEXT DEFAULT
    '(CRC32({s}) << 32) | CRC32C({s})';
  DECLARE v_fpstr VARCHAR(512) DEFAULT
    'CONCAT_WS(''|'', e.fpTag, e.idEvent, IF({full}, ''full'', CONCAT(GREATEST(e.startTime, {h0}), ''/'', LEAST(COALESCE(e.stopTime, {h1}), {h1}))), e.fpSnap)';

  SELECT m.tableName, m.purgeCondition, m.purgeOrderBy, m.resourceKind, m.eventIdColumn, m.eventIndex, m.eventView,
         m.summaryStart, QUOTE(m.kindName)
    INTO v_table, v_cond, v_order, v_kind, v_id, v_index, v_view, v_start, v_kindname
  FROM kinton_accounting.accounting_managed_table m
  WHERE m.tableName = p_table;
  IF v_table IS NULL THEN
    RETURN NULL;
  END IF;

  IF p_use = 'purge_count' THEN
    RETURN CONCAT('SELECT COUNT(*) INTO @accounting_purge_rows FROM kinton_accounting.', v_table,
                  ' WHERE ', v_cond);
  ELSEIF p_use = 'purge_delete' AND v_kind IS NULL THEN
    RETURN CONCAT('DELETE FROM kinton_accounting.', v_table, ' WHERE ', v_cond,
                  ' ORDER BY ', v_order, ' LIMIT ?');
  ELSEIF p_use = 'summary_add' AND v_start IS NOT NULL THEN
    SET v_sql = CONCAT('INSERT INTO kinton_accounting.', v_table,
                  ' (starttime, idEnterprise, idVirtualDataCenter, idAccountingResourceType, resourceUnits,',
                  ' unitSeconds, detailRows, enterpriseName, virtualDataCenter, namesHour)',
                  ' SELECT ', v_start, ', d.idEnterprise, d.idVirtualDataCenter, d.idAccountingResourceType,',
                  ' d.newUnits - d.oldUnits, d.newUnitSeconds - d.oldUnitSeconds, d.newRows - d.oldRows,',
                  ' d.entName, d.vdcName, IF(d.newRows > 0, {h0}, NULL)',
                  ' FROM ', v_hb, ', kinton_accounting.tmp_rollup_delta d',
                  ' ON DUPLICATE KEY UPDATE resourceUnits = resourceUnits + VALUES(resourceUnits),',
                  ' unitSeconds = unitSeconds + VALUES(unitSeconds), detailRows = detailRows + VALUES(detailRows),',
                  ' enterpriseName = IF(VALUES(namesHour) >= COALESCE(namesHour, VALUES(namesHour)),',
                  ' VALUES(enterpriseName), enterpriseName),',
                  ' virtualDataCenter = IF(VALUES(namesHour) >= COALESCE(namesHour, VALUES(namesHour)),',
                  ' VALUES(virtualDataCenter), virtualDataCenter),',
                  ' namesHour = IF(VALUES(namesHour) >= COALESCE(namesHour, VALUES(namesHour)), VALUES(namesHour), namesHour)');
    RETURN REPLACE(v_sql, '{h0}', v_h0);
  ELSEIF p_use = 'summary_prune' AND v_start IS NOT NULL THEN
    RETURN REPLACE(CONCAT('DELETE FROM kinton_accounting.', v_table, ' WHERE starttime = ', v_start,
                          ' AND detailRows = 0'), '{h0}', 'CAST(@accounting_rollup_hour AS DATETIME)');
  ELSEIF v_kind IS NULL THEN
    RETURN NULL;
  ELSEIF p_use = 'purge_pick' THEN
    RETURN CONCAT('INSERT INTO kinton_accounting.tmp_purge_ids (id) SELECT e.', v_id,
                  ' FROM kinton_accounting.', v_table, ' e FORCE INDEX (', v_index, ')',
                  ' WHERE ', v_cond, ' ORDER BY ', v_order, ' LIMIT ?');
  ELSEIF p_use = 'purge_delete_ids' THEN
    RETURN CONCAT('DELETE e FROM kinton_accounting.tmp_purge_ids t STRAIGHT_JOIN kinton_accounting.',
                  v_table, ' e ON e.', v_id, ' = t.id WHERE ', v_cond);
  ELSEIF p_use = 'consolidate_pick' THEN
    RETURN CONCAT('INSERT INTO kinton_accounting.tmp_rollup_cons (id) SELECT e.', v_id,
                  ' FROM kinton_accounting.', v_table, ' e',
                  ' WHERE e.consolidated = 0 AND e.startTime < CAST(@accounting_rollup_through AS DATETIME)',
                  ' AND e.stopTime <= CAST(@accounting_rollup_through AS DATETIME) ORDER BY e.', v_id);
  ELSEIF p_use = 'consolidate_batch' THEN
    RETURN CONCAT('UPDATE kinton_accounting.tmp_rollup_cons c JOIN kinton_accounting.', v_table,
                  ' e ON e.', v_id, ' = c.id SET e.consolidated = 1',
                  ' WHERE c.n >= ? AND c.n < ? AND e.consolidated = 0',
                  ' AND e.stopTime <= CAST(@accounting_rollup_through AS DATETIME)');
  END IF;

  -- The rollup's and the recheck's statements, over the event's view; {h0} and {h1} are the hour.
  -- A recheck adds each table's contributions to an hour's fingerprint.
  SET v_fp_into = 'INSERT INTO kinton_accounting.tmp_rollup_fp (starttime, fpCount, fpSeconds, fpHash)';
  SET v_fp_add = ' ON DUPLICATE KEY UPDATE fpCount = fpCount + VALUES(fpCount), fpSeconds = fpSeconds + VALUES(fpSeconds), fpHash = fpHash ^ VALUES(fpHash)';
  SET v_fp = REPLACE(REPLACE(v_fp, '{s}', v_fpstr), '{full}', v_full);
  IF p_use = 'fp_whole' THEN
    -- Covering the whole window: 'full' in every hour of it, one read, added to each hour.
    SET v_sql = CONCAT(v_fp_into, ' SELECT h.starttime, x.n, 3600 * x.n, x.fp',
                  ' FROM kinton_accounting.tmp_rollup_window h,',
                  ' (SELECT COUNT(*) AS n, COALESCE(BIT_XOR(', v_fp, '), 0) AS fp',
                  ' FROM ', v_win, ' JOIN kinton_accounting.', v_view, ' e',
                  ' WHERE e.startTime <= {h0} AND (e.stopTime IS NULL OR e.stopTime >= {h1})) x',
                  v_fp_add);
    RETURN REPLACE(REPLACE(v_sql, '{h0}', v_w0), '{h1}', v_w1);
  ELSEIF p_use = 'fp_partial' THEN
    SET v_sql = CONCAT(v_fp_into, ' SELECT STRAIGHT_JOIN h.starttime, COUNT(*),',
                  ' SUM(', v_secs, '),',
                  ' BIT_XOR(', v_fp, ')',
                  ' FROM ', v_win, ' JOIN kinton_accounting.', v_view, ' e',
                  ' JOIN kinton_accounting.tmp_rollup_window h',
                  ' ON h.starttime > e.startTime - INTERVAL 1 HOUR AND (e.stopTime IS NULL OR h.starttime < e.stopTime)',
                  ' WHERE ((e.startTime > ', v_w0, ' AND e.startTime < ', v_w1,
                  ' AND (e.stopTime IS NULL OR e.stopTime > e.startTime))',
                  ' OR (e.startTime <= ', v_w0, ' AND e.stopTime > ', v_w0, ' AND e.stopTime < ', v_w1, '))',
                  ' GROUP BY h.starttime',
                  v_fp_add);
    RETURN REPLACE(REPLACE(v_sql, '{h0}', 'h.starttime'), '{h1}', 'h.hourEnd');
  ELSEIF p_use = 'rollup_owner' THEN
    SET v_sql = CONCAT('INSERT IGNORE INTO kinton_accounting.tmp_rollup_owner',
                  ' (idEnterprise, idVirtualDataCenter, idVirtualApp, idDataCenter, costCode, idTier)',
                  ' SELECT DISTINCT e.idEnterprise, e.idVirtualDataCenter, e.idVirtualApp, COALESCE(e.idDataCenter, 0),',
                  ' COALESCE(e.costCode, 0), COALESCE(e.idTier, 0)',
                  ' FROM ', v_hb, ' JOIN kinton_accounting.', v_view, ' e WHERE ', v_overlap);
  ELSEIF p_use = 'rollup_need' THEN
    SET v_sql = CONCAT('INSERT IGNORE INTO kinton_accounting.tmp_rollup_need (objectKind, idObject)',
                  ' SELECT e.nameKind, e.idResource FROM ', v_hb, ' JOIN kinton_accounting.', v_view, ' e',
                  ' WHERE e.nameKind IS NOT NULL AND ', v_overlap);
  ELSEIF p_use = 'rollup_attached' THEN
    -- Usually already there (the VM has an interval in the hour too): skipping those instead of
    -- ignoring them as duplicates halves the statement.
    SET v_sql = CONCAT('INSERT IGNORE INTO kinton_accounting.tmp_rollup_need (objectKind, idObject)',
                  ' SELECT 5, e.attachedVM FROM ', v_hb, ' JOIN kinton_accounting.', v_view, ' e',
                  ' WHERE e.attachedVM <> 0 AND ', v_overlap,
                  ' AND NOT EXISTS (SELECT 1 FROM kinton_accounting.tmp_rollup_need n',
                  ' WHERE n.objectKind = 5 AND n.idObject = e.attachedVM)');
  ELSEIF p_use = 'rollup_interval' THEN
    -- Names from phase 3 only: the owner combination (w), the resource (r; an IP's name is its
    -- address), the VM a volume is attached to (v); a row missing any of them is marked unnamed.
    SET v_sql = CONCAT('INSERT INTO kinton_accounting.tmp_rollup_iv',
                  ' (isFast, resourceKind, idResource, idSub, cs, idEvent, secs, idEnterprise, idVirtualDataCenter,',
                  ' idVirtualApp, idVirtualMachine, nameKind, u1, u2, u3, costCode, idTier, idHardwareProfile,',
                  ' idDataCenter, rowFlags, hypervisorType, idHypervisorType, region, account_id,',
                  ' internal_provider_id, resourceName, enterpriseName, vdcName, vappName, vmName, dcName,',
                  ' costCodeName, tierName, named, fp)',
                  ' SELECT ', v_full, ', e.resourceKind, e.idResource, e.idSub, GREATEST(e.startTime, {h0}), e.idEvent,',
                  ' ', v_secs, ',',
                  ' e.idEnterprise, e.idVirtualDataCenter, e.idVirtualApp, e.idVirtualMachine, e.nameKind,',
                  ' e.u1, e.u2, e.u3, e.costCode, e.idTier, e.idHardwareProfile, e.idDataCenter,',
                  ' ', v_flags, ',',
                  ' e.hypervisorType,',
                  ' IF(e.hypervisorType IS NULL, 0, COALESCE(NULLIF(e.idHypervisorType, 0), o.idObjectName)),',
                  ' e.region, e.account_id, e.internal_provider_id,',
                  ' IF(e.nameKind IS NULL, e.fixedName, r.name), w.entName, w.vdcName, w.vappName,',
                  ' IF(e.nameKind = 5, r.name, v.name), w.dcName, w.ccName, w.tierName,',
                  ' w.idEnterprise IS NOT NULL AND (e.nameKind IS NULL OR r.idObject IS NOT NULL)',
                  ' AND (e.attachedVM = 0 OR v.idObject IS NOT NULL),',
                  ' ', v_fp,
                  ' FROM ', v_hb, ' JOIN kinton_accounting.', v_view, ' e',
                  ' LEFT JOIN kinton_accounting.tmp_rollup_owner w',
                  ' ON w.idEnterprise = e.idEnterprise AND w.idVirtualDataCenter = e.idVirtualDataCenter',
                  ' AND w.idVirtualApp = e.idVirtualApp AND w.idDataCenter = COALESCE(e.idDataCenter, 0)',
                  ' AND w.costCode = COALESCE(e.costCode, 0) AND w.idTier = COALESCE(e.idTier, 0)',
                  ' LEFT JOIN kinton_accounting.tmp_rollup_name r ON r.objectKind = e.nameKind AND r.idObject = e.idResource',
                  ' LEFT JOIN kinton_accounting.tmp_rollup_name v',
                  ' ON v.objectKind = 5 AND v.idObject = e.attachedVM AND e.attachedVM <> 0',
                  ' LEFT JOIN kinton_accounting.object_name o ON o.name = e.hypervisorType',
                  ' WHERE ', v_overlap);
  ELSEIF p_use = 'verify_us' THEN
    SET v_sql = CONCAT('INSERT INTO kinton_accounting.tmp_verify_us (src, t, idResource, disc, us)',
                  ' SELECT 1, t.idAccountingResourceType, e.idResource, IF(t.discriminatorFrom = 4, e.idSub, 0),',
                  ' SUM(CAST(', v_units, ' AS DECIMAL(38,0)) * ', v_secs, ')',
                  ' FROM ', v_vb, ' JOIN kinton_accounting.', v_view, ' e',
                  ' JOIN kinton_accounting.accounting_resource_type t',
                  ' ON t.resourceKind = e.resourceKind AND ((', v_flags, ') & t.rowFlag) <> 0',
                  ' WHERE ', v_overlap,
                  ' GROUP BY t.idAccountingResourceType, e.idResource, IF(t.discriminatorFrom = 4, e.idSub, 0)');
    RETURN REPLACE(REPLACE(v_sql, '{h0}', 'vb.h0'), '{h1}', 'vb.h1');
  ELSEIF p_use = 'fix_close' THEN
    RETURN CONCAT('UPDATE kinton_accounting.', v_table, ' e JOIN kinton_accounting.tmp_fix f',
                  ' ON f.kind = ', v_kindname, ' AND f.idEvent = e.', v_id,
                  ' SET e.stopTime = GREATEST(CAST(@accounting_fix_now AS DATETIME), e.startTime)');
  ELSEIF p_use = 'fix_mark' THEN
    RETURN CONCAT('INSERT INTO kinton_accounting.tmp_fix_mark (kind, maxId) SELECT ', v_kindname,
                  ', COALESCE(MAX(e.', v_id, '), 0) FROM kinton_accounting.', v_table, ' e');
  ELSEIF p_use = 'fix_opened' THEN
    RETURN CONCAT('INSERT INTO kinton_accounting.tmp_fix_opened (kind, idEvent, idResource, startTime)',
                  ' SELECT STRAIGHT_JOIN k.kind, e.idEvent, e.idResource, e.startTime',
                  ' FROM kinton_accounting.tmp_fix_mark k JOIN kinton_accounting.', v_view, ' e ON e.idEvent > k.maxId',
                  ' WHERE k.kind = ', v_kindname);
  ELSE
    RETURN NULL;
  END IF;
  RETURN REPLACE(REPLACE(v_sql, '{h0}', v_h0), '{h1}', v_h1);
END
