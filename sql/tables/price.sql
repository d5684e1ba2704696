-- price: the unit prices of a price list version, per resource type and optionally per
-- discriminator (anyDiscriminator = 1: every discriminator of the type; 0: only idDiscriminator,
-- a storage tier for type 13, a hypervisor type's object_name id for 7, a cost code for 24); the
-- more specific price wins. unitPrice is per unit-hour in the type's readable unit
-- (RESOURCE_TYPE_VW.readableUnit: core·h, GiB·h or h). A type without a price costs nothing and
-- is reported as unpriced.
-- Example: SELECT * FROM kinton_accounting.price WHERE idPriceList = 1 ORDER BY validFrom, idAccountingResourceType;
CREATE TABLE IF NOT EXISTS kinton_accounting.price (
  idPriceList INT UNSIGNED NOT NULL,
  validFrom DATETIME NOT NULL,
  idAccountingResourceType TINYINT UNSIGNED NOT NULL,
  anyDiscriminator TINYINT UNSIGNED NOT NULL,
  idDiscriminator INT UNSIGNED NOT NULL DEFAULT 0,
  unitPrice DECIMAL(38,12) NOT NULL,
  PRIMARY KEY (idPriceList, validFrom, idAccountingResourceType, anyDiscriminator, idDiscriminator),
  CONSTRAINT fk_price_version FOREIGN KEY (idPriceList, validFrom)
    REFERENCES kinton_accounting.price_list_version (idPriceList, validFrom),
  CONSTRAINT ck_price_positive CHECK (unitPrice >= 0),
  CONSTRAINT ck_price_any CHECK (anyDiscriminator IN (0, 1) AND (anyDiscriminator = 0 OR idDiscriminator = 0))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Unit prices per version, resource type and (optionally) discriminator, per readable unit-hour'
