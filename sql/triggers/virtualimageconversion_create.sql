-- virtualimageconversion_create: a conversion inserted FINISHED while its image is stored
-- (idEnterprise set, available = 1) opens its repository interval (REGISTER_REPOSITORY_EVENT,
-- key (idImage, id)). SET @accounting_mute = 1 mutes it.
-- Example: INSERT INTO kinton.virtualimage_conversion (idImage, targetType, size, state) VALUES (7, 'VMDK_FLAT', 1073741824, 'FINISHED');
CREATE OR REPLACE TRIGGER kinton.virtualimageconversion_create
AFTER INSERT ON kinton.virtualimage_conversion
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF NEW.state = 'FINISHED' THEN
    BEGIN
      DECLARE v_ent INT UNSIGNED DEFAULT NULL;
      DECLARE v_avail TINYINT DEFAULT 0;
      DECLARE v_repo INT UNSIGNED DEFAULT NULL;
      DECLARE v_master INT UNSIGNED DEFAULT NULL;
      DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_ent = NULL;
      SELECT vi.idEnterprise, vi.available, vi.idRepository, vi.idMaster
        INTO v_ent, v_avail, v_repo, v_master
        FROM kinton.virtualimage vi
       WHERE vi.idImage = NEW.idImage;
      IF v_ent IS NOT NULL AND v_avail = 1 THEN
        CALL kinton_accounting.REGISTER_REPOSITORY_EVENT(NEW.idImage, NEW.id, 1, v_ent, v_repo,
          IF(v_master IS NULL, 'TEMPLATE-CONVERSION', 'INSTANCE-CONVERSION'), NEW.targetType,
          NEW.size);
      END IF;
    END;
  END IF;
END IF
