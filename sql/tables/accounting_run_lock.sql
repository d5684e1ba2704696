-- accounting_run_lock: the run lock of rollups and purges, a lease in one row (id 1) of a table
-- of ours, so that only an account that may write the accounting schema can take it (a named
-- user lock, GET_LOCK, can be taken by any login, the read-only reporting one included). Taken
-- and released in short transactions of their own by RUN_LOCK_TAKE / RUN_LOCK_RELEASE; on a
-- Galera cluster the row replicates, so it is a claim across nodes.
--   holderNode         RUN_LOCK_NODE() of the server the holder is connected to (hostname:port,
--                      on a Galera node followed by its node name and gcomm UUID)
--   holderConnection   its CONNECTION_ID() there; holderUser its USER() (user@client host)
--   holderToken        names the holder's own GET_LOCK ('<schema>.run.<token>'): while that
--                      connection lives, the lock is alive; a holder that died (killed tool,
--                      dropped connection) is taken over at once on the same node
--   holds              re-entrant count: the tool holds it while the procedures it calls take it again
--   takenAt, renewedAt, expiresAt   real UTC time (not the session's SET TIMESTAMP clock); a
--                      holder on another node whose lease expired (run_lock.lease_seconds after
--                      its last renewal) is taken over
-- Example: SELECT holderUser, holderNode, takenAt FROM kinton_accounting.accounting_run_lock;
CREATE TABLE IF NOT EXISTS kinton_accounting.accounting_run_lock (
  id TINYINT UNSIGNED NOT NULL,
  holderNode VARCHAR(255) NULL,
  holderConnection BIGINT UNSIGNED NULL,
  holderUser VARCHAR(512) NULL,
  holderToken CHAR(32) CHARACTER SET ascii NULL,
  holds INT UNSIGNED NOT NULL DEFAULT 0,
  takenAt DATETIME NULL,
  renewedAt DATETIME NULL,
  expiresAt DATETIME NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='The run lock of rollups and purges: a lease (one row), see RUN_LOCK_TAKE'
