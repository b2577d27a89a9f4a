// PostgreSQL store URLs: libpq connection URIs as users write them after
// --store ("postgresql://USER:PASSWORD@HOST:PORT/DATABASE?PARAM=VALUE").
// A URL may carry a password; what perfgate prints and keeps for messages is
// the URL without it, made here and nowhere else.
#pragma once

#include <string>
#include <string_view>

namespace perfgate::pg {

// Whether `url` names a PostgreSQL store ("postgresql://" or "postgres://").
bool is_postgres_url(std::string_view url);

// `url` without its password: the password in the user part
// ("user:secret@host") and any "password" parameter are left out, everything
// else is kept as written. For messages and Store::describe().
std::string redact(std::string_view url);

// The password `url` carries ("" when none), so that a message from the
// server or from libpq that happens to repeat it can be scrubbed.
std::string password_of(std::string_view url);

// What is handed to libpq: `url` with connect_timeout=10 (a server that does
// not answer is an error after 10 s, not a hang) and
// fallback_application_name=perfgate (how the server's pg_stat_activity names
// perfgate) added, each unless the URL sets it.
std::string connection_string(std::string_view url);

}  // namespace perfgate::pg
