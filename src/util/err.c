/* Error code names and texts, generated from SNMPX_ERR_MAP. */
#include <snmpx/err.h>

const char *snmpx_strerror(int code)
{
  switch (code) {
  case 0:
    return "success";
#define SNMPX_ERR_TEXT_(name, value, text)                                    \
  case value:                                                                 \
    return text;
    SNMPX_ERR_MAP(SNMPX_ERR_TEXT_)
#undef SNMPX_ERR_TEXT_
  default:
    return "unknown error";
  }
}

const char *snmpx_errname(int code)
{
  switch (code) {
  case 0:
    return "SNMPX_OK";
#define SNMPX_ERR_NAME_(name, value, text)                                    \
  case value:                                                                 \
    return #name;
    SNMPX_ERR_MAP(SNMPX_ERR_NAME_)
#undef SNMPX_ERR_NAME_
  default:
    return "SNMPX_E?";
  }
}

bool snmpx_err_is_fatal(int code)
{
  return code <= -900;
}
