-- accounting_parameter: the settings of SPEC section 7, one row per name: the value in force, the
-- shipped default and what it means. Seeds insert missing names and refresh defaultValue and
-- meaning only, so a value an operator set survives every reinstall.
-- Booleans are '1' (on) or '0' (off); durations are whole numbers in the unit their name ends with.
-- Example: UPDATE kinton_accounting.accounting_parameter SET value = '600' WHERE name = 'settle_seconds';
CREATE TABLE IF NOT EXISTS kinton_accounting.accounting_parameter (
  name VARCHAR(64) NOT NULL,
  value VARCHAR(255) NOT NULL,
  defaultValue VARCHAR(255) NOT NULL,
  meaning VARCHAR(1024) NOT NULL,
  PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Accounting parameters: value, default and meaning (ACCOUNTING_CONFIG_VW)'
