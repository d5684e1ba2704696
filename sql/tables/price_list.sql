-- price_list: a named price list in one ISO 4217 currency. minorUnits: the currency's minor unit
-- digits (2 for EUR and USD, 0 for JPY, 3 for KWD), to which a report rounds a cost (half up);
-- costs are computed and summed unrounded. The list named 'default' prices every enterprise
-- without an assignment of its own (price_assignment).
-- Example: SELECT name, currency FROM kinton_accounting.price_list;
CREATE TABLE IF NOT EXISTS kinton_accounting.price_list (
  idPriceList INT UNSIGNED NOT NULL AUTO_INCREMENT,
  name VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  currency CHAR(3) CHARACTER SET ascii NOT NULL,
  minorUnits TINYINT UNSIGNED NOT NULL,
  createdAt DATETIME NOT NULL,
  PRIMARY KEY (idPriceList),
  UNIQUE KEY uk_price_list_name (name),
  CONSTRAINT ck_price_list_currency CHECK (currency REGEXP '^[A-Z]{3}$'),
  CONSTRAINT ck_price_list_minor CHECK (minorUnits <= 4)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Price lists: name, ISO 4217 currency and its minor unit digits'
