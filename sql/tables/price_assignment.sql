-- price_assignment: an enterprise priced by a list of its own from a UTC hour (validFrom) until its
-- next assignment; without one, the list named 'default' prices it.
-- Example: SELECT * FROM kinton_accounting.price_assignment WHERE idEnterprise = 7;
CREATE TABLE IF NOT EXISTS kinton_accounting.price_assignment (
  idEnterprise INT UNSIGNED NOT NULL,
  validFrom DATETIME NOT NULL,
  idPriceList INT UNSIGNED NOT NULL,
  assignedAt DATETIME NOT NULL,
  PRIMARY KEY (idEnterprise, validFrom),
  CONSTRAINT fk_price_assignment_list FOREIGN KEY (idPriceList) REFERENCES kinton_accounting.price_list (idPriceList),
  CONSTRAINT ck_price_assignment_hour CHECK (MINUTE(validFrom) = 0 AND SECOND(validFrom) = 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Enterprises priced by their own list from an hour on'
