#ifndef CLOUDACCOUNTING_CMARIADB_SHIM_H
#define CLOUDACCOUNTING_CMARIADB_SHIM_H
#include <mysql.h>

/* mysql_optionsv is variadic, which Swift cannot call; this typed wrapper can be. */
static inline int cam_option_string(MYSQL *mysql, enum mysql_option option, const char *value) {
  return mysql_options(mysql, option, value);
}
#endif
