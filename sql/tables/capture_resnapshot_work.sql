-- capture_resnapshot_work: scratch rows of the set-based VM re-snapshots (RESNAPSHOT_VMS_OF_*):
-- the open event rows one statement closes, keyed by connection, so the next statement reopens
-- exactly those (a VM in LOCKED/UNKNOWN without an open row is otherwise ambiguous). Rows live
-- only inside the parent's transaction; the procedure deletes its own before it returns.
-- Example: SELECT COUNT(*) FROM kinton_accounting.capture_resnapshot_work;  -- 0 outside a transaction
CREATE TABLE IF NOT EXISTS kinton_accounting.capture_resnapshot_work (
  idConnection BIGINT UNSIGNED NOT NULL,
  idVMAccountingEvent BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (idConnection, idVMAccountingEvent)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Scratch rows of the set-based VM re-snapshots, per connection'
