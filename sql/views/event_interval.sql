-- event_interval: every accounting interval of the six event tables in one shape, for the checks
-- that treat them alike (VERIFY_HISTORY: none inverted, none overlapping another of its resource,
-- at most one open per resource): kind ('vm', 'pm', 'repository', 'storage', 'ip', 'vlan'), the
-- resource (idResource, and idSub: an image's conversion, 0 elsewhere), the event id, and the
-- interval [startTime, stopTime). A condition on it is pushed into each table's branch.
-- Internal: not granted to the reporting role.
-- Example: SELECT kind, COUNT(*) FROM kinton_accounting.event_interval WHERE stopTime IS NULL GROUP BY kind;
CREATE OR REPLACE SQL SECURITY INVOKER VIEW kinton_accounting.event_interval AS
SELECT 'vm' AS kind, e.idVM AS idResource, 0 AS idSub, e.idVMAccountingEvent AS idEvent,
       e.startTime AS startTime, e.stopTime AS stopTime
  FROM kinton_accounting.accounting_event_vm e
UNION ALL
SELECT 'pm', e.idPhysicalMachine, 0, e.idPMAccountingEvent, e.startTime, e.stopTime
  FROM kinton_accounting.accounting_event_pm e
UNION ALL
SELECT 'repository', e.idImage, e.idConversion, e.idRepoAccountingEvent, e.startTime, e.stopTime
  FROM kinton_accounting.accounting_event_repository e
UNION ALL
SELECT 'storage', e.idManagement, 0, e.idStorageAccountingEvent, e.startTime, e.stopTime
  FROM kinton_accounting.accounting_event_storage e
UNION ALL
SELECT 'ip', e.idManagement, 0, e.idIPAccountingEvent, e.startTime, e.stopTime
  FROM kinton_accounting.accounting_event_ips e
UNION ALL
SELECT 'vlan', e.vlan_network_id, 0, e.idVLANAccountingEvent, e.startTime, e.stopTime
  FROM kinton_accounting.accounting_event_vlan e
