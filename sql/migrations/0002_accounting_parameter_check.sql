-- Migration 0002: parameters are validated where they are stored, so a plain UPDATE or a server
-- EVENT cannot store what `accounting config set` refuses (an enabled flag of '' would silently
-- disable a resource type): a CHECK on each row's value by its name. The same constraint is in
-- sql/tables/accounting_parameter.sql for fresh installs. On a schema holding a bad value the
-- migration fails (error 4025, naming the constraint): correct the value, then install again.
-- Example: UPDATE kinton_accounting.accounting_parameter SET value = '' WHERE name = 'resource_type.1.enabled';  -- error 4025
ALTER TABLE kinton_accounting.accounting_parameter
  ADD CONSTRAINT ck_parameter_value CHECK (
    CASE
      WHEN name LIKE 'resource\_type.%.enabled' THEN value IN ('0', '1')
      WHEN name = 'settle_seconds' THEN value REGEXP '^[0-9]{1,5}$' AND CAST(value AS UNSIGNED) <= 86400
      WHEN name = 'recheck_hours' THEN value REGEXP '^[0-9]{1,4}$' AND CAST(value AS UNSIGNED) <= 8760
      WHEN name LIKE 'retention.%\_days' THEN value REGEXP '^[0-9]{1,5}$' AND CAST(value AS UNSIGNED) BETWEEN 1 AND 36500
      WHEN name = 'run_lock.alarm_seconds' THEN value REGEXP '^[0-9]{1,6}$' AND CAST(value AS UNSIGNED) BETWEEN 60 AND 604800
      WHEN name = 'run_lock.lease_seconds' THEN value REGEXP '^[0-9]{1,5}$' AND CAST(value AS UNSIGNED) BETWEEN 60 AND 86400
      ELSE TRUE
    END)
