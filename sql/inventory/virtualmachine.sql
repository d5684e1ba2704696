-- virtualmachine: a VM. Managed VMs (idType = 1) are accounted while deployed.
-- Example: INSERT INTO kinton.virtualmachine (name, idEnterprise, idVirtualApp, cpu, ram, hd, state) VALUES ('web-1', 1, 1, 2, 4096, 10737418240, 'ON');
CREATE TABLE IF NOT EXISTS kinton.virtualmachine (
  idVM INT UNSIGNED NOT NULL AUTO_INCREMENT,
  name VARCHAR(255) NOT NULL,
  description VARCHAR(255) NULL DEFAULT NULL,
  idEnterprise INT UNSIGNED NOT NULL,
  idVirtualApp INT UNSIGNED NOT NULL,
  idHypervisor INT UNSIGNED NULL DEFAULT NULL,
  idImage INT UNSIGNED NULL DEFAULT NULL,
  idHardwareProfile INT UNSIGNED NULL DEFAULT NULL,
  cpu INT UNSIGNED NOT NULL DEFAULT 0,
  ram INT UNSIGNED NOT NULL DEFAULT 0,
  hd BIGINT UNSIGNED NOT NULL DEFAULT 0,
  state VARCHAR(20) NOT NULL DEFAULT 'NOT_ALLOCATED',
  layer VARCHAR(255) NULL DEFAULT NULL,
  idType TINYINT UNSIGNED NOT NULL DEFAULT 1,
  providerId VARCHAR(255) NULL DEFAULT NULL,
  PRIMARY KEY (idVM),
  KEY ix_vm_enterprise (idEnterprise),
  KEY ix_vm_vapp (idVirtualApp),
  KEY ix_vm_hypervisor (idHypervisor),
  KEY ix_vm_image (idImage),
  KEY ix_vm_hardwareprofile (idHardwareProfile),
  CONSTRAINT fk_vm_enterprise FOREIGN KEY (idEnterprise)
    REFERENCES kinton.enterprise (idEnterprise) ON DELETE RESTRICT ON UPDATE RESTRICT,
  CONSTRAINT fk_vm_vapp FOREIGN KEY (idVirtualApp)
    REFERENCES kinton.virtualapp (idVirtualApp) ON DELETE RESTRICT ON UPDATE RESTRICT,
  CONSTRAINT fk_vm_hypervisor FOREIGN KEY (idHypervisor)
    REFERENCES kinton.hypervisor (id) ON DELETE RESTRICT ON UPDATE RESTRICT,
  CONSTRAINT fk_vm_image FOREIGN KEY (idImage)
    REFERENCES kinton.virtualimage (idImage) ON DELETE RESTRICT ON UPDATE RESTRICT,
  CONSTRAINT fk_vm_hardwareprofile FOREIGN KEY (idHardwareProfile)
    REFERENCES kinton.hardwareprofile (idHardwareProfile) ON DELETE RESTRICT ON UPDATE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Virtual machines; ram in MB, hd in bytes; idType 1 managed, 0 imported'
