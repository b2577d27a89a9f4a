#include "model/series_file.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>

#include "model/error.hpp"
#include "model/file_text.hpp"
#include "model/json_io.hpp"

namespace perfgate {
namespace {

constexpr double missing = std::numeric_limits<double>::quiet_NaN();

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool is_missing_token(std::string_view t) {
  return t.empty() || t == "nan" || t == "NaN" || t == "NAN" || t == "NA" || t == "null";
}

// A finite number, or nullopt.
std::optional<double> number(std::string_view t) {
  if (!t.empty() && t[0] == '+') t.remove_prefix(1);  // from_chars takes no '+'
  double v = 0;
  const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || ptr != t.data() + t.size() || t.empty() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  for (;;) {
    const std::size_t comma = line.find(',');
    out.push_back(trim(line.substr(0, comma)));
    if (comma == std::string_view::npos) return out;
    line.remove_prefix(comma + 1);
  }
}

SeriesFile parse_text(std::string_view bytes, const std::string& name) {
  SeriesFile out;
  out.format = "text";
  std::size_t columns = 0;  // 1 or 2 once the first value line is read
  bool header_allowed = true;
  long long last_index = 0;
  std::size_t line_no = 0;
  while (!bytes.empty()) {
    ++line_no;
    const std::size_t eol = bytes.find('\n');
    const std::string_view line = trim(bytes.substr(0, eol));
    bytes.remove_prefix(eol == std::string_view::npos ? bytes.size() : eol + 1);
    if (line.empty() || line[0] == '#') continue;
    const std::string where = name + ":" + std::to_string(line_no) + ": ";
    const std::vector<std::string_view> f = fields(line);
    if (f.size() > 2)
      throw input_error(where + "'" + std::string(line) + "' has " + std::to_string(f.size()) +
                        " fields; expected a value, or index,value");
    const std::string_view value = f.back();
    if (header_allowed) {
      header_allowed = false;
      bool all_words = true;
      for (std::string_view x : f) all_words = all_words && !number(x) && !is_missing_token(x);
      if (all_words) continue;  // a header such as "value" or "index,value"
    }
    if (columns == 0) columns = f.size();
    if (f.size() != columns)
      throw input_error(where + "'" + std::string(line) + "' has " + std::to_string(f.size()) +
                        " field(s) where the lines before have " + std::to_string(columns) +
                        "; use one form, a value or index,value, throughout");
    if (columns == 2) {
      long long index = 0;
      const auto [ptr, ec] = std::from_chars(f[0].data(), f[0].data() + f[0].size(), index);
      if (ec != std::errc() || ptr != f[0].data() + f[0].size() || f[0].empty())
        throw input_error(where + "index '" + std::string(f[0]) + "' is not an integer");
      if (!out.values.empty() && index <= last_index)
        throw input_error(where + "index " + std::to_string(index) + " does not follow " +
                          std::to_string(last_index) + "; indices must increase");
      last_index = index;
    }
    if (is_missing_token(value)) {
      out.values.push_back(missing);
      continue;
    }
    const std::optional<double> v = number(value);
    if (!v)
      throw input_error(where + "'" + std::string(value) +
                        "' is not a finite number; write a number, or leave the value empty "
                        "(or NA) for a missing point");
    out.values.push_back(*v);
  }
  return out;
}

SeriesFile parse_tcpd(std::string_view bytes, const std::string& name) {
  const nlohmann::json doc = parse_json_document(
      bytes, name, "a TCPD series file", "fix the file, or give the series as CSV");
  const char* expected =
      "; expected a TCPD series file: {\"series\": [{\"raw\": [numbers or null]}]}";
  if (!doc.is_object() || !doc.contains("series") || !doc["series"].is_array() ||
      doc["series"].empty())
    throw input_error(name + ": no non-empty \"series\" array" + expected);
  const auto& first = doc["series"][0];
  if (!first.is_object() || !first.contains("raw") || !first["raw"].is_array())
    throw input_error(name + ": /series/0 has no \"raw\" array" + expected);
  SeriesFile out;
  out.format = "tcpd-json";
  const auto& raw = first["raw"];
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i].is_null()) {
      out.values.push_back(missing);
    } else if (raw[i].is_number() && std::isfinite(raw[i].get<double>())) {
      out.values.push_back(raw[i].get<double>());
    } else {
      throw input_error(name + ": /series/0/raw/" + std::to_string(i) + " is " + raw[i].dump() +
                        "; expected a number, or null for a missing point");
    }
  }
  if (doc.contains("n_obs") && doc["n_obs"].is_number_integer() &&
      doc["n_obs"].get<long long>() != static_cast<long long>(raw.size()))
    throw input_error(name + ": n_obs is " + doc["n_obs"].dump() + " but /series/0/raw holds " +
                      std::to_string(raw.size()) + " values; fix one of them");
  if (doc["series"].size() > 1)
    out.notes.push_back("the file has " + std::to_string(doc["series"].size()) +
                        " dimensions; only the first (/series/0) is analysed");
  return out;
}

}  // namespace

SeriesFile parse_series(std::string_view bytes, const std::string& name) {
  const std::string_view body = trim(bytes);
  if (!body.empty() && body.front() == '{') return parse_tcpd(bytes, name);
  return parse_text(bytes, name);
}

SeriesFile read_series_file(const std::string& path) {
  const std::string text = read_file_text(path, "the series");
  return parse_series(text, path);
}

}  // namespace perfgate
