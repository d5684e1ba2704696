-- accounting_resource_type: the resource types of the contract, one row per idAccountingResourceType,
-- with the seed's name, the unit, what the row is about (resource, and resourceKind: which event
-- table the rollup reads it from) and when a detail row exists (rowWhen, in words). The rollup's
-- rule for the type is here, not in its code: unitsFrom (which units a row counts),
-- discriminatorFrom (what tells rows of one resource apart, and names them) and rowFlag (the
-- condition an interval meets to have a row; ROLLUP_DO_HOUR computes each interval's flags).
-- Whether the
-- rollup produces a type is the parameter named in enabledParameter (accounting_parameter), so an
-- operator switches a type off with one UPDATE of a parameter, never of this reference table.
-- Filled by sql/seed/accounting_resource_type.sql on every install.
-- Example: SELECT t.idAccountingResourceType, t.name, p.value AS enabled
--          FROM kinton_accounting.accounting_resource_type t
--          JOIN kinton_accounting.accounting_parameter p ON p.name = t.enabledParameter;
CREATE TABLE IF NOT EXISTS kinton_accounting.accounting_resource_type (
  idAccountingResourceType TINYINT UNSIGNED NOT NULL,
  name VARCHAR(64) NOT NULL,
  unit VARCHAR(32) NOT NULL,
  resource VARCHAR(32) NOT NULL,
  resourceKind TINYINT UNSIGNED NULL COMMENT 'Event table of the type: 1 VM, 2 reserved PM, 3 repository image, 4 external volume, 5 public IP, 6 VLAN; NULL: no source yet',
  unitsFrom TINYINT UNSIGNED NOT NULL DEFAULT 1 COMMENT 'The units a row counts: 1, 2 or 3 (u1, u2, u3 of the event view: VM cpu, RAM, disk; PM cpu, RAM; bytes), 0 one per row',
  discriminatorFrom TINYINT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'idDiscriminator and resourceName: 0 none and the resource name, 1 hypervisor type id and name, 2 cost code id and name, 3 storage tier id (0 when none) and name, 4 conversion id and the resource name',
  rowFlag TINYINT UNSIGNED NOT NULL DEFAULT 1 COMMENT 'The condition an interval meets to have a row: 1 always, 2 HA enabled, 4 anti-affinity, 8 powered on, 16 not powered on, 32 cost code set',
  resourceNameFrom VARCHAR(64) NOT NULL,
  discriminator VARCHAR(64) NOT NULL,
  rowWhen VARCHAR(64) NOT NULL,
  enabledParameter VARCHAR(64) NOT NULL,
  PRIMARY KEY (idAccountingResourceType),
  UNIQUE KEY uk_resource_type_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Resource types of the hourly detail; enabled by accounting_parameter'
