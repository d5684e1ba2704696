-- Seed of accounting_rollup_state: the single state row, empty (no start yet, no floor). INSERT
-- IGNORE: a reinstall never resets where the rollup starts or the processed floor.
-- Example: SELECT * FROM kinton_accounting.accounting_rollup_state;
INSERT IGNORE INTO kinton_accounting.accounting_rollup_state (id, startHour, processedFloor, updatedAt)
VALUES (1, NULL, NULL, NULL)
