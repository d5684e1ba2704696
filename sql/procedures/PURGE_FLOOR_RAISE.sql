-- PURGE_FLOOR_RAISE: moves the processed floor (accounting_rollup_state) up to p_floor_new, never
-- down, in a short transaction of its own: what a purge does first, before any row goes, so that
-- no rollup, recheck or recompute ever rebuilds an hour from half-purged history. p_floor_old is
-- the floor PURGE_DO_CUTOFFS read: nothing is written when p_floor_new is NULL or not above it.
-- Internal: PURGE_BATCH and PURGE_RUN call it, holding the run lock.
-- Example: CALL kinton_accounting.PURGE_FLOOR_RAISE(NULL, '2023-03-01 00:00:00');
CREATE OR REPLACE PROCEDURE kinton_accounting.PURGE_FLOOR_RAISE(
  IN p_floor_old DATETIME,
  IN p_floor_new DATETIME
)
MODIFIES SQL DATA
SQL SECURITY INVOKER
COMMENT 'Moves the processed floor up to p_floor_new, never down, in a transaction of its own (internal)'
BEGIN
  IF p_floor_new IS NOT NULL AND (p_floor_old IS NULL OR p_floor_new > p_floor_old) THEN
    START TRANSACTION;
    UPDATE kinton_accounting.accounting_rollup_state s
    SET s.processedFloor = p_floor_new, s.updatedAt = UTC_TIMESTAMP()
    WHERE s.id = 1 AND (s.processedFloor IS NULL OR s.processedFloor < p_floor_new);
    COMMIT;
  END IF;
END
