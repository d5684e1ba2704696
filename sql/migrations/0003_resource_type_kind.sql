-- Migration 0003: each resource type names the event table the rollup reads it from
-- (resourceKind: 1 VM, 2 reserved PM, 3 repository image, 4 external volume, 5 public IP, 6 VLAN;
-- NULL for the types with no source yet), so ROLLUP_DO_HOUR joins the type table instead of
-- carrying its own CASE on idAccountingResourceType. The seed (sql/seed/accounting_resource_type.sql),
-- run after the migrations on every install, fills the values; the same column is in
-- sql/tables/accounting_resource_type.sql for fresh installs.
-- Example: SELECT idAccountingResourceType, name, resourceKind FROM kinton_accounting.accounting_resource_type;
ALTER TABLE kinton_accounting.accounting_resource_type
  ADD COLUMN resourceKind TINYINT UNSIGNED NULL COMMENT 'Event table of the type: 1 VM, 2 reserved PM, 3 repository image, 4 external volume, 5 public IP, 6 VLAN; NULL: no source yet' AFTER resource
