-- Seed of accounting_resource_type: the resource types of the contract. Reference data: a
-- reinstall refreshes every column (nothing here is an operator's setting; the enabled flags live
-- in accounting_parameter). Ids 14, 19, 20 and 25 have no source yet and are disabled there;
-- their resourceKind is NULL, so the rollup never produces them. resourceKind: the event table a
-- type is read from (1 VM, 2 reserved PM, 3 repository image, 4 external volume, 5 public IP,
-- 6 VLAN), the rollup's join between types and intervals. unitsFrom, discriminatorFrom and rowFlag:
-- the rollup's rule for the type (the column comments of accounting_resource_type say the codes).
-- Example: SELECT * FROM kinton_accounting.accounting_resource_type ORDER BY idAccountingResourceType;
INSERT INTO kinton_accounting.accounting_resource_type
  (idAccountingResourceType, name, unit, resource, resourceKind, unitsFrom, discriminatorFrom, rowFlag, resourceNameFrom, discriminator, rowWhen, enabledParameter)
VALUES
  (1, 'VirtualMachine-vcpu', 'cores', 'VM', 1, 1, 0, 1, 'VM name', '', 'deployed', 'resource_type.1.enabled'),
  (2, 'VirtualMachine-vram', 'MB', 'VM', 1, 2, 0, 1, 'VM name', '', 'deployed', 'resource_type.2.enabled'),
  (3, 'VirtualMachine-vhd', 'bytes', 'VM', 1, 3, 0, 1, 'VM name', '', 'deployed', 'resource_type.3.enabled'),
  (4, 'ExternalStorage', 'bytes', 'volume', 4, 1, 0, 1, 'volume name', '', 'exists', 'resource_type.4.enabled'),
  (5, 'IPAddress', 'count', 'IP', 5, 1, 0, 1, 'the IP', '', 'allocated', 'resource_type.5.enabled'),
  (6, 'VLAN', 'count', 'VLAN', 6, 1, 0, 1, 'network name', '', 'exists', 'resource_type.6.enabled'),
  (7, 'VirtualMachine-hypervisorType', 'count', 'VM', 1, 0, 1, 1, 'hypervisor type',
      'hypervisor type (object_name id)', 'deployed', 'resource_type.7.enabled'),
  (8, 'VirtualMachine-haHosted', 'count', 'VM', 1, 0, 0, 2, 'VM name', '', 'deployed and HA = 1',
      'resource_type.8.enabled'),
  (9, 'ReservedPhysicalMachine-cpu', 'cores', 'PM', 2, 1, 0, 1, 'PM name', '', 'reserved', 'resource_type.9.enabled'),
  (10, 'ReservedPhysicalMachine-ram', 'MB', 'PM', 2, 2, 0, 1, 'PM name', '', 'reserved', 'resource_type.10.enabled'),
  (11, 'RepositoryStorage', 'bytes', 'image', 3, 1, 4, 1, 'image name', 'conversion id (0: the image)', 'stored',
      'resource_type.11.enabled'),
  (12, 'VirtualMachine-antiAffinity', 'count', 'VM', 1, 0, 0, 4, 'VM name', '', 'deployed, layer set',
      'resource_type.12.enabled'),
  (13, 'VirtualMachine-tierhd', 'bytes', 'volume', 4, 1, 3, 1, 'tier name', 'storage tier id', 'exists',
      'resource_type.13.enabled'),
  (14, 'backup_usage', 'count', 'none', NULL, 0, 0, 1, '', '', 'no source yet', 'resource_type.14.enabled'),
  (15, 'vm_usage_on', 'cores', 'VM', 1, 1, 0, 8, 'VM name', '', 'deployed and ON', 'resource_type.15.enabled'),
  (16, 'vm_usage_off', 'cores', 'VM', 1, 1, 0, 16, 'VM name', '', 'deployed, not ON', 'resource_type.16.enabled'),
  (17, 'memory_usage_on', 'MB', 'VM', 1, 2, 0, 8, 'VM name', '', 'deployed and ON', 'resource_type.17.enabled'),
  (18, 'memory_usage_off', 'MB', 'VM', 1, 2, 0, 16, 'VM name', '', 'deployed, not ON', 'resource_type.18.enabled'),
  (19, 'firewall_usage', 'count', 'none', NULL, 0, 0, 1, '', '', 'no source yet', 'resource_type.19.enabled'),
  (20, 'loadbalancer_usage', 'count', 'none', NULL, 0, 0, 1, '', '', 'no source yet', 'resource_type.20.enabled'),
  (24, 'cost_code_usage', 'count', 'VM', 1, 0, 2, 32, 'cost code name', 'cost code id', 'deployed, cost code set',
      'resource_type.24.enabled'),
  (25, 'draas_protection_usage', 'count', 'none', NULL, 0, 0, 1, '', '', 'no source yet', 'resource_type.25.enabled')
ON DUPLICATE KEY UPDATE
  name = VALUES(name), unit = VALUES(unit), resource = VALUES(resource), resourceKind = VALUES(resourceKind),
  unitsFrom = VALUES(unitsFrom), discriminatorFrom = VALUES(discriminatorFrom), rowFlag = VALUES(rowFlag),
  resourceNameFrom = VALUES(resourceNameFrom), discriminator = VALUES(discriminator),
  rowWhen = VALUES(rowWhen), enabledParameter = VALUES(enabledParameter)
