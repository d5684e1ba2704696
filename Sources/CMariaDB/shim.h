#ifndef CLOUDACCOUNTING_CMARIADB_SHIM_H
#define CLOUDACCOUNTING_CMARIADB_SHIM_H
#include <mysql.h>

/* mysql_optionsv is variadic, which Swift cannot call; these typed wrappers can be. */
static inline int cam_option_string(MYSQL *mysql, enum mysql_option option, const char *value) {
  return mysql_options(mysql, option, value);
}
static inline int cam_option_uint(MYSQL *mysql, enum mysql_option option, unsigned int value) {
  return mysql_options(mysql, option, &value);
}
static inline int cam_option_bool(MYSQL *mysql, enum mysql_option option, my_bool value) {
  return mysql_options(mysql, option, &value);
}
#endif
