-- MANAGED_TABLE_TEMP: (re)creates, empty, the temporary table p_name that the per-table
-- statements of MANAGED_TABLE_SQL write or read, so that each is declared once:
--   tmp_purge_ids      the event ids a purge batch picked (id)
--   tmp_rollup_cons    the event ids a consolidation picked, numbered for batches (n, id)
--   tmp_rollup_window  the processed hours a recheck looks at (starttime, hourEnd)
--   tmp_rollup_fp      their fingerprints recomputed from the events (starttime, fpCount,
--                      fpSeconds, fpHash)
--   tmp_rollup_owner   the owner combinations an hour's intervals name, with their names
--   tmp_rollup_need    the (objectKind, idObject) name pairs an hour needs and has not resolved
--   tmp_rollup_name    their names (ROLLUP_DO_HOUR_NAMES)
--   tmp_rollup_iv      one row per interval overlapping the hour, clipped to it, with its names
--   tmp_rollup_delta   the hour's old and new sums per (type, enterprise, VDC), for the summaries
--   tmp_verify_us      unit-seconds per (type, resource) from the intervals and from the detail
--   tmp_fix            the open rows VERIFY_FIX closes, with why
--   tmp_fix_mark       each event table's highest event id before the fix opens rows
--   tmp_fix_opened     the rows the fix opened
-- Internal: PURGE_DO_BATCH, ROLLUP_DO_CONSOLIDATE, ROLLUP_DO_PLAN, ROLLUP_DO_HOUR, VERIFY_HISTORY,
-- VERIFY_FIX and MANAGED_TABLE_CHECK call it.
-- Errors: 30400 MANAGED_TABLE_UNKNOWN (no such temporary table).
-- Example: CALL kinton_accounting.MANAGED_TABLE_TEMP('tmp_purge_ids');
CREATE OR REPLACE PROCEDURE kinton_accounting.MANAGED_TABLE_TEMP(IN p_name VARCHAR(64))
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Creates, empty, a temporary table of the per-table statements (internal)'
BEGIN
  DECLARE v_msg VARCHAR(512);
  IF p_name = 'tmp_purge_ids' THEN
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_purge_ids;
    CREATE TEMPORARY TABLE kinton_accounting.tmp_purge_ids (
      id BIGINT UNSIGNED NOT NULL,
      PRIMARY KEY (id)
    ) ENGINE=InnoDB;
  ELSEIF p_name = 'tmp_rollup_cons' THEN
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_cons;
    CREATE TEMPORARY TABLE kinton_accounting.tmp_rollup_cons (
      n BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      id BIGINT UNSIGNED NOT NULL,
      PRIMARY KEY (n)
    ) ENGINE=InnoDB;
  ELSEIF p_name = 'tmp_rollup_window' THEN
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_window;
    CREATE TEMPORARY TABLE kinton_accounting.tmp_rollup_window (
      starttime DATETIME NOT NULL,
      hourEnd DATETIME NOT NULL,
      PRIMARY KEY (starttime)
    ) ENGINE=InnoDB;
  ELSEIF p_name = 'tmp_rollup_fp' THEN
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_fp;
    CREATE TEMPORARY TABLE kinton_accounting.tmp_rollup_fp (
      starttime DATETIME NOT NULL,
      fpCount BIGINT UNSIGNED NOT NULL,
      fpSeconds BIGINT UNSIGNED NOT NULL,
      fpHash BIGINT UNSIGNED NOT NULL,
      PRIMARY KEY (starttime)
    ) ENGINE=InnoDB;
  ELSEIF p_name = 'tmp_rollup_owner' THEN
    -- Owner combinations (0 where an interval has no such owner), with their names (valid at the
    -- hour's last second), so that each interval finds all of them in one lookup.
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_owner;
    CREATE TEMPORARY TABLE kinton_accounting.tmp_rollup_owner (
      idEnterprise INT UNSIGNED NOT NULL,
      idVirtualDataCenter INT UNSIGNED NOT NULL,
      idVirtualApp INT UNSIGNED NOT NULL,
      idDataCenter INT UNSIGNED NOT NULL,
      costCode INT UNSIGNED NOT NULL,
      idTier INT UNSIGNED NOT NULL,
      entName VARCHAR(255) NULL,
      vdcName VARCHAR(255) NULL,
      vappName VARCHAR(255) NULL,
      dcName VARCHAR(255) NULL,
      ccName VARCHAR(255) NULL,
      tierName VARCHAR(255) NULL,
      PRIMARY KEY (idEnterprise, idVirtualDataCenter, idVirtualApp, idDataCenter, costCode, idTier)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
  ELSEIF p_name = 'tmp_rollup_need' THEN
    -- MEMORY: two fixed-width columns (about 45 bytes a pair), filled and emptied several times
    -- faster than an InnoDB temporary table; its size limit is max_heap_table_size when it is
    -- created (16 MB by default, about 370,000 pairs), so it is created with room for 1 GB.
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_need;
    SET STATEMENT max_heap_table_size = 1073741824 FOR
    CREATE TEMPORARY TABLE kinton_accounting.tmp_rollup_need (
      objectKind TINYINT UNSIGNED NOT NULL,
      idObject INT UNSIGNED NOT NULL,
      PRIMARY KEY (objectKind, idObject)
    ) ENGINE=MEMORY;
  ELSEIF p_name = 'tmp_rollup_name' THEN
    -- objectKind is name_history.objectKind. A pair present with a NULL name was never named.
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_name;
    CREATE TEMPORARY TABLE kinton_accounting.tmp_rollup_name (
      objectKind TINYINT UNSIGNED NOT NULL,
      idObject INT UNSIGNED NOT NULL,
      name VARCHAR(255) NULL,
      PRIMARY KEY (objectKind, idObject)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
  ELSEIF p_name = 'tmp_rollup_iv' THEN
    -- The columns of the events' common shape (see accounting_managed_table.eventView), clipped
    -- to the hour (cs, secs), with their names. isFast = 1: held the whole hour and the only
    -- interval of its resource, so its detail rows need no grouping; the primary key starts with
    -- isFast so that each path reads its own range, in resource order. rowFlags: the conditions
    -- a type's row may need (accounting_resource_type.rowFlag). fp: the hash of its contribution
    -- to the hour's fingerprint. named = 0: its owners or resource were not among the names
    -- resolved in phase 3 (named in phase 5).
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_iv;
    CREATE TEMPORARY TABLE kinton_accounting.tmp_rollup_iv (
      isFast TINYINT UNSIGNED NOT NULL,
      resourceKind TINYINT UNSIGNED NOT NULL,
      idResource INT UNSIGNED NOT NULL,
      idSub INT UNSIGNED NOT NULL,
      cs DATETIME NOT NULL,
      idEvent BIGINT UNSIGNED NOT NULL,
      secs SMALLINT UNSIGNED NOT NULL,
      idEnterprise INT UNSIGNED NOT NULL,
      idVirtualDataCenter INT UNSIGNED NOT NULL,
      idVirtualApp INT UNSIGNED NOT NULL,
      idVirtualMachine INT UNSIGNED NOT NULL,
      nameKind TINYINT UNSIGNED NULL,
      u1 BIGINT UNSIGNED NOT NULL,
      u2 BIGINT UNSIGNED NOT NULL,
      u3 BIGINT UNSIGNED NOT NULL,
      costCode INT UNSIGNED NULL,
      idTier INT UNSIGNED NULL,
      idHardwareProfile INT UNSIGNED NULL,
      idDataCenter INT UNSIGNED NULL,
      rowFlags TINYINT UNSIGNED NOT NULL,
      hypervisorType VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
      idHypervisorType INT UNSIGNED NULL,
      region VARCHAR(255) NULL,
      account_id VARCHAR(255) NULL,
      internal_provider_id VARCHAR(255) NULL,
      resourceName VARCHAR(255) NULL,
      enterpriseName VARCHAR(255) NULL,
      vdcName VARCHAR(255) NULL,
      vappName VARCHAR(255) NULL,
      vmName VARCHAR(255) NULL,
      dcName VARCHAR(255) NULL,
      costCodeName VARCHAR(255) NULL,
      tierName VARCHAR(255) NULL,
      fp BIGINT UNSIGNED NOT NULL,
      named TINYINT UNSIGNED NOT NULL,
      PRIMARY KEY (isFast, resourceKind, idResource, idSub, cs, idEvent)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
  ELSEIF p_name = 'tmp_rollup_delta' THEN
    -- Per (type, enterprise, VDC): the hour's old and new sums, for the daily and monthly summaries.
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_rollup_delta;
    CREATE TEMPORARY TABLE kinton_accounting.tmp_rollup_delta (
      idAccountingResourceType TINYINT UNSIGNED NOT NULL,
      idEnterprise INT UNSIGNED NOT NULL,
      idVirtualDataCenter INT UNSIGNED NOT NULL,
      oldUnits DECIMAL(38,0) NOT NULL DEFAULT 0,
      oldUnitSeconds DECIMAL(38,0) NOT NULL DEFAULT 0,
      oldRows INT NOT NULL DEFAULT 0,
      newUnits DECIMAL(38,0) NOT NULL DEFAULT 0,
      newUnitSeconds DECIMAL(38,0) NOT NULL DEFAULT 0,
      newRows INT NOT NULL DEFAULT 0,
      entName VARCHAR(255) NULL,
      vdcName VARCHAR(255) NULL,
      PRIMARY KEY (idAccountingResourceType, idEnterprise, idVirtualDataCenter)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
  ELSEIF p_name = 'tmp_fix' THEN
    -- The open rows a fix closes: kind (accounting_managed_table.kindName), event, resource, why.
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_fix;
    CREATE TEMPORARY TABLE kinton_accounting.tmp_fix (
      kind VARCHAR(16) NOT NULL,
      idEvent BIGINT UNSIGNED NOT NULL,
      idResource INT UNSIGNED NOT NULL,
      why VARCHAR(512) NOT NULL,
      PRIMARY KEY (kind, idEvent)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
  ELSEIF p_name = 'tmp_fix_mark' THEN
    -- Each event table's highest event id before a fix opens rows.
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_fix_mark;
    CREATE TEMPORARY TABLE kinton_accounting.tmp_fix_mark (
      kind VARCHAR(16) NOT NULL,
      maxId BIGINT UNSIGNED NOT NULL,
      PRIMARY KEY (kind)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
  ELSEIF p_name = 'tmp_fix_opened' THEN
    -- The rows a fix opened.
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_fix_opened;
    CREATE TEMPORARY TABLE kinton_accounting.tmp_fix_opened (
      kind VARCHAR(16) NOT NULL,
      idEvent BIGINT UNSIGNED NOT NULL,
      idResource INT UNSIGNED NOT NULL,
      startTime DATETIME NOT NULL,
      PRIMARY KEY (kind, idEvent)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
  ELSEIF p_name = 'tmp_verify_us' THEN
    -- Per (source, type, resource, conversion): unit-seconds, from the intervals (src 1) or the
    -- detail (src 2), for VERIFY_HISTORY's conservation check.
    DROP TEMPORARY TABLE IF EXISTS kinton_accounting.tmp_verify_us;
    CREATE TEMPORARY TABLE kinton_accounting.tmp_verify_us (
      src TINYINT NOT NULL,
      t TINYINT UNSIGNED NOT NULL,
      idResource INT UNSIGNED NOT NULL,
      disc INT UNSIGNED NOT NULL,
      us DECIMAL(38,0) NOT NULL
    ) ENGINE=InnoDB;
  ELSE
    SET v_msg = CONCAT('MANAGED_TABLE_UNKNOWN: no temporary table ', COALESCE(QUOTE(p_name), 'NULL'));
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30400, MESSAGE_TEXT = v_msg;
  END IF;
END
