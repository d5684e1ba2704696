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
-- The fingerprint string is CONCAT_WS('|', fpTag, idEvent, <clipped interval>, fpSnap) of the
-- event's fingerprintView (rollup_fp_*), clipped as ROLLUP_DO_HOUR's phase 4 clips it.
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
  DECLARE v_kind TINYINT UNSIGNED;
  -- The window of a recheck, and the clipped interval of an event in hour h (its fingerprint part).
  DECLARE v_w0 VARCHAR(64) DEFAULT 'CAST(@accounting_fp_w0 AS DATETIME)';
  DECLARE v_w1 VARCHAR(64) DEFAULT 'CAST(@accounting_fp_w1 AS DATETIME)';
  DECLARE v_clip VARCHAR(512) DEFAULT
    'IF(e.startTime <= h.starttime AND (e.stopTime IS NULL OR e.stopTime >= h.hourEnd), ''full'',
        CONCAT(GREATEST(e.startTime, h.starttime), ''/'', LEAST(COALESCE(e.stopTime, h.hourEnd), h.hourEnd)))';

  SELECT m.tableName, m.purgeCondition, m.purgeOrderBy, m.resourceKind, m.eventIdColumn, m.eventIndex, m.fingerprintView
    INTO v_table, v_cond, v_order, v_kind, v_id, v_index, v_view
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
  ELSEIF p_use = 'fp_whole' THEN
    -- Covering the whole window: 'full' in every hour of it, one read, added to each hour.
    RETURN CONCAT('INSERT INTO kinton_accounting.tmp_rollup_fp (starttime, fpCount, fpSeconds, fpHash)',
                  ' SELECT h.starttime, x.n, 3600 * x.n, x.fp',
                  ' FROM kinton_accounting.tmp_rollup_window h,',
                  ' (SELECT COUNT(*) AS n, COALESCE(BIT_XOR((CRC32(s) << 32) | CRC32C(s)), 0) AS fp',
                  ' FROM (SELECT CONCAT_WS(''|'', e.fpTag, e.idEvent, ''full'', e.fpSnap) AS s',
                  ' FROM kinton_accounting.', v_view, ' e',
                  ' WHERE e.startTime <= ', v_w0, ' AND (e.stopTime IS NULL OR e.stopTime >= ', v_w1, ')) y) x',
                  ' ON DUPLICATE KEY UPDATE fpCount = fpCount + VALUES(fpCount),',
                  ' fpSeconds = fpSeconds + VALUES(fpSeconds), fpHash = fpHash ^ VALUES(fpHash)');
  ELSEIF p_use = 'fp_partial' THEN
    RETURN CONCAT('INSERT INTO kinton_accounting.tmp_rollup_fp (starttime, fpCount, fpSeconds, fpHash)',
                  ' SELECT x.starttime, COUNT(*), SUM(TIMESTAMPDIFF(SECOND, x.cs, x.ce)),',
                  ' BIT_XOR((CRC32(x.s) << 32) | CRC32C(x.s))',
                  ' FROM (SELECT STRAIGHT_JOIN h.starttime,',
                  ' GREATEST(e.startTime, h.starttime) AS cs,',
                  ' LEAST(COALESCE(e.stopTime, h.hourEnd), h.hourEnd) AS ce,',
                  ' CONCAT_WS(''|'', e.fpTag, e.idEvent, ', v_clip, ', e.fpSnap) AS s',
                  ' FROM kinton_accounting.', v_view, ' e',
                  ' JOIN kinton_accounting.tmp_rollup_window h',
                  ' ON h.starttime > e.startTime - INTERVAL 1 HOUR AND (e.stopTime IS NULL OR h.starttime < e.stopTime)',
                  ' WHERE ((e.startTime > ', v_w0, ' AND e.startTime < ', v_w1,
                  ' AND (e.stopTime IS NULL OR e.stopTime > e.startTime))',
                  ' OR (e.startTime <= ', v_w0, ' AND e.stopTime > ', v_w0, ' AND e.stopTime < ', v_w1, '))) x',
                  ' GROUP BY x.starttime',
                  ' ON DUPLICATE KEY UPDATE fpCount = fpCount + VALUES(fpCount),',
                  ' fpSeconds = fpSeconds + VALUES(fpSeconds), fpHash = fpHash ^ VALUES(fpHash)');
  END IF;
  RETURN NULL;
END
