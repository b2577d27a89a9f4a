#include "store/postgres_url.hpp"

#include <vector>

namespace perfgate::pg {
namespace {

// The parts of a URL that may hold a password. libpq reads the user part up
// to the first '@' or '/'; the last '@' before the parameters is taken here,
// so that a password with an unescaped '@' or '/' is still hidden whole (a
// database name with an '@' is shown oddly instead: the safer mistake).
struct Parts {
  std::string_view scheme;     // "postgresql://"
  std::string_view user;       // "" when none
  std::string_view password;   // "" when none
  bool has_userinfo = false;   // an '@' was there
  std::string_view host_path;  // "HOST:PORT/DATABASE"
  std::string_view query;      // after '?', without it
  bool has_query = false;
};

Parts split(std::string_view url) {
  Parts p;
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    p.host_path = url;
    return p;
  }
  p.scheme = url.substr(0, scheme_end + 3);
  std::string_view rest = url.substr(scheme_end + 3);
  const std::size_t q = rest.find('?');
  if (q != std::string_view::npos) {
    p.query = rest.substr(q + 1);
    p.has_query = true;
    rest = rest.substr(0, q);
  }
  const std::size_t at = rest.rfind('@');
  if (at != std::string_view::npos) {
    p.has_userinfo = true;
    const std::string_view userinfo = rest.substr(0, at);
    const std::size_t colon = userinfo.find(':');
    p.user = userinfo.substr(0, colon);
    if (colon != std::string_view::npos) p.password = userinfo.substr(colon + 1);
    rest = rest.substr(at + 1);
  }
  p.host_path = rest;
  return p;
}

std::vector<std::string_view> query_params(std::string_view query) {
  std::vector<std::string_view> out;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    out.push_back(query.substr(0, amp));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

std::string_view param_name(std::string_view param) { return param.substr(0, param.find('=')); }

bool has_param(std::string_view url, std::string_view name) {
  for (std::string_view p : query_params(split(url).query))
    if (param_name(p) == name) return true;
  return false;
}

}  // namespace

bool is_postgres_url(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

std::string redact(std::string_view url) {
  const Parts p = split(url);
  std::string out(p.scheme);
  if (p.has_userinfo && !p.user.empty()) out.append(p.user).append("@");
  out.append(p.host_path);
  std::string kept;
  for (std::string_view param : query_params(p.query)) {
    if (param_name(param) == "password") continue;
    kept.append(kept.empty() ? "" : "&").append(param);
  }
  if (!kept.empty()) out.append("?").append(kept);
  return out;
}

std::string password_of(std::string_view url) {
  const Parts p = split(url);
  if (!p.password.empty()) return std::string(p.password);
  for (std::string_view param : query_params(p.query))
    if (param_name(param) == "password" && param.size() > 9) return std::string(param.substr(9));
  return "";
}

std::string connection_string(std::string_view url) {
  std::string out(url);
  const Parts p = split(url);
  // "...?" alone has an empty query: the first parameter follows directly.
  std::string_view sep = !p.has_query ? "?" : p.query.empty() ? "" : "&";
  if (!has_param(url, "connect_timeout")) {
    out.append(sep).append("connect_timeout=10");
    sep = "&";
  }
  if (!has_param(url, "fallback_application_name"))
    out.append(sep).append("fallback_application_name=perfgate");
  return out;
}

}  // namespace perfgate::pg
