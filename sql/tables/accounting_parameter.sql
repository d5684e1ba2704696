-- accounting_parameter: the settings of the contract, one row per name: the value in force, the
-- shipped default and what it means. Seeds insert missing names and refresh defaultValue and
-- meaning only, so a value an operator set survives every reinstall.
-- Booleans are '1' (on) or '0' (off); durations are whole numbers in the unit their name ends with.
-- Example: UPDATE kinton_accounting.accounting_parameter SET value = '600' WHERE name = 'settle_seconds';
CREATE TABLE IF NOT EXISTS kinton_accounting.accounting_parameter (
  name VARCHAR(64) NOT NULL,
  value VARCHAR(255) NOT NULL,
  defaultValue VARCHAR(255) NOT NULL,
  meaning VARCHAR(1024) NOT NULL,
  PRIMARY KEY (name),
  CONSTRAINT ck_parameter_value CHECK (
    CASE
      WHEN name LIKE 'resource\_type.%.enabled' THEN value IN ('0', '1')
      WHEN name = 'settle_seconds' THEN value REGEXP '^[0-9]{1,5}$' AND CAST(value AS UNSIGNED) <= 86400
      WHEN name = 'recheck_hours' THEN value REGEXP '^[0-9]{1,4}$' AND CAST(value AS UNSIGNED) <= 8760
      WHEN name LIKE 'retention.%\_days' THEN value REGEXP '^[0-9]{1,5}$' AND CAST(value AS UNSIGNED) BETWEEN 1 AND 36500
      WHEN name = 'run_lock.alarm_seconds' THEN value REGEXP '^[0-9]{1,6}$' AND CAST(value AS UNSIGNED) BETWEEN 60 AND 604800
      WHEN name = 'run_lock.lease_seconds' THEN value REGEXP '^[0-9]{1,5}$' AND CAST(value AS UNSIGNED) BETWEEN 60 AND 86400
      ELSE TRUE
    END)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Accounting parameters: value, default and meaning (ACCOUNTING_CONFIG_VW)'
