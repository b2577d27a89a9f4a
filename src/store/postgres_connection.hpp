// A connection to a PostgreSQL server through libpqxx (6.4, as Debian
// bookworm ships it; kept to this file and the store's .cpp files so that a
// newer libpqxx touches few places), with what the PostgreSQL store needs
// around it: reconnecting after the connection was lost, quiet server
// notices, parameters as text or NULL, and numbers that read back exactly.
#pragma once

#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace perfgate::pg {

// One statement parameter: its text, or NULL.
using Value = std::optional<std::string>;
using Params = std::vector<Value>;

// Text the server reads back as exactly `v` (the shortest that round-trips).
std::string number(double v);
std::string number(std::int64_t v);
inline std::string number(int v) { return number(static_cast<std::int64_t>(v)); }

// A field read back: a double (the server's text parsed exactly; NULL is 0)
// or an integer (NULL is 0).
double to_double(const pqxx::field& f);
std::int64_t to_int64(const pqxx::field& f);
std::optional<double> to_optional_double(const pqxx::field& f);

// A LIKE pattern (backslash escapes) matching text that starts with `prefix`
// literally: its %, _ and \ match only themselves.
std::string like_prefix(const std::string& prefix);

// Runs `sql` with $1, $2, ... bound to `params`.
pqxx::result exec(pqxx::transaction_base& tx, const std::string& sql, const Params& params = {});

class Connection {
 public:
  // Connects with the libpq connection string `conninfo`. Throws what
  // libpqxx throws (pqxx::broken_connection when the server cannot be
  // reached or refuses).
  explicit Connection(std::string conninfo);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // The connection, connected again first when it was lost (the server
  // restarted, or the network dropped), so that the next request after a
  // failure can succeed.
  pqxx::connection& get();

 private:
  void connect();

  std::string conninfo_;
  std::unique_ptr<pqxx::connection> conn_;
  std::unique_ptr<pqxx::quiet_errorhandler> quiet_;  // registered on conn_; destroyed first
};

// What went wrong, for a message: the exception's text on one line (libpq's
// messages span several), with `password` (when not empty) masked.
std::string one_line(const std::exception& e, const std::string& password);

// Whether `e` means the connection to the server is gone (it broke, the
// server shut down, or an administrator ended the session).
bool connection_lost(const std::exception& e);

}  // namespace perfgate::pg
