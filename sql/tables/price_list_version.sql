-- price_list_version: a version of a price list, valid from a UTC hour (validFrom) until the
-- list's next version. Its unit prices are in price. A version is written whole by one import.
-- Example: SELECT * FROM kinton_accounting.price_list_version ORDER BY idPriceList, validFrom;
CREATE TABLE IF NOT EXISTS kinton_accounting.price_list_version (
  idPriceList INT UNSIGNED NOT NULL,
  validFrom DATETIME NOT NULL,
  importedAt DATETIME NOT NULL,
  PRIMARY KEY (idPriceList, validFrom),
  CONSTRAINT fk_price_list_version_list FOREIGN KEY (idPriceList) REFERENCES kinton_accounting.price_list (idPriceList),
  CONSTRAINT ck_price_list_version_hour CHECK (MINUTE(validFrom) = 0 AND SECOND(validFrom) = 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Price list versions, each valid from a UTC hour until the next'
