-- enterprise: a customer of the cloud (reference inventory).
-- Example: INSERT INTO kinton.enterprise (name, internal_customer_id) VALUES ('Acme', 'ACC-1');
CREATE TABLE IF NOT EXISTS kinton.enterprise (
  idEnterprise INT UNSIGNED NOT NULL AUTO_INCREMENT,
  name VARCHAR(255) NOT NULL,
  internal_customer_id VARCHAR(255) NULL DEFAULT NULL,
  PRIMARY KEY (idEnterprise)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Enterprises (customers); internal_customer_id is the accounting account_id'
