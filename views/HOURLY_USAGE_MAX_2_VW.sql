-- HOURLY_USAGE_MAX_2_VW: the reference's older name for ACCOUNT_PERIOD_USAGE_VW: the same rows
-- and columns (the hourly detail as it is, names as valid at the end of each hour).
-- Example: SELECT * FROM kinton_accounting.HOURLY_USAGE_MAX_2_VW WHERE idVirtualMachine = 42;
CREATE OR REPLACE SQL SECURITY DEFINER VIEW kinton_accounting.HOURLY_USAGE_MAX_2_VW AS
SELECT * FROM kinton_accounting.ACCOUNT_PERIOD_USAGE_VW
