-- DETAIL_PARTITIONS_ENSURE: gives accounting_event_detail a partition of its own for every UTC
-- month up to and including the month of p_until, so that the purge can drop an expired month
-- whole (ALTER TABLE … DROP PARTITION: a metadata operation) instead of deleting its rows.
-- The table is partitioned by RANGE COLUMNS(starttime): pYYYYMM holds the month YYYY-MM (the
-- lowest one also anything older), pmax everything beyond. This splits pmax (REORGANIZE
-- PARTITION), which costs next to nothing while pmax is empty, as it is when the call comes a
-- month ahead of the hours: ROLLUP_RUN and `accounting rollup` call it with now + 1 month before
-- they process any hour. The first call starts at the month of the rollup's start (else the
-- earliest event, else p_until), never below the processed floor's month, at most 120 months back;
-- a call adds at most 120 months. DDL commits: call it outside a transaction, never inside an
-- hour's. Waits at most 5 s for the table's metadata lock (a long report holds it). When the split
-- fails (that wait, a missing ALTER privilege) it writes a WARN line with the reason and returns
-- normally, the partitions as they were: rows go to pmax meanwhile, and the next call moves them. A table without a pmax partition (partitioning removed by a DBA) is left
-- alone. No result set.
-- Errors: 30300 PURGE_BAD_ARGUMENT (NULL), 30302 PURGE_IN_TRANSACTION.
-- Example: CALL kinton_accounting.DETAIL_PARTITIONS_ENSURE(UTC_TIMESTAMP() + INTERVAL 1 MONTH);
CREATE OR REPLACE PROCEDURE kinton_accounting.DETAIL_PARTITIONS_ENSURE(IN p_until DATETIME)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Adds monthly partitions pYYYYMM to accounting_event_detail through the month of p_until (splits pmax); no result set'
proc: BEGIN
  DECLARE v_target DATE;
  DECLARE v_high DATE;
  DECLARE v_from DATE;
  DECLARE v_month DATE;
  DECLARE v_start DATETIME;
  DECLARE v_floor DATETIME;
  DECLARE v_low DATETIME;
  DECLARE v_sql TEXT;
  DECLARE v_added INT DEFAULT 0;
  DECLARE v_errno INT;
  DECLARE v_text VARCHAR(512);

  IF p_until IS NULL THEN
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30300,
      MESSAGE_TEXT = 'PURGE_BAD_ARGUMENT: DETAIL_PARTITIONS_ENSURE needs the time to cover, not NULL';
  END IF;
  IF @@in_transaction = 1 THEN
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 30302,
      MESSAGE_TEXT = 'PURGE_IN_TRANSACTION: partition changes commit by themselves; call it outside a transaction';
  END IF;

  -- No partition DDL on a Galera cluster: replicated in total order, it aborts every node's open
  -- transactions reading the table; there the detail stays in the partitions it has (pmax) and
  -- the purge deletes expired months row by row.
  IF @@wsrep_on <=> 1 THEN
    LEAVE proc;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM information_schema.PARTITIONS p
                 WHERE p.TABLE_SCHEMA = 'kinton_accounting' AND p.TABLE_NAME = 'accounting_event_detail'
                   AND p.PARTITION_NAME = 'pmax') THEN
    LEAVE proc;
  END IF;

  -- The month after p_until's: every row below it must have a monthly partition.
  SET v_target = DATE(p_until) - INTERVAL (DAYOFMONTH(p_until) - 1) DAY + INTERVAL 1 MONTH;
  -- The bound of the highest monthly partition (pYYYYMM holds rows below the next month's start).
  SET v_high = (SELECT MAX(CAST(CONCAT(SUBSTRING(p.PARTITION_NAME, 2, 4), '-', SUBSTRING(p.PARTITION_NAME, 6, 2), '-01')
                                AS DATE)) + INTERVAL 1 MONTH
                FROM information_schema.PARTITIONS p
                WHERE p.TABLE_SCHEMA = 'kinton_accounting' AND p.TABLE_NAME = 'accounting_event_detail'
                  AND p.PARTITION_NAME REGEXP '^p[0-9]{6}$');
  IF v_high IS NOT NULL AND v_high >= v_target THEN
    LEAVE proc;
  END IF;

  IF v_high IS NOT NULL THEN
    SET v_from = v_high;
  ELSE
    -- First split: from where the rows start (the rollup's start, else the earliest event; any
    -- detail row already there), never below the processed floor, at most 120 months back.
    SET v_start = (SELECT s.startHour FROM kinton_accounting.accounting_rollup_state s WHERE s.id = 1);
    SET v_floor = (SELECT s.processedFloor FROM kinton_accounting.accounting_rollup_state s WHERE s.id = 1);
    IF v_start IS NULL THEN
      SET v_start = COALESCE(kinton_accounting.EVENT_FIRST_START(), '9999-12-31');
    END IF;
    SET v_low = LEAST(p_until, v_start,
                      COALESCE((SELECT MIN(d.starttime) FROM kinton_accounting.accounting_event_detail d), p_until));
    IF v_floor IS NOT NULL AND v_low < v_floor THEN
      SET v_low = v_floor;
    END IF;
    SET v_from = DATE(v_low) - INTERVAL (DAYOFMONTH(v_low) - 1) DAY;
    IF v_from < v_target - INTERVAL 120 MONTH THEN
      SET v_from = v_target - INTERVAL 120 MONTH;
    END IF;
  END IF;
  IF v_target > v_from + INTERVAL 120 MONTH THEN
    SET v_target = v_from + INTERVAL 120 MONTH;
  END IF;

  SET v_sql = 'ALTER TABLE kinton_accounting.accounting_event_detail REORGANIZE PARTITION pmax INTO (';
  SET v_month = v_from;
  WHILE v_month < v_target DO
    SET v_sql = CONCAT(v_sql, 'PARTITION p', DATE_FORMAT(v_month, '%Y%m'), ' VALUES LESS THAN (''',
                       DATE_FORMAT(v_month + INTERVAL 1 MONTH, '%Y-%m-%d'), ' 00:00:00''), ');
    SET v_month = v_month + INTERVAL 1 MONTH, v_added = v_added + 1;
  END WHILE;
  SET v_sql = CONCAT(v_sql, 'PARTITION pmax VALUES LESS THAN (MAXVALUE))');

  -- Readers of the table (reports) hold its metadata lock; do not queue behind them for more than
  -- 5 s, since every new reader would queue behind this ALTER. The partitions only speed the purge
  -- up: a failed split (that wait, a missing ALTER privilege) leaves the table as it was, says why
  -- in the log and lets the caller go on.
  CALL kinton_accounting.DDL_TRY(v_sql, 5, v_errno, v_text);
  IF v_errno IS NOT NULL THEN
    START TRANSACTION;
    CALL kinton_accounting.LOG_WRITE('WARN', 'partition',
      CONCAT('could not add ', v_added, ' monthly partition(s) of accounting_event_detail from ', v_from, ': ',
             IF(v_errno = 1205, 'its metadata lock stayed busy for 5 s (a long query reading it?)',
                CONCAT('error ', v_errno, ': ', v_text)),
             '; rows go to pmax meanwhile; the next run tries again'));
    COMMIT;
  END IF;
END
