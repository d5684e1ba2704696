-- virtualimage_conversion: a copy of an image in another format; accounted while FINISHED and its
-- image is stored.
-- Example: INSERT INTO kinton.virtualimage_conversion (idImage, targetType, size, state) VALUES (1, 'VMDK_FLAT', 1073741824, 'FINISHED');
CREATE TABLE IF NOT EXISTS kinton.virtualimage_conversion (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  idImage INT UNSIGNED NOT NULL,
  targetType VARCHAR(50) NOT NULL,
  size BIGINT UNSIGNED NOT NULL DEFAULT 0,
  state VARCHAR(20) NOT NULL DEFAULT 'ENQUEUED',
  PRIMARY KEY (id),
  KEY ix_conversion_image (idImage),
  CONSTRAINT fk_conversion_image FOREIGN KEY (idImage)
    REFERENCES kinton.virtualimage (idImage) ON DELETE RESTRICT ON UPDATE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Image conversions; state ENQUEUED, FINISHED or FAILED; size in bytes'
