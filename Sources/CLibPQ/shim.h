#ifndef GRIDDESK_CLIBPQ_SHIM_H
#define GRIDDESK_CLIBPQ_SHIM_H
// libpq, PostgreSQL's own client library (package libpq-dev: headers in /usr/include/postgresql).
// Used only by the PostgresStore module.
#include <postgresql/libpq-fe.h>
#endif
