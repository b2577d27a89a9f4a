#include "report/csv_fields.hpp"

#include <charconv>
#include <cmath>

namespace perfgate::csv {

std::string field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

std::string number(double x) {
  if (!std::isfinite(x)) return "";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
  return ec == std::errc() ? std::string(buf, end) : std::string();
}

std::string number(const std::optional<double>& x) { return x ? number(*x) : ""; }

}  // namespace perfgate::csv
