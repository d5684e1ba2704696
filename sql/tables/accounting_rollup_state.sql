-- accounting_rollup_state: the single row (id = 1) of rollup state. startHour is where the forward
-- run begins (set by the first run: --from through ROLLUP_SET_START, else the earliest event's hour);
-- processedFloor is the processed floor of the contract (NULL: nothing purged yet): no rollup,
-- recheck or recompute touches an hour below it. Purge moves the floor up, never down.
-- Example: SELECT startHour, processedFloor FROM kinton_accounting.accounting_rollup_state WHERE id = 1;
CREATE TABLE IF NOT EXISTS kinton_accounting.accounting_rollup_state (
  id TINYINT UNSIGNED NOT NULL,
  startHour DATETIME NULL,
  processedFloor DATETIME NULL,
  updatedAt DATETIME NULL,
  PRIMARY KEY (id),
  CONSTRAINT ck_rollup_state_single CHECK (id = 1)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Rollup state: the forward start and the processed floor (one row, id = 1)'
