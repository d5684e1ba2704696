-- repository: an image repository of a datacenter.
-- Example: INSERT INTO kinton.repository (idDataCenter, name) VALUES (1, 'nfs-repo');
CREATE TABLE IF NOT EXISTS kinton.repository (
  idRepository INT UNSIGNED NOT NULL AUTO_INCREMENT,
  idDataCenter INT UNSIGNED NOT NULL,
  name VARCHAR(255) NOT NULL,
  PRIMARY KEY (idRepository),
  KEY ix_repository_datacenter (idDataCenter),
  CONSTRAINT fk_repository_datacenter FOREIGN KEY (idDataCenter)
    REFERENCES kinton.datacenter (idDataCenter) ON DELETE RESTRICT ON UPDATE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Image repositories'
