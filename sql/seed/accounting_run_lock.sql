-- Seed of accounting_run_lock: its one row (free). A reinstall leaves a held lease as it is.
-- Example: SELECT * FROM kinton_accounting.accounting_run_lock;
INSERT IGNORE INTO kinton_accounting.accounting_run_lock (id, holds) VALUES (1, 0)
