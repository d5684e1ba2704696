-- virtualdatacenter_create: records a new VDC's name (name history kind 3) and interns its
-- hypervisorType in object_name, so its VMs' type-7 discriminator exists before they deploy.
-- SET @accounting_mute = 1 mutes it.
-- Example: INSERT INTO kinton.virtualdatacenter (idEnterprise, idDataCenter, name, hypervisorType) VALUES (1, 1, 'prod', 'KVM');
CREATE OR REPLACE TRIGGER kinton.virtualdatacenter_create
AFTER INSERT ON kinton.virtualdatacenter
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  BEGIN
    DECLARE v_id INT UNSIGNED DEFAULT NULL;
    CALL kinton_accounting.INTERN_OBJECT_NAME(NEW.hypervisorType, v_id);
    CALL kinton_accounting.REGISTER_NAME(3, NEW.idVirtualDataCenter, NEW.name, UTC_TIMESTAMP());
  END;
END IF
