-- virtualimage: a template (idMaster NULL) or instance stored in a repository; stored (accounted,
-- resource type 11) while idEnterprise is set and available = 1. cost_code feeds its VMs' cost code.
-- Example: INSERT INTO kinton.virtualimage (idEnterprise, idRepository, name, diskFormatType, diskFileSize) VALUES (1, 1, 'debian', 'RAW', 2147483648);
CREATE TABLE IF NOT EXISTS kinton.virtualimage (
  idImage INT UNSIGNED NOT NULL AUTO_INCREMENT,
  idEnterprise INT UNSIGNED NULL DEFAULT NULL,
  idRepository INT UNSIGNED NULL DEFAULT NULL,
  name VARCHAR(255) NOT NULL,
  diskFormatType VARCHAR(50) NOT NULL DEFAULT 'UNKNOWN',
  diskFileSize BIGINT UNSIGNED NOT NULL DEFAULT 0,
  cost_code INT UNSIGNED NULL DEFAULT NULL,
  idMaster INT UNSIGNED NULL DEFAULT NULL,
  available TINYINT UNSIGNED NOT NULL DEFAULT 1,
  PRIMARY KEY (idImage),
  KEY ix_image_enterprise (idEnterprise),
  KEY ix_image_repository (idRepository),
  KEY ix_image_costcode (cost_code),
  KEY ix_image_master (idMaster),
  CONSTRAINT fk_image_enterprise FOREIGN KEY (idEnterprise)
    REFERENCES kinton.enterprise (idEnterprise) ON DELETE RESTRICT ON UPDATE RESTRICT,
  CONSTRAINT fk_image_repository FOREIGN KEY (idRepository)
    REFERENCES kinton.repository (idRepository) ON DELETE RESTRICT ON UPDATE RESTRICT,
  CONSTRAINT fk_image_costcode FOREIGN KEY (cost_code)
    REFERENCES kinton.costcode (idCostCode) ON DELETE RESTRICT ON UPDATE RESTRICT,
  CONSTRAINT fk_image_master FOREIGN KEY (idMaster)
    REFERENCES kinton.virtualimage (idImage) ON DELETE RESTRICT ON UPDATE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Images: templates and instances; diskFileSize in bytes'
