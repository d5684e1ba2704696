-- RUN_LOCK_NODE: this server as the run lock names a holder's node: @@hostname:@@port; on a Galera
-- node (@@wsrep_on) followed by /@@wsrep_node_name/the node's gcomm UUID (WSREP_GCOMM_UUID, new at
-- every start of the node), so that nodes sharing hostname and port (containers) never take each
-- other for the local server, and a node that restarted is another holder than before.
-- Example: SELECT kinton_accounting.RUN_LOCK_NODE();
CREATE OR REPLACE FUNCTION kinton_accounting.RUN_LOCK_NODE()
RETURNS VARCHAR(255) CHARACTER SET utf8mb4
NOT DETERMINISTIC
READS SQL DATA
SQL SECURITY INVOKER
COMMENT 'This server as the run lock names a node: hostname:port[/wsrep node name/gcomm UUID]'
RETURN IF(@@wsrep_on = 1,
          CONCAT(@@hostname, ':', @@port, '/', @@wsrep_node_name, '/',
                 COALESCE((SELECT s.VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS s
                            WHERE s.VARIABLE_NAME = 'WSREP_GCOMM_UUID'), '?')),
          CONCAT(@@hostname, ':', @@port))
