-- Seed of accounting_parameter: the parameters of the contract with their defaults. A reinstall
-- adds missing names and refreshes defaultValue and meaning; it never touches value, so a setting
-- an operator made survives. Retention cut-offs are rounded down to a UTC month by the purge.
-- Example: SELECT name, value, defaultValue FROM kinton_accounting.accounting_parameter ORDER BY name;
INSERT INTO kinton_accounting.accounting_parameter (name, value, defaultValue, meaning)
VALUES
  ('resource_type.1.enabled', '1', '1', 'Rollup produces detail rows of resource type 1 (VirtualMachine-vcpu) when 1, none when 0; a change applies to hours processed from then on'),
  ('resource_type.2.enabled', '1', '1', 'Rollup produces detail rows of resource type 2 (VirtualMachine-vram) when 1, none when 0; a change applies to hours processed from then on'),
  ('resource_type.3.enabled', '1', '1', 'Rollup produces detail rows of resource type 3 (VirtualMachine-vhd) when 1, none when 0; a change applies to hours processed from then on'),
  ('resource_type.4.enabled', '1', '1', 'Rollup produces detail rows of resource type 4 (ExternalStorage) when 1, none when 0; a change applies to hours processed from then on'),
  ('resource_type.5.enabled', '1', '1', 'Rollup produces detail rows of resource type 5 (IPAddress) when 1, none when 0; a change applies to hours processed from then on'),
  ('resource_type.6.enabled', '1', '1', 'Rollup produces detail rows of resource type 6 (VLAN) when 1, none when 0; a change applies to hours processed from then on'),
  ('resource_type.7.enabled', '1', '1', 'Rollup produces detail rows of resource type 7 (VirtualMachine-hypervisorType) when 1, none when 0; a change applies to hours processed from then on'),
  ('resource_type.8.enabled', '1', '1', 'Rollup produces detail rows of resource type 8 (VirtualMachine-haHosted) when 1, none when 0; a change applies to hours processed from then on'),
  ('resource_type.9.enabled', '1', '1', 'Rollup produces detail rows of resource type 9 (ReservedPhysicalMachine-cpu) when 1, none when 0; a change applies to hours processed from then on'),
  ('resource_type.10.enabled', '1', '1', 'Rollup produces detail rows of resource type 10 (ReservedPhysicalMachine-ram) when 1, none when 0; a change applies to hours processed from then on'),
  ('resource_type.11.enabled', '1', '1', 'Rollup produces detail rows of resource type 11 (RepositoryStorage) when 1, none when 0; a change applies to hours processed from then on'),
  ('resource_type.12.enabled', '1', '1', 'Rollup produces detail rows of resource type 12 (VirtualMachine-antiAffinity) when 1, none when 0; a change applies to hours processed from then on'),
  ('resource_type.13.enabled', '1', '1', 'Rollup produces detail rows of resource type 13 (VirtualMachine-tierhd) when 1, none when 0; a change applies to hours processed from then on'),
  ('resource_type.14.enabled', '0', '0', 'Rollup produces detail rows of resource type 14 (backup_usage) when 1, none when 0 (no source yet: it produces nothing either way); a change applies to hours processed from then on'),
  ('resource_type.15.enabled', '1', '1', 'Rollup produces detail rows of resource type 15 (vm_usage_on) when 1, none when 0; a change applies to hours processed from then on'),
  ('resource_type.16.enabled', '1', '1', 'Rollup produces detail rows of resource type 16 (vm_usage_off) when 1, none when 0; a change applies to hours processed from then on'),
  ('resource_type.17.enabled', '1', '1', 'Rollup produces detail rows of resource type 17 (memory_usage_on) when 1, none when 0; a change applies to hours processed from then on'),
  ('resource_type.18.enabled', '1', '1', 'Rollup produces detail rows of resource type 18 (memory_usage_off) when 1, none when 0; a change applies to hours processed from then on'),
  ('resource_type.19.enabled', '0', '0', 'Rollup produces detail rows of resource type 19 (firewall_usage) when 1, none when 0 (no source yet: it produces nothing either way); a change applies to hours processed from then on'),
  ('resource_type.20.enabled', '0', '0', 'Rollup produces detail rows of resource type 20 (loadbalancer_usage) when 1, none when 0 (no source yet: it produces nothing either way); a change applies to hours processed from then on'),
  ('resource_type.24.enabled', '1', '1', 'Rollup produces detail rows of resource type 24 (cost_code_usage) when 1, none when 0; a change applies to hours processed from then on'),
  ('resource_type.25.enabled', '0', '0', 'Rollup produces detail rows of resource type 25 (draas_protection_usage) when 1, none when 0 (no source yet: it produces nothing either way); a change applies to hours processed from then on'),
  ('settle_seconds', '300', '300', 'Settle delay in seconds: a run processes hours whose end is at least this long ago, so intervals still being written land first'),
  ('recheck_hours', '24', '24', 'Look-back window in hours: each run compares the fingerprints of the processed hours ending at the newest one with their events and reprocesses the hours that changed; 0 disables the recheck'),
  ('retention.closed_events_days', '1095', '1095', 'Days a closed, consolidated event row is kept (cut-off rounded down to a UTC month)'),
  ('retention.detail_days', '1095', '1095', 'Days hourly detail rows are kept (cut-off rounded down to a UTC month)'),
  ('retention.daily_days', '1095', '1095', 'Days daily summary rows are kept (cut-off rounded down to a UTC month)'),
  ('retention.monthly_days', '1095', '1095', 'Days monthly summary rows are kept (cut-off rounded down to a UTC month)'),
  ('retention.ledger_days', '1095', '1095', 'Days rollup ledger rows (and their history) are kept (cut-off rounded down to a UTC month)'),
  ('retention.log_days', '1095', '1095', 'Days log lines are kept (cut-off rounded down to a UTC month)'),
  ('run_lock.alarm_seconds', '7200', '7200', 'A run lock (rollup, purge) held this many seconds or more by one holder makes the next run fail (exit 1, an ERROR log line) naming the holder, instead of a quiet skip'),
  ('focus.operator_name', 'Cloud operator', 'Cloud operator', 'The operator named in the FOCUS export as InvoiceIssuerName, ProviderName and PublisherName'),
  ('run_lock.lease_seconds', '900', '900', 'How long a run lock taken on another Galera node stays valid after its last renewal (every hour processed renews it); on the same server a holder counts as alive while its connection lives')
ON DUPLICATE KEY UPDATE defaultValue = VALUES(defaultValue), meaning = VALUES(meaning)
