#include "collect/metric_source.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "model/units.hpp"

namespace perfgate {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// How a captured or JSON value is shown in a message: quoted, shortened.
std::string shown(std::string_view text) {
  constexpr std::size_t max_chars = 40;
  std::string out(text.substr(0, max_chars));
  if (text.size() > max_chars) out += "...";
  return "'" + out + "'";
}

// A whole string as a finite double ("12.5", "1e3", " 7 "); nullopt when
// anything but surrounding spaces is left over.
std::optional<double> parse_number(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value))
    return std::nullopt;
  return value;
}

MetricReading failed(const DeclaredMetric& metric, const std::string& why) {
  return MetricReading{std::nullopt, "metric '" + metric.info.name + "': " + why};
}

MetricReading read_from_stdout(const DeclaredMetric& metric, const std::string& stdout_text) {
  const std::string& pattern = metric.source.regex;
  std::regex re;
  try {
    re = std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return failed(metric,
                  "pattern '" + pattern + "' is not a valid regular expression (" + e.what() + ")");
  }
  std::smatch match;
  if (!std::regex_search(stdout_text, match, re)) {
    return failed(metric, "pattern '" + pattern + "' matched nothing in " +
                              format_bytes(static_cast<double>(stdout_text.size())) + " of stdout");
  }
  const std::size_t group = re.mark_count() > 0 ? 1 : 0;
  if (!match[group].matched)
    return failed(metric, "pattern '" + pattern + "' matched, but its group 1 captured nothing");
  std::string captured = match[group].str();
  auto value = parse_number(captured);
  if (!value)
    return failed(metric, "pattern '" + pattern + "' captured " + shown(captured) +
                              ", which is not a number");
  return MetricReading{value, {}};
}

std::string type_of(const json& j) {
  if (j.is_object()) return "an object";
  if (j.is_array()) return "an array";
  if (j.is_string()) return "a string";
  if (j.is_boolean()) return "a boolean";
  if (j.is_null()) return "null";
  return "a number";
}

// What is at the deepest part of `pointer` that exists, for a "not found"
// message: "(keys: tokens, latency)", "(/perf is an array of 3)".
std::string what_is_there(const json& doc, const json::json_pointer& pointer) {
  json::json_pointer parent = pointer.parent_pointer();
  while (!parent.empty() && !doc.contains(parent)) parent = parent.parent_pointer();
  const json& at = doc[parent];
  std::string where = parent.empty() ? "the document" : parent.to_string();
  if (at.is_object()) {
    if (at.empty()) return "(" + where + " is an empty object)";
    std::string keys;
    int listed = 0;
    for (auto it = at.begin(); it != at.end(); ++it) {
      if (listed == 10) {
        keys += ", ...";
        break;
      }
      keys += (listed++ ? ", " : "") + it.key();
    }
    return "(keys: " + keys + ")";
  }
  if (at.is_array()) return "(" + where + " is an array of " + std::to_string(at.size()) + ")";
  return "(" + where + " is " + type_of(at) + ")";
}

MetricReading read_from_json(const DeclaredMetric& metric, const std::string& cwd) {
  const std::string& file = metric.source.json_file;
  const std::string& pointer_text = metric.source.json_pointer;
  fs::path path = cwd.empty() ? fs::path(file) : fs::path(cwd) / file;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return failed(metric, "file " + file + " was not written" +
                              (cwd.empty() ? std::string() : " (looked in " + cwd + ")"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return failed(metric, "cannot read " + file);
  json doc;
  try {
    doc = json::parse(in);
  } catch (const json::exception& e) {
    return failed(metric, file + " is not valid JSON: " + e.what());
  }
  json::json_pointer pointer;
  try {
    pointer = json::json_pointer(pointer_text);
  } catch (const json::exception& e) {
    return failed(metric, "'" + pointer_text + "' is not a JSON pointer: " + e.what());
  }
  bool found = false;
  try {
    found = doc.contains(pointer);
  } catch (const json::exception&) {
    found = false;  // e.g. a non-numeric token into an array
  }
  if (!found)
    return failed(metric,
                  pointer_text + " not found in " + file + " " + what_is_there(doc, pointer));
  const json& value = doc[pointer];
  if (!value.is_number()) {
    return failed(metric, pointer_text + " in " + file + " is " + type_of(value) + " (" +
                              shown(value.dump()) + "), not a number");
  }
  double number = value.get<double>();
  if (!std::isfinite(number))
    return failed(metric, pointer_text + " in " + file + " is not a finite number");
  return MetricReading{number, {}};
}

}  // namespace

MetricReading read_metric(const DeclaredMetric& metric, const std::string& stdout_text,
                          const std::string& cwd) {
  switch (metric.source.kind) {
    case MetricSource::Kind::stdout_regex:
      return read_from_stdout(metric, stdout_text);
    case MetricSource::Kind::json_file:
      return read_from_json(metric, cwd);
  }
  return failed(metric, "unknown metric source");
}

void clear_metric_output(const DeclaredMetric& metric, const std::string& cwd) {
  if (metric.source.kind != MetricSource::Kind::json_file || metric.source.json_file.empty())
    return;
  fs::path file(metric.source.json_file);
  std::error_code ignored;  // nothing to remove is the common case
  fs::remove(cwd.empty() ? file : fs::path(cwd) / file, ignored);
}

}  // namespace perfgate
