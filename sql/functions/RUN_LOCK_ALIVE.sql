-- RUN_LOCK_ALIVE: whether the run lock's holder (the row's holderNode, holderConnection,
-- holderToken, holds and expiresAt) still holds it, the one rule RUN_LOCK_TAKE and `accounting
-- status` follow. On this server (p_node = RUN_LOCK_NODE()): while its connection lives (it keeps
-- a GET_LOCK named by the secret token). On another Galera node: while its lease has not expired
-- and its node process (the gcomm UUID its node string ends with) is a member of the cluster
-- (mysql.wsrep_cluster_members; when the list cannot be read, the lease alone decides).
-- Example: SELECT kinton_accounting.RUN_LOCK_ALIVE(l.holderNode, l.holderConnection, l.holderToken, l.holds, l.expiresAt) FROM kinton_accounting.accounting_run_lock l;
CREATE OR REPLACE FUNCTION kinton_accounting.RUN_LOCK_ALIVE(
  p_node VARCHAR(255) CHARACTER SET utf8mb4,
  p_connection BIGINT UNSIGNED,
  p_token CHAR(32) CHARACTER SET ascii,
  p_holds INT UNSIGNED,
  p_expires DATETIME)
RETURNS TINYINT
NOT DETERMINISTIC
READS SQL DATA
SQL SECURITY INVOKER
COMMENT 'Whether the run lock holder given by its row still holds it (connection alive here; lease and cluster membership elsewhere)'
BEGIN
  DECLARE v_member TINYINT DEFAULT NULL;
  IF p_connection IS NULL OR COALESCE(p_holds, 0) = 0 THEN
    RETURN 0;
  END IF;
  IF p_node <=> kinton_accounting.RUN_LOCK_NODE() THEN
    RETURN IS_USED_LOCK(CONCAT('kinton_accounting.run.', p_token)) <=> p_connection;
  END IF;
  IF @@wsrep_on = 1 AND p_node LIKE '%/%/%' THEN
    BEGIN
      -- no member list (no privilege, not a cluster any more): the lease decides
      DECLARE CONTINUE HANDLER FOR SQLEXCEPTION SET v_member = NULL;
      SET v_member = (SELECT IF(COUNT(*) = 0, NULL, MAX(m.node_uuid = SUBSTRING_INDEX(p_node, '/', -1)))
                        FROM mysql.wsrep_cluster_members m);
    END;
  END IF;
  RETURN p_expires > kinton_accounting.RUN_LOCK_CLOCK() AND NOT (v_member <=> 0);
END
