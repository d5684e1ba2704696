-- EVENT_FIRST_START: the earliest startTime of any interval in the six event tables, NULL when
-- they are empty: where the rollup starts when no start was set, and where the detail's first
-- monthly partition starts. One MIN per table, so each reads one end of its startTime index.
-- Internal: ROLLUP_DO_PLAN and DETAIL_PARTITIONS_ENSURE call it.
-- Example: SELECT kinton_accounting.EVENT_FIRST_START();
CREATE OR REPLACE FUNCTION kinton_accounting.EVENT_FIRST_START()
RETURNS DATETIME
NOT DETERMINISTIC
READS SQL DATA
SQL SECURITY INVOKER
COMMENT 'The earliest interval start of the six event tables; NULL when they are empty (internal)'
BEGIN
  DECLARE v_first DATETIME;
  SET v_first = LEAST(
    COALESCE((SELECT MIN(e.startTime) FROM kinton_accounting.accounting_event_vm e), '9999-12-31'),
    COALESCE((SELECT MIN(e.startTime) FROM kinton_accounting.accounting_event_pm e), '9999-12-31'),
    COALESCE((SELECT MIN(e.startTime) FROM kinton_accounting.accounting_event_repository e), '9999-12-31'),
    COALESCE((SELECT MIN(e.startTime) FROM kinton_accounting.accounting_event_storage e), '9999-12-31'),
    COALESCE((SELECT MIN(e.startTime) FROM kinton_accounting.accounting_event_ips e), '9999-12-31'),
    COALESCE((SELECT MIN(e.startTime) FROM kinton_accounting.accounting_event_vlan e), '9999-12-31'));
  RETURN IF(v_first = '9999-12-31', NULL, v_first);
END
