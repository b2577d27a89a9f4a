#include "store/postgres_connection.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstring>
#include <stdexcept>

namespace perfgate::pg {

std::string number(double v) { return fmt::format("{}", v); }

std::string number(std::int64_t v) { return std::to_string(v); }

double to_double(const pqxx::field& f) {
  if (f.is_null()) return 0.0;
  // The server writes the shortest text that reads back exactly (PostgreSQL
  // 12 and later; older ones with extra_float_digits = 3, set on connecting);
  // from_chars reads it exactly, "Infinity" and "NaN" included.
  const char* text = f.c_str();
  const char* end = text + std::strlen(text);
  double v = 0.0;
  const auto [ptr, ec] = std::from_chars(text, end, v);
  if (ec != std::errc() || ptr != end)
    throw std::runtime_error(std::string("the server sent \"") + text +
                             "\" where a number belongs");
  return v;
}

std::optional<double> to_optional_double(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return to_double(f);
}

std::int64_t to_int64(const pqxx::field& f) {
  if (f.is_null()) return 0;
  return f.as<std::int64_t>();
}

std::string like_prefix(const std::string& prefix) {
  std::string pattern;
  for (char c : prefix) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "%";
}

pqxx::result exec(pqxx::transaction_base& tx, const std::string& sql, const Params& params) {
  return tx.exec_params(sql, pqxx::prepare::make_dynamic_params(params));
}

Connection::Connection(std::string conninfo) : conninfo_(std::move(conninfo)) { connect(); }

Connection::~Connection() = default;

void Connection::connect() {
  quiet_.reset();
  conn_.reset();
  auto conn = std::make_unique<pqxx::connection>(conninfo_);
  // Notices ("relation already exists, skipping") are not the user's concern,
  // and libpqxx would print them on stderr between perfgate's own lines.
  quiet_ = std::make_unique<pqxx::quiet_errorhandler>(*conn);
  pqxx::nontransaction setup(*conn);
  setup.exec("SET extra_float_digits = 3");
  setup.commit();
  conn_ = std::move(conn);
}

pqxx::connection& Connection::get() {
  if (!conn_ || !conn_->is_open()) connect();
  return *conn_;
}

std::string one_line(const std::exception& e, const std::string& password) {
  std::string out;
  std::string_view text = e.what();
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    // libpq's "ERROR:  " adds nothing; CONTEXT (the last part, possibly of
    // several lines) and the query echo (LINE 1: ... and its ^ marker, QUERY:)
    // are for the server's log, not for a user.
    if (line.starts_with("CONTEXT:")) break;
    for (std::string_view level : {"ERROR:", "FATAL:"}) {
      if (line.starts_with(level)) {
        line.remove_prefix(level.size());
        while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      }
    }
    const bool noise = line.starts_with("QUERY:") || line.starts_with("LINE ") ||
                       line.find_first_not_of(" ^") == std::string_view::npos;
    if (!noise) {
      if (!out.empty()) out += out.back() == '.' || out.back() == ':' ? " " : "; ";
      out += line;
    }
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();
  if (!password.empty()) {
    for (std::size_t at = out.find(password); at != std::string::npos;
         at = out.find(password, at + 3))
      out.replace(at, password.size(), "***");
  }
  return out;
}

bool connection_lost(const std::exception& e) {
  if (dynamic_cast<const pqxx::broken_connection*>(&e)) return true;
  if (const auto* s = dynamic_cast<const pqxx::sql_error*>(&e)) {
    // Class 08: connection exception; 57P01-57P03: admin or crash shutdown,
    // cannot connect now.
    const std::string& state = s->sqlstate();
    return state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03";
  }
  return false;
}

}  // namespace perfgate::pg
