-- costcode: a pricing code that images carry (virtualimage.cost_code; resource type 24).
-- Example: INSERT INTO kinton.costcode (name) VALUES ('Windows licence');
CREATE TABLE IF NOT EXISTS kinton.costcode (
  idCostCode INT UNSIGNED NOT NULL AUTO_INCREMENT,
  name VARCHAR(255) NOT NULL,
  PRIMARY KEY (idCostCode)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Cost codes'
