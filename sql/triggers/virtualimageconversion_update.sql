-- virtualimageconversion_update: a conversion reaching or leaving FINISHED, or changing size
-- (or image) while FINISHED, closes/opens its repository interval (REGISTER_REPOSITORY_EVENT);
-- accounted only while its image is stored. Other changes write nothing.
-- SET @accounting_mute = 1 mutes it.
-- Example: UPDATE kinton.virtualimage_conversion SET state = 'FINISHED' WHERE id = 3;
CREATE OR REPLACE TRIGGER kinton.virtualimageconversion_update
AFTER UPDATE ON kinton.virtualimage_conversion
FOR EACH ROW
IF @accounting_mute IS NULL OR @accounting_mute = 0 THEN
  IF (OLD.state = 'FINISHED' OR NEW.state = 'FINISHED')
     AND NOT (OLD.state <=> NEW.state AND OLD.size <=> NEW.size AND OLD.idImage <=> NEW.idImage) THEN
    BEGIN
      DECLARE v_ent INT UNSIGNED DEFAULT NULL;
      DECLARE v_avail TINYINT DEFAULT 0;
      DECLARE v_repo INT UNSIGNED DEFAULT NULL;
      DECLARE v_master INT UNSIGNED DEFAULT NULL;
      DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_ent = NULL;
      IF NOT (OLD.idImage <=> NEW.idImage) THEN
        CALL kinton_accounting.REGISTER_REPOSITORY_EVENT(OLD.idImage, OLD.id, 0, NULL, NULL,
          NULL, NULL, OLD.size);
      END IF;
      SELECT vi.idEnterprise, vi.available, vi.idRepository, vi.idMaster
        INTO v_ent, v_avail, v_repo, v_master
        FROM kinton.virtualimage vi
       WHERE vi.idImage = NEW.idImage;
      CALL kinton_accounting.REGISTER_REPOSITORY_EVENT(NEW.idImage, NEW.id,
        NEW.state = 'FINISHED' AND v_ent IS NOT NULL AND v_avail = 1, v_ent, v_repo,
        IF(v_master IS NULL, 'TEMPLATE-CONVERSION', 'INSTANCE-CONVERSION'), NEW.targetType,
        NEW.size);
    END;
  END IF;
END IF
