-- ACCOUNTING_CONFIG_VW: the parameters: name, value in force, default, meaning.
-- Change them with `accounting config set KEY VALUE` (validated).
-- Example: SELECT * FROM kinton_accounting.ACCOUNTING_CONFIG_VW ORDER BY name;
CREATE OR REPLACE SQL SECURITY DEFINER VIEW kinton_accounting.ACCOUNTING_CONFIG_VW AS
SELECT p.name AS name,
       p.value AS value,
       p.defaultValue AS defaultValue,
       p.meaning AS meaning
  FROM kinton_accounting.accounting_parameter p
