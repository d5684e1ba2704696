-- hardwareprofile: a VM size template; a VM's idHardwareProfile is snapshotted.
-- Example: INSERT INTO kinton.hardwareprofile (name, cpu, ram) VALUES ('small', 1, 2048);
CREATE TABLE IF NOT EXISTS kinton.hardwareprofile (
  idHardwareProfile INT UNSIGNED NOT NULL AUTO_INCREMENT,
  name VARCHAR(255) NOT NULL,
  cpu INT UNSIGNED NOT NULL DEFAULT 0,
  ram INT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (idHardwareProfile)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Hardware profiles; ram in MB'
