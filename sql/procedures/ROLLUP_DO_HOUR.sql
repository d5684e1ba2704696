-- ROLLUP_DO_HOUR: the work of processing one hour [p_hour, p_hour + 1h), without a result set, for
-- ROLLUP_HOUR, ROLLUP_RUN and ROLLUP_RECOMPUTE. Clients call ROLLUP_HOUR. Two kinds are kept
-- apart by name throughout: resourceKind, the event table an interval comes from (1 VM,
-- 2 reserved PM, 3 repository image or conversion, 4 external volume, 5 public IP, 6 VLAN; a
-- column of accounting_resource_type), and objectKind, name_history's kind of a named object
-- (1 enterprise, 2 datacenter, 3 VDC, 4 vApp, 5 VM, 6 PM, 7 image, 8 cost code, 9 tier,
-- 11 volume, 12 VLAN). The phases, each a section below headed "Phase N":
--   0. checks and the run lock: the hour is whole and ended, no transaction is open, the hour is
--      not below the processed floor. Reads accounting_rollup_state; takes the run lock.
--   Transaction 1, READ COMMITTED (consistent reads that lock no event row the capture triggers
--   write; writes only temporary tables, and object_name in phase 5):
--   1. types: reads accounting_resource_type and accounting_parameter; writes tmp_rollup_type,
--      the enabled types with their resourceKind and their rule (unitsFrom, discriminatorFrom,
--      rowFlag: this procedure names no type id).
--   2. names needed: reads the six event tables (the intervals overlapping the hour, through their
--      views in the common shape, rollup_fp_*); writes tmp_rollup_owner (each owner combination
--      once) and tmp_rollup_need (each resource, and each VM a volume is attached to, as an
--      (objectKind, idObject) pair). The statements, one per table, are MANAGED_TABLE_SQL's.
--   3. names: ROLLUP_DO_HOUR_NAMES, the one place of the name rule (the name valid at the hour's
--      last second, H+3599 s, or the object's first name when it was named only later, as
--      NAME_HISTORY_AT): reads name_history; writes tmp_rollup_name and the owners' names.
--   4. intervals: reads the six event tables again (the same views), tmp_rollup_owner and
--      tmp_rollup_name; writes tmp_rollup_iv, one row per interval clipped to the hour, with its
--      names, its rowFlags and the 64-bit hash of its contribution to the fingerprint (one
--      MANAGED_TABLE_SQL statement per table). An interval committed between phases 2 and 4
--      may name what phase 2 did not see: its row is marked unnamed and named in phase 5.
--   5. late names, fingerprint, paths: names the unnamed rows (phase 3's rule, again), interns
--      hypervisor types object_name lacks, computes the fingerprint, and writes
--      tmp_rollup_partial (the resources that take the grouped path).
--   Transaction 2 (the hour itself; writes only the rollup's own tables):
--   6. detail: reads tmp_rollup_type, tmp_rollup_iv; writes tmp_rollup_delta (the hour's old
--      share, from its hourly summary) and replaces the hour's accounting_event_detail rows (one
--      ungrouped statement for the resources held the whole hour, one grouped statement for the
--      few that changed within it).
--   7. summaries: reads tmp_rollup_iv and the detail rows just written; writes the hour's
--      accounting_summary_hourly rows and adds (new - old) to the daily and monthly summaries
--      (MANAGED_TABLE_SQL's summary_add and summary_prune, one text for both).
--   8. ledger: writes the ledger row (the claim that the hour is processed), saving the previous
--      one to the history when the hour's fingerprint or totals changed. Then COMMIT.
-- Holds the run lock (RUN_LOCK_TAKE, re-entrant per connection) while it works.
-- Errors: 30200 ROLLUP_BAD_HOUR, 30201 ROLLUP_LOCKED, 30202 ROLLUP_BELOW_FLOOR, 30203 ROLLUP_IN_TRANSACTION,
-- 30208 ROLLUP_FUTURE_HOUR (an hour that has not ended by the server clock).
-- Example: CALL kinton_accounting.ROLLUP_DO_HOUR('2026-01-05 13:00:00', @rows, @status);
CREATE OR REPLACE PROCEDURE kinton_accounting.ROLLUP_DO_HOUR(
  IN p_hour DATETIME,
  OUT p_rows INT UNSIGNED,
  OUT p_status VARCHAR(16)
)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Processes one hour atomically (internal: ROLLUP_HOUR is the public entry). OUT: detail rows, new|changed|unchanged'
BEGIN
  DECLARE v_autocommit TINYINT DEFAULT NULL;
  DECLARE v_hour DATETIME;
  DECLARE v_end DATETIME;
  DECLARE v_at DATETIME;
  DECLARE v_locked TINYINT DEFAULT 0;
  DECLARE v_t0 DATETIME(6);
  DECLARE v_msg VARCHAR(512);
  DECLARE v_rows INT UNSIGNED DEFAULT 0;
  DECLARE v_units DECIMAL(38,0) DEFAULT 0;
  DECLARE v_unit_seconds DECIMAL(38,0) DEFAULT 0;
  DECLARE v_fp_count INT UNSIGNED DEFAULT 0;
  DECLARE v_fp_seconds BIGINT UNSIGNED DEFAULT 0;
  DECLARE v_fp_hash BIGINT UNSIGNED DEFAULT 0;
  DECLARE v_existed TINYINT DEFAULT 0;
  DECLARE v_changed INT DEFAULT 0;
  DECLARE v_old_rows INT UNSIGNED;
  DECLARE v_unnamed INT UNSIGNED DEFAULT 0;
  DECLARE v_new_hypervisors INT UNSIGNED DEFAULT 0;
  DECLARE v_frag_unit VARCHAR(16) DEFAULT NULL;
  DECLARE v_frag_size INT UNSIGNED DEFAULT NULL;
  DECLARE v_n BIGINT;

  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    ROLLBACK;
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_type, kinton_accounting.tmp_rollup_owner,
      kinton_accounting.tmp_rollup_partial, kinton_accounting.tmp_rollup_need, kinton_accounting.tmp_rollup_name,
      kinton_accounting.tmp_rollup_iv, kinton_accounting.tmp_rollup_delta;
    CALL kinton_accounting.JOB_LEAVE(v_locked, v_autocommit);
    IF v_frag_unit IS NOT NULL THEN
      SET SESSION wsrep_trx_fragment_unit = v_frag_unit, SESSION wsrep_trx_fragment_size = v_frag_size;
    END IF;
    RESIGNAL;
  END;


  -- Phase 0: checks and the run lock.
  SET p_rows = NULL, p_status = NULL;
  IF p_hour IS NULL OR p_hour <> TIMESTAMP(DATE(p_hour), MAKETIME(HOUR(p_hour), 0, 0)) THEN
    SET v_msg = CONCAT('ROLLUP_BAD_HOUR: an hour starts on a whole UTC hour, got ', COALESCE(p_hour, 'NULL'));
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30200, MESSAGE_TEXT = v_msg;
  END IF;
  -- Outside any transaction, with autocommit on (the session's setting comes back on the way out).
  CALL kinton_accounting.JOB_ENTER('rollup', v_autocommit);
  SET v_hour = p_hour;
  SET v_end = v_hour + INTERVAL 1 HOUR;
  SET v_at = v_end - INTERVAL 1 SECOND;
  IF v_end > UTC_TIMESTAMP() THEN
    -- an hour is billed once it has ended by the server clock (SET TIMESTAMP moves it for a session)
    SET v_msg = CONCAT('ROLLUP_FUTURE_HOUR: hour ', v_hour, ' has not ended by the server clock ', UTC_TIMESTAMP());
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30208, MESSAGE_TEXT = v_msg;
  END IF;

  CALL kinton_accounting.RUN_LOCK_REQUIRE('rollup', v_locked);

  CALL kinton_accounting.ROLLUP_FLOOR_CHECK(v_hour);

  SET v_t0 = SYSDATE(6);

  -- Temporary tables of the phases below (created here, outside both transactions).

  -- The enabled types, the event table each is read from and its rule (accounting_resource_type:
  -- resourceKind, unitsFrom, discriminatorFrom, rowFlag).
  DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_type;
  CREATE TEMPORARY TABLE kinton_accounting.tmp_rollup_type (
    id TINYINT UNSIGNED NOT NULL,
    resourceKind TINYINT UNSIGNED NOT NULL,
    unitsFrom TINYINT UNSIGNED NOT NULL,
    discriminatorFrom TINYINT UNSIGNED NOT NULL,
    rowFlag TINYINT UNSIGNED NOT NULL,
    PRIMARY KEY (id)
  ) ENGINE=InnoDB;

  -- The owner combinations, the name pairs, the names, the intervals, the hour's change per
  -- summary key (MANAGED_TABLE_TEMP says each).
  CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_rollup_owner');
  CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_rollup_need');
  CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_rollup_name');
  CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_rollup_iv');
  CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_rollup_delta');

  -- Resources with an interval that does not cover the hour (they may have several).
  DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_partial;
  CREATE TEMPORARY TABLE kinton_accounting.tmp_rollup_partial (
    resourceKind TINYINT UNSIGNED NOT NULL,
    idResource INT UNSIGNED NOT NULL,
    idSub INT UNSIGNED NOT NULL,
    PRIMARY KEY (resourceKind, idResource, idSub)
  ) ENGINE=InnoDB;

  -- On a Galera cluster the hour's transaction (about 7 detail rows per VM) replicates in
  -- fragments of 10,000 rows as it goes (streaming replication), so the other nodes apply it in
  -- pieces instead of one large write set at COMMIT, which stalls every commit on them meanwhile
  -- (measured in docs/galera.md). Here, so every path that writes an hour (ROLLUP_RUN, the tool's
  -- ROLLUP_HOUR, ROLLUP_RECOMPUTE) streams; the session's settings come back on the way out.
  IF @@wsrep_on <=> 1 THEN
    SET v_frag_unit = @@SESSION.wsrep_trx_fragment_unit, v_frag_size = @@SESSION.wsrep_trx_fragment_size;
    SET SESSION wsrep_trx_fragment_unit = 'rows', SESSION wsrep_trx_fragment_size = 10000;
  END IF;

  -- Transaction 1: read the hour's events. READ COMMITTED: consistent reads, no shared locks on
  -- the rows the capture triggers write. Writes only temporary tables and interns new hypervisor
  -- types (object_name is shared with the capture: never written by the hour's transaction).
  SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
  START TRANSACTION;

  -- Phase 1: types. The enabled types that have a source (resourceKind set).
  INSERT INTO kinton_accounting.tmp_rollup_type (id, resourceKind, unitsFrom, discriminatorFrom, rowFlag)
  SELECT t.idAccountingResourceType, t.resourceKind, t.unitsFrom, t.discriminatorFrom, t.rowFlag
  FROM kinton_accounting.accounting_resource_type t
  JOIN kinton_accounting.accounting_parameter p ON p.name = t.enabledParameter
  WHERE TRIM(p.value) IN ('1', 'true', 'on', 'yes')
    AND t.resourceKind IS NOT NULL;

  -- Phase 2: names needed. The owners, datacenters, cost codes and tiers the hour's intervals
  -- name, once per combination, and the resources (and the VMs volumes are attached to) as
  -- name_history pairs: narrow reads of each event table (MANAGED_TABLE_SQL writes them), so
  -- that names are resolved per object, not per interval.
  SET @accounting_rollup_hour = v_hour, @accounting_rollup_end = v_end;
  CALL kinton_accounting.MANAGED_TABLE_EXEC_EVENTS('rollup_owner', v_n);
  CALL kinton_accounting.MANAGED_TABLE_EXEC_EVENTS('rollup_need', v_n);
  CALL kinton_accounting.MANAGED_TABLE_EXEC_EVENTS('rollup_attached', v_n);

  -- Phase 3: names, by the one rule (ROLLUP_DO_HOUR_NAMES): every pair needed, and each owner
  -- combination's names.
  CALL kinton_accounting.ROLLUP_DO_HOUR_NAMES(v_at);

  -- Phase 4: intervals, one statement per event table over its view (MANAGED_TABLE_SQL's
  -- rollup_interval): names from phase 3 only, and each interval's fingerprint contribution,
  -- the same hash ROLLUP_DO_PLAN's recheck computes.
  CALL kinton_accounting.MANAGED_TABLE_EXEC_EVENTS('rollup_interval', v_n);

  -- Phase 5: late names, fingerprint, paths.
  -- One scan: the fingerprint, the rows left unnamed, the VM rows whose hypervisor type has no id.
  SELECT COUNT(*), COALESCE(SUM(secs), 0), COALESCE(BIT_XOR(fp), 0), COALESCE(SUM(named = 0), 0),
         COALESCE(SUM(idHypervisorType IS NULL), 0)
    INTO v_fp_count, v_fp_seconds, v_fp_hash, v_unnamed, v_new_hypervisors
  FROM kinton_accounting.tmp_rollup_iv;

  -- Rows whose interval committed after phase 2 read its table may name an owner combination or
  -- a resource phase 3 did not resolve (rare): resolve those by the same rule, then name the rows
  -- as phase 4 would have. Each column comes from the same place as there: the owner
  -- combination's names (0 where a kind has no such owner, never named), the resource's name (an
  -- IP's is its address), the attached VM's name for a volume.
  IF v_unnamed > 0 THEN
    INSERT IGNORE INTO kinton_accounting.tmp_rollup_owner
      (idEnterprise, idVirtualDataCenter, idVirtualApp, idDataCenter, costCode, idTier)
    SELECT DISTINCT i.idEnterprise, i.idVirtualDataCenter, i.idVirtualApp, COALESCE(i.idDataCenter, 0),
           COALESCE(i.costCode, 0), COALESCE(i.idTier, 0)
    FROM kinton_accounting.tmp_rollup_iv i
    WHERE i.named = 0;
    INSERT IGNORE INTO kinton_accounting.tmp_rollup_need (objectKind, idObject)
    SELECT i.nameKind, i.idResource
    FROM kinton_accounting.tmp_rollup_iv i
    WHERE i.named = 0 AND i.nameKind IS NOT NULL;
    -- The VM a row is about (a volume's, or a VM row's own: the same pair as its resource).
    INSERT IGNORE INTO kinton_accounting.tmp_rollup_need (objectKind, idObject)
    SELECT 5, i.idVirtualMachine
    FROM kinton_accounting.tmp_rollup_iv i
    WHERE i.named = 0 AND i.idVirtualMachine <> 0;
    CALL kinton_accounting.ROLLUP_DO_HOUR_NAMES(v_at);
    UPDATE kinton_accounting.tmp_rollup_iv i
    JOIN kinton_accounting.tmp_rollup_owner w
      ON w.idEnterprise = i.idEnterprise AND w.idVirtualDataCenter = i.idVirtualDataCenter
      AND w.idVirtualApp = i.idVirtualApp AND w.idDataCenter = COALESCE(i.idDataCenter, 0)
      AND w.costCode = COALESCE(i.costCode, 0) AND w.idTier = COALESCE(i.idTier, 0)
    LEFT JOIN kinton_accounting.tmp_rollup_name r
      ON r.objectKind = i.nameKind AND r.idObject = i.idResource
    LEFT JOIN kinton_accounting.tmp_rollup_name v
      ON v.objectKind = 5 AND v.idObject = i.idVirtualMachine AND i.idVirtualMachine <> 0
    SET i.resourceName = IF(i.nameKind IS NULL, i.resourceName, r.name),
        i.enterpriseName = w.entName, i.vdcName = w.vdcName, i.vappName = w.vappName,
        i.vmName = v.name, i.dcName = w.dcName, i.costCodeName = w.ccName, i.tierName = w.tierName,
        i.named = 1
    WHERE i.named = 0;
  END IF;

  -- Intern hypervisor types seen for the first time (type 7's discriminator). Rare.
  IF v_new_hypervisors > 0 AND EXISTS (SELECT 1 FROM kinton_accounting.tmp_rollup_type WHERE discriminatorFrom = 1) THEN
    INSERT IGNORE INTO kinton_accounting.object_name (name)
    SELECT DISTINCT i.hypervisorType FROM kinton_accounting.tmp_rollup_iv i
    WHERE i.idHypervisorType IS NULL;
    UPDATE kinton_accounting.tmp_rollup_iv i
    JOIN kinton_accounting.object_name o ON o.name = i.hypervisorType
    SET i.idHypervisorType = o.idObjectName
    WHERE i.idHypervisorType IS NULL;
  END IF;

  -- A resource with an interval that does not cover the hour may have several: all its intervals
  -- take the grouped path. Two intervals of one resource cannot both cover the hour when the
  -- capture wrote them (it never lets a resource's intervals overlap), but rows written before it
  -- clamped a stepped-back clock, or by hand, may: those take the grouped path too, so the hour
  -- is still written (one row per key), never refused with a duplicate key. verify reports them.
  INSERT INTO kinton_accounting.tmp_rollup_partial (resourceKind, idResource, idSub)
  SELECT DISTINCT i.resourceKind, i.idResource, i.idSub FROM kinton_accounting.tmp_rollup_iv i
  WHERE i.isFast = 0;
  INSERT IGNORE INTO kinton_accounting.tmp_rollup_partial (resourceKind, idResource, idSub)
  SELECT i.resourceKind, i.idResource, i.idSub FROM kinton_accounting.tmp_rollup_iv i
  WHERE i.isFast = 1
  GROUP BY i.resourceKind, i.idResource, i.idSub
  HAVING COUNT(*) > 1;
  UPDATE kinton_accounting.tmp_rollup_partial p
  JOIN kinton_accounting.tmp_rollup_iv i
    ON i.isFast = 1 AND i.resourceKind = p.resourceKind AND i.idResource = p.idResource AND i.idSub = p.idSub
  SET i.isFast = 0;

  COMMIT;

  -- Transaction 2: the hour itself. Writes only the rollup's tables.
  SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
  START TRANSACTION;

  -- Phase 6: detail. The hour's old share, from its hourly summary (no need to re-read its detail rows).
  INSERT INTO kinton_accounting.tmp_rollup_delta
    (idAccountingResourceType, idEnterprise, idVirtualDataCenter, oldUnits, oldUnitSeconds, oldRows)
  SELECT h.idAccountingResourceType, h.idEnterprise, h.idVirtualDataCenter,
         h.resourceUnits, h.unitSeconds, h.detailRows
  FROM kinton_accounting.accounting_summary_hourly h
  WHERE h.starttime = v_hour;

  DELETE FROM kinton_accounting.accounting_event_detail WHERE starttime = v_hour;
  DELETE FROM kinton_accounting.accounting_summary_hourly WHERE starttime = v_hour;

  -- Resources held the whole hour: one row per (type, interval), no grouping. The type table
  -- drives the join, so rows arrive in primary key order (type, then resource).
  INSERT INTO kinton_accounting.accounting_event_detail
    (starttime, endTime, idAccountingResourceType, idResource, idEnterprise, idVirtualDataCenter,
     idVirtualApp, idDiscriminator, resourceName, resourceUnits, usageSeconds, unitSeconds,
     idVirtualMachine, enterpriseName, virtualDataCenter, virtualApp, virtualmachine, costCode,
     costCodeName, idStorageTier, storageTierName, idDataCenter, dataCenterName, idHardwareProfile,
     idAccountingEvent, hypervisorType, region, internal_provider_id, account_id)
  SELECT STRAIGHT_JOIN v_hour, v_end, t.id, i.idResource, i.idEnterprise, i.idVirtualDataCenter,
    i.idVirtualApp,
    CASE t.discriminatorFrom WHEN 1 THEN i.idHypervisorType WHEN 2 THEN i.costCode
              WHEN 3 THEN COALESCE(i.idTier, 0) WHEN 4 THEN i.idSub ELSE 0 END,
    CASE t.discriminatorFrom WHEN 1 THEN i.hypervisorType WHEN 2 THEN i.costCodeName
              WHEN 3 THEN i.tierName ELSE i.resourceName END,
    CASE t.unitsFrom WHEN 1 THEN i.u1 WHEN 2 THEN i.u2 WHEN 3 THEN i.u3 ELSE 1 END,
    i.secs,
    CAST(CASE t.unitsFrom WHEN 1 THEN i.u1 WHEN 2 THEN i.u2 WHEN 3 THEN i.u3 ELSE 1 END AS DECIMAL(38,0)) * i.secs,
    i.idVirtualMachine, i.enterpriseName, i.vdcName, i.vappName, i.vmName,
    i.costCode, i.costCodeName, i.idTier, i.tierName, i.idDataCenter, i.dcName, i.idHardwareProfile,
    i.idEvent, i.hypervisorType, i.region, i.internal_provider_id, i.account_id
  FROM kinton_accounting.tmp_rollup_type t
  JOIN kinton_accounting.tmp_rollup_iv i ON i.isFast = 1 AND i.resourceKind = t.resourceKind
  WHERE (i.rowFlags & t.rowFlag) <> 0;

  -- Resources with more than one interval, or one that does not cover the hour: grouped per
  -- detail key. MAX units, summed seconds and units x seconds; everything else from the key's
  -- last interval (largest clipped start, then largest event id).
  INSERT INTO kinton_accounting.accounting_event_detail
    (starttime, endTime, idAccountingResourceType, idResource, idEnterprise, idVirtualDataCenter,
     idVirtualApp, idDiscriminator, resourceName, resourceUnits, usageSeconds, unitSeconds,
     idVirtualMachine, enterpriseName, virtualDataCenter, virtualApp, virtualmachine, costCode,
     costCodeName, idStorageTier, storageTierName, idDataCenter, dataCenterName, idHardwareProfile,
     idAccountingEvent, hypervisorType, region, internal_provider_id, account_id)
  SELECT v_hour, v_end, z.typeId, z.idResource, z.idEnterprise, z.idVirtualDataCenter, z.idVirtualApp,
    z.disc, z.rname, z.maxUnits, z.sumSecs, z.sumUnitSeconds, z.idVirtualMachine, z.enterpriseName,
    z.vdcName, z.vappName, z.vm, z.costCode, z.costCodeName, z.idTier, z.tierName, z.idDataCenter,
    z.dcName, z.idHardwareProfile, z.idEvent, z.hypervisorType, z.region, z.internal_provider_id,
    z.account_id
  FROM (
    SELECT y.*,
      MAX(y.units) OVER w AS maxUnits,
      SUM(y.secs) OVER w AS sumSecs,
      SUM(CAST(y.units AS DECIMAL(38,0)) * y.secs) OVER w AS sumUnitSeconds,
      ROW_NUMBER() OVER (w ORDER BY y.cs DESC, y.idEvent DESC) AS rn
    FROM (
      SELECT t.id AS typeId, i.idResource, i.idEnterprise, i.idVirtualDataCenter, i.idVirtualApp,
        CASE t.discriminatorFrom WHEN 1 THEN i.idHypervisorType WHEN 2 THEN i.costCode
                  WHEN 3 THEN COALESCE(i.idTier, 0) WHEN 4 THEN i.idSub ELSE 0 END AS disc,
        CASE t.discriminatorFrom WHEN 1 THEN i.hypervisorType WHEN 2 THEN i.costCodeName
                  WHEN 3 THEN i.tierName ELSE i.resourceName END AS rname,
        CASE t.unitsFrom WHEN 1 THEN i.u1 WHEN 2 THEN i.u2 WHEN 3 THEN i.u3 ELSE 1 END AS units,
        i.secs, i.cs, i.idEvent, i.idVirtualMachine, i.enterpriseName, i.vdcName, i.vappName,
        i.vmName AS vm,
        i.costCode, i.costCodeName, i.idTier, i.tierName, i.idDataCenter, i.dcName,
        i.idHardwareProfile, i.hypervisorType, i.region, i.internal_provider_id, i.account_id
      FROM kinton_accounting.tmp_rollup_type t
      JOIN kinton_accounting.tmp_rollup_iv i ON i.isFast = 0 AND i.resourceKind = t.resourceKind
      WHERE (i.rowFlags & t.rowFlag) <> 0
    ) y
    WINDOW w AS (PARTITION BY y.typeId, y.idResource, y.idEnterprise, y.idVirtualDataCenter,
                              y.idVirtualApp, y.disc)
  ) z
  WHERE z.rn = 1;

  -- Phase 7: summaries. The hour's new share: the sums, row counts and names of the rows just written (all rows of
  -- one enterprise and VDC carry the same names, valid at H+3599 s; taken from the rows, not from
  -- tmp_rollup_owner, which holds every combination read, not only those written: HOURLY_USAGE_SUM_VW
  -- reads these names). Not re-read from the
  -- detail table (a million rows): the ungrouped rows are summed from the temporary table, whose
  -- intervals are first grouped by the attributes that decide which types they count in, then
  -- expanded per type (the same units, seconds and conditions as the ungrouped insert); the
  -- grouped rows (MAX units per key) are read back from the detail table by key, for the
  -- resources that took that path. Additive: a key both paths write gets both shares (one
  -- statement over both, its rows added up by ON DUPLICATE KEY UPDATE).
  INSERT INTO kinton_accounting.tmp_rollup_delta
    (idAccountingResourceType, idEnterprise, idVirtualDataCenter, newUnits, newUnitSeconds, newRows,
     entName, vdcName)
  SELECT g.gType, g.gEnterprise, g.gVdc, g.gUnits, g.gUnitSeconds, g.gRows, g.gEntName, g.gVdcName
  FROM (
    SELECT STRAIGHT_JOIN t.id AS gType, a.idEnterprise AS gEnterprise, a.idVirtualDataCenter AS gVdc,
      SUM(CASE t.unitsFrom WHEN 1 THEN a.su1 WHEN 2 THEN a.su2 WHEN 3 THEN a.su3 ELSE a.n END) AS gUnits,
      SUM(CASE t.unitsFrom WHEN 1 THEN a.sus1 WHEN 2 THEN a.sus2 WHEN 3 THEN a.sus3 ELSE a.ssecs END) AS gUnitSeconds,
      SUM(a.n) AS gRows, MAX(a.entName) AS gEntName, MAX(a.vdcName) AS gVdcName
    FROM (
      SELECT i.resourceKind, i.idEnterprise, i.idVirtualDataCenter, i.rowFlags, COUNT(*) AS n,
        SUM(i.u1) AS su1, SUM(i.u2) AS su2, SUM(i.u3) AS su3, SUM(i.secs) AS ssecs,
        SUM(CAST(i.u1 AS DECIMAL(38,0)) * i.secs) AS sus1,
        SUM(CAST(i.u2 AS DECIMAL(38,0)) * i.secs) AS sus2,
        SUM(CAST(i.u3 AS DECIMAL(38,0)) * i.secs) AS sus3,
        MAX(i.enterpriseName) AS entName, MAX(i.vdcName) AS vdcName
      FROM kinton_accounting.tmp_rollup_iv i
      WHERE i.isFast = 1
      GROUP BY i.resourceKind, i.idEnterprise, i.idVirtualDataCenter, i.rowFlags
    ) a
    JOIN kinton_accounting.tmp_rollup_type t ON t.resourceKind = a.resourceKind
    WHERE (a.rowFlags & t.rowFlag) <> 0
    GROUP BY t.id, a.idEnterprise, a.idVirtualDataCenter
    UNION ALL
    SELECT STRAIGHT_JOIN d.idAccountingResourceType AS gType, d.idEnterprise AS gEnterprise,
           d.idVirtualDataCenter AS gVdc, SUM(d.resourceUnits) AS gUnits,
           SUM(d.unitSeconds) AS gUnitSeconds, COUNT(*) AS gRows,
           MAX(d.enterpriseName) AS gEntName, MAX(d.virtualDataCenter) AS gVdcName
    FROM kinton_accounting.tmp_rollup_partial p
    JOIN kinton_accounting.tmp_rollup_type t ON t.resourceKind = p.resourceKind
    JOIN kinton_accounting.accounting_event_detail d
      ON d.starttime = v_hour AND d.idAccountingResourceType = t.id AND d.idResource = p.idResource
    WHERE t.discriminatorFrom <> 4 OR d.idDiscriminator = p.idSub
    GROUP BY d.idAccountingResourceType, d.idEnterprise, d.idVirtualDataCenter
  ) g
  ON DUPLICATE KEY UPDATE
    newUnits = newUnits + VALUES(newUnits), newUnitSeconds = newUnitSeconds + VALUES(newUnitSeconds),
    newRows = newRows + VALUES(newRows),
    entName = IF(entName IS NULL OR VALUES(entName) > entName, VALUES(entName), entName),
    vdcName = IF(vdcName IS NULL OR VALUES(vdcName) > vdcName, VALUES(vdcName), vdcName);

  INSERT INTO kinton_accounting.accounting_summary_hourly
    (starttime, idEnterprise, idVirtualDataCenter, idAccountingResourceType, resourceUnits,
     unitSeconds, detailRows, enterpriseName, virtualDataCenter)
  SELECT v_hour, d.idEnterprise, d.idVirtualDataCenter, d.idAccountingResourceType, d.newUnits,
         d.newUnitSeconds, d.newRows, d.entName, d.vdcName
  FROM kinton_accounting.tmp_rollup_delta d
  WHERE d.newRows > 0;

  SELECT COALESCE(SUM(newRows), 0), COALESCE(SUM(newUnits), 0), COALESCE(SUM(newUnitSeconds), 0)
    INTO v_rows, v_units, v_unit_seconds
  FROM kinton_accounting.tmp_rollup_delta;

  -- Summaries: add (new - old) to the hour's day and month (MANAGED_TABLE_SQL's summary_add),
  -- then drop the rows of either left with no detail row.
  CALL kinton_accounting.MANAGED_TABLE_EXEC('accounting_summary_daily', 'summary_add', NULL, NULL, v_n);
  CALL kinton_accounting.MANAGED_TABLE_EXEC('accounting_summary_daily', 'summary_prune', NULL, NULL, v_n);
  CALL kinton_accounting.MANAGED_TABLE_EXEC('accounting_summary_monthly', 'summary_add', NULL, NULL, v_n);
  CALL kinton_accounting.MANAGED_TABLE_EXEC('accounting_summary_monthly', 'summary_prune', NULL, NULL, v_n);

  -- Phase 8: ledger. Keep the previous version when the hour changed, then write this one.
  SET v_existed = EXISTS (SELECT 1 FROM kinton_accounting.accounting_rollup_ledger l
                          WHERE l.starttime = v_hour);
  SET v_old_rows = (SELECT l.detailRows FROM kinton_accounting.accounting_rollup_ledger l
                    WHERE l.starttime = v_hour);
  INSERT INTO kinton_accounting.accounting_rollup_ledger_history
    (starttime, replacedAt, processedAt, runs, detailRows, resourceUnits, unitSeconds, durationMicros,
     fpCount, fpSeconds, fpHash)
  SELECT l.starttime, UTC_TIMESTAMP(), l.processedAt, l.runs, l.detailRows, l.resourceUnits,
         l.unitSeconds, l.durationMicros, l.fpCount, l.fpSeconds, l.fpHash
  FROM kinton_accounting.accounting_rollup_ledger l
  WHERE l.starttime = v_hour
    AND (l.fpCount <> v_fp_count OR l.fpSeconds <> v_fp_seconds OR l.fpHash <> v_fp_hash
         OR l.detailRows <> v_rows OR l.resourceUnits <> v_units OR l.unitSeconds <> v_unit_seconds);
  SET v_changed = ROW_COUNT();

  INSERT INTO kinton_accounting.accounting_rollup_ledger
    (starttime, processedAt, runs, detailRows, resourceUnits, unitSeconds, durationMicros,
     fpCount, fpSeconds, fpHash)
  VALUES (v_hour, UTC_TIMESTAMP(), 1, v_rows, v_units, v_unit_seconds,
          TIMESTAMPDIFF(MICROSECOND, v_t0, SYSDATE(6)), v_fp_count, v_fp_seconds, v_fp_hash)
  ON DUPLICATE KEY UPDATE
    processedAt = VALUES(processedAt), runs = runs + 1, detailRows = VALUES(detailRows),
    resourceUnits = VALUES(resourceUnits), unitSeconds = VALUES(unitSeconds),
    durationMicros = VALUES(durationMicros), fpCount = VALUES(fpCount),
    fpSeconds = VALUES(fpSeconds), fpHash = VALUES(fpHash);

  IF v_changed > 0 THEN
    CALL kinton_accounting.LOG_WRITE('INFO', 'rollup',
      CONCAT('hour ', v_hour, ' changed and was reprocessed: detail rows ', v_old_rows, ' -> ', v_rows));
  END IF;

  COMMIT;

  DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_type, kinton_accounting.tmp_rollup_owner,
    kinton_accounting.tmp_rollup_partial, kinton_accounting.tmp_rollup_need, kinton_accounting.tmp_rollup_name,
    kinton_accounting.tmp_rollup_iv, kinton_accounting.tmp_rollup_delta;
  SET @accounting_rollup_hour = NULL, @accounting_rollup_end = NULL;
  CALL kinton_accounting.RUN_LOCK_RELEASE();
  SET v_locked = 0;

  SET p_rows = v_rows;
  SET p_status = IF(v_existed = 0, 'new', IF(v_changed > 0, 'changed', 'unchanged'));
  SET autocommit = v_autocommit;
  IF v_frag_unit IS NOT NULL THEN
    SET SESSION wsrep_trx_fragment_unit = v_frag_unit, SESSION wsrep_trx_fragment_size = v_frag_size;
  END IF;
END
