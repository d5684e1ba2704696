-- hypervisor: the hypervisor running on a physical machine; VMs point at it (idHypervisor).
-- Example: INSERT INTO kinton.hypervisor (idPhysicalMachine, type) VALUES (1, 'KVM');
CREATE TABLE IF NOT EXISTS kinton.hypervisor (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  idPhysicalMachine INT UNSIGNED NOT NULL,
  type VARCHAR(255) NOT NULL,
  PRIMARY KEY (id),
  KEY ix_hypervisor_pm (idPhysicalMachine),
  CONSTRAINT fk_hypervisor_pm FOREIGN KEY (idPhysicalMachine)
    REFERENCES kinton.physicalmachine (idPhysicalMachine) ON DELETE RESTRICT ON UPDATE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Hypervisors, one per physical machine in practice'
