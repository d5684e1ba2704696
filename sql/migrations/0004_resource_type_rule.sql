-- Migration 0004: each resource type states the rollup's rule for it, so that ROLLUP_DO_HOUR
-- carries no CASE on idAccountingResourceType: unitsFrom (which units of an interval a row counts:
-- 1, 2 or 3, or 0 for one per row), discriminatorFrom (0 none, 1 hypervisor type, 2 cost code,
-- 3 storage tier, 4 conversion) and rowFlag (the condition an interval meets to have a row: 1
-- always, 2 HA enabled, 4 anti-affinity, 8 powered on, 16 not powered on, 32 cost code set). The
-- seed (sql/seed/accounting_resource_type.sql), run after the migrations on every install, fills
-- the values; the same columns are in sql/tables/accounting_resource_type.sql for fresh installs.
-- Example: SELECT idAccountingResourceType, unitsFrom, discriminatorFrom, rowFlag FROM kinton_accounting.accounting_resource_type;
ALTER TABLE kinton_accounting.accounting_resource_type
  ADD COLUMN unitsFrom TINYINT UNSIGNED NOT NULL DEFAULT 1 COMMENT 'The units a row counts: 1, 2 or 3 (u1, u2, u3 of the event view: VM cpu, RAM, disk; PM cpu, RAM; bytes), 0 one per row' AFTER resourceKind,
  ADD COLUMN discriminatorFrom TINYINT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'idDiscriminator and resourceName: 0 none and the resource name, 1 hypervisor type id and name, 2 cost code id and name, 3 storage tier id (0 when none) and name, 4 conversion id and the resource name' AFTER unitsFrom,
  ADD COLUMN rowFlag TINYINT UNSIGNED NOT NULL DEFAULT 1 COMMENT 'The condition an interval meets to have a row: 1 always, 2 HA enabled, 4 anti-affinity, 8 powered on, 16 not powered on, 32 cost code set' AFTER discriminatorFrom
