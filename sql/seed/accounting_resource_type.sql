-- Seed of accounting_resource_type: the resource types of the contract. Reference data: a
-- reinstall refreshes every column (nothing here is an operator's setting; the enabled flags live
-- in accounting_parameter). Ids 14, 19, 20 and 25 have no source yet and are disabled there.
-- Example: SELECT * FROM kinton_accounting.accounting_resource_type ORDER BY idAccountingResourceType;
INSERT INTO kinton_accounting.accounting_resource_type
  (idAccountingResourceType, name, unit, resource, resourceNameFrom, discriminator, rowWhen, enabledParameter)
VALUES
  (1, 'VirtualMachine-vcpu', 'cores', 'VM', 'VM name', '', 'deployed', 'resource_type.1.enabled'),
  (2, 'VirtualMachine-vram', 'MB', 'VM', 'VM name', '', 'deployed', 'resource_type.2.enabled'),
  (3, 'VirtualMachine-vhd', 'bytes', 'VM', 'VM name', '', 'deployed', 'resource_type.3.enabled'),
  (4, 'ExternalStorage', 'bytes', 'volume', 'volume name', '', 'exists', 'resource_type.4.enabled'),
  (5, 'IPAddress', 'count', 'IP', 'the IP', '', 'allocated', 'resource_type.5.enabled'),
  (6, 'VLAN', 'count', 'VLAN', 'network name', '', 'exists', 'resource_type.6.enabled'),
  (7, 'VirtualMachine-hypervisorType', 'count', 'VM', 'hypervisor type',
      'hypervisor type (object_name id)', 'deployed', 'resource_type.7.enabled'),
  (8, 'VirtualMachine-haHosted', 'count', 'VM', 'VM name', '', 'deployed and HA = 1',
      'resource_type.8.enabled'),
  (9, 'ReservedPhysicalMachine-cpu', 'cores', 'PM', 'PM name', '', 'reserved', 'resource_type.9.enabled'),
  (10, 'ReservedPhysicalMachine-ram', 'MB', 'PM', 'PM name', '', 'reserved', 'resource_type.10.enabled'),
  (11, 'RepositoryStorage', 'bytes', 'image', 'image name', 'conversion id (0: the image)', 'stored',
      'resource_type.11.enabled'),
  (12, 'VirtualMachine-antiAffinity', 'count', 'VM', 'VM name', '', 'deployed, layer set',
      'resource_type.12.enabled'),
  (13, 'VirtualMachine-tierhd', 'bytes', 'volume', 'tier name', 'storage tier id', 'exists',
      'resource_type.13.enabled'),
  (14, 'backup_usage', 'count', 'none', '', '', 'no source yet', 'resource_type.14.enabled'),
  (15, 'vm_usage_on', 'cores', 'VM', 'VM name', '', 'deployed and ON', 'resource_type.15.enabled'),
  (16, 'vm_usage_off', 'cores', 'VM', 'VM name', '', 'deployed, not ON', 'resource_type.16.enabled'),
  (17, 'memory_usage_on', 'MB', 'VM', 'VM name', '', 'deployed and ON', 'resource_type.17.enabled'),
  (18, 'memory_usage_off', 'MB', 'VM', 'VM name', '', 'deployed, not ON', 'resource_type.18.enabled'),
  (19, 'firewall_usage', 'count', 'none', '', '', 'no source yet', 'resource_type.19.enabled'),
  (20, 'loadbalancer_usage', 'count', 'none', '', '', 'no source yet', 'resource_type.20.enabled'),
  (24, 'cost_code_usage', 'count', 'VM', 'cost code name', 'cost code id', 'deployed, cost code set',
      'resource_type.24.enabled'),
  (25, 'draas_protection_usage', 'count', 'none', '', '', 'no source yet', 'resource_type.25.enabled')
ON DUPLICATE KEY UPDATE
  name = VALUES(name), unit = VALUES(unit), resource = VALUES(resource),
  resourceNameFrom = VALUES(resourceNameFrom), discriminator = VALUES(discriminator),
  rowWhen = VALUES(rowWhen), enabledParameter = VALUES(enabledParameter)
