// Reads a receipt (docs/receipts.md) against schema version 1. Messages name
// the field by JSON pointer ("/performance/tokens_per_second/samples/3"),
// the form docs/receipt.schema.json validators print too, so a user can
// find the same field with either tool.
#include <cmath>
#include <nlohmann/json.hpp>
#include <string_view>

#include "model/error.hpp"
#include "model/file_text.hpp"
#include "model/json_io.hpp"
#include "model/receipt.hpp"

namespace perfgate {
namespace {

using json = nlohmann::json;

constexpr const char* kFix = "see docs/receipts.md for the fields";
constexpr std::string_view kTopKeys[] = {
    "schema_version", "timestamp", "tool",          "benchmark", "compute_path",
    "backend",        "kernels",   "deterministic", "seed",      "environment",
    "performance",    "accuracy",  "output_digest"};
constexpr std::string_view kSummaryKeys[] = {"mean", "p50", "p95", "p99", "min", "max"};

// RFC 6901: '~' -> "~0", '/' -> "~1".
std::string pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

class ReceiptReader {
 public:
  explicit ReceiptReader(const std::string& origin) : origin_(origin) {}

  [[noreturn]] void fail(const std::string& ptr, const std::string& what) const {
    throw input_error(origin_ + ": field " + (ptr.empty() ? "/" : ptr) + ": " + what);
  }
  [[noreturn]] void wrong(const std::string& ptr, const char* expected, const json& found) const {
    fail(ptr, std::string("expected ") + expected + ", found " + JsonReader::describe_value(found) +
                  "; " + kFix);
  }

  const json& required(const json& obj, const std::string& ptr, const char* key) const {
    auto it = obj.find(key);
    if (it == obj.end()) fail(ptr + "/" + key, "missing (a required field); " + std::string(kFix));
    return *it;
  }
  const json& object(const json& v, const std::string& ptr) const {
    if (!v.is_object()) wrong(ptr, "an object", v);
    return v;
  }
  std::string string(const json& v, const std::string& ptr, bool non_empty = true) const {
    if (!v.is_string()) wrong(ptr, "a string", v);
    std::string s = v.get<std::string>();
    if (non_empty && s.empty()) fail(ptr, "is empty; write a value");
    return s;
  }
  double number(const json& v, const std::string& ptr) const {
    // A string "NaN" or "Infinity" is not a measured value either.
    if (!v.is_number()) wrong(ptr, "a finite number", v);
    const double d = v.get<double>();
    if (!std::isfinite(d)) wrong(ptr, "a finite number", v);
    return d;
  }
  void check_keys(const json& obj, const std::string& ptr,
                  std::initializer_list<std::string_view> keys) const {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      bool known = false;
      for (std::string_view k : keys) known = known || k == it.key();
      if (!known) unknown(ptr, it.key());
    }
  }
  [[noreturn]] void unknown(const std::string& ptr, const std::string& key) const {
    fail(ptr + "/" + pointer_token(key),
         "unknown field; remove it or fix its name (" + std::string(kFix) + ")");
  }

  ReceiptData read(const json& root) {
    object(root, "");
    for (auto it = root.begin(); it != root.end(); ++it) {
      bool known = false;
      for (std::string_view k : kTopKeys) known = known || k == it.key();
      if (!known) unknown("", it.key());
    }
    ReceiptData r;
    r.path = origin_;
    read_version(required(root, "", "schema_version"));
    r.timestamp = timestamp(required(root, "", "timestamp"));
    const json& tool = object(required(root, "", "tool"), "/tool");
    check_keys(tool, "/tool", {"name", "version"});
    r.tool_name = string(required(tool, "/tool", "name"), "/tool/name");
    r.tool_version = string(required(tool, "/tool", "version"), "/tool/version");
    r.benchmark = string(required(root, "", "benchmark"), "/benchmark");
    r.compute_path = string(required(root, "", "compute_path"), "/compute_path");
    r.backend = string(required(root, "", "backend"), "/backend");
    read_kernels(required(root, "", "kernels"), r);
    const json& det = required(root, "", "deterministic");
    if (!det.is_boolean()) wrong("/deterministic", "true or false", det);
    r.deterministic = det.get<bool>();
    read_seed(required(root, "", "seed"), r);
    read_environment(required(root, "", "environment"), r);
    read_performance(required(root, "", "performance"), r);
    read_accuracy(required(root, "", "accuracy"), r);
    read_digest(required(root, "", "output_digest"), r);
    return r;
  }

 private:
  void read_version(const json& v) const {
    if (!v.is_number_integer()) wrong("/schema_version", "the integer 1", v);
    const auto version = v.get<std::int64_t>();
    if (version != ReceiptData::supported_schema_version)
      fail("/schema_version", "unknown schema version " + std::to_string(version) +
                                  "; this perfgate reads version " +
                                  std::to_string(ReceiptData::supported_schema_version) +
                                  " (upgrade perfgate, or write version 1 receipts)");
  }

  // "2026-11-24T02:15:25Z" or with fractions / an offset: RFC 3339 in shape.
  std::string timestamp(const json& v) const {
    std::string s = string(v, "/timestamp");
    auto digits = [&](std::size_t at, std::size_t n) {
      for (std::size_t i = at; i < at + n; ++i)
        if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
      return true;
    };
    const bool ok = s.size() >= 20 && digits(0, 4) && s[4] == '-' && digits(5, 2) && s[7] == '-' &&
                    digits(8, 2) && (s[10] == 'T' || s[10] == 't') && digits(11, 2) &&
                    s[13] == ':' && digits(14, 2) && s[16] == ':' && digits(17, 2);
    if (!ok)
      fail("/timestamp", "\"" + s.substr(0, 40) +
                             "\" is not an RFC 3339 time; write e.g. \"2026-11-24T02:15:25Z\"");
    return s;
  }

  void read_kernels(const json& v, ReceiptData& r) const {
    if (!v.is_array()) wrong("/kernels", "an array of kernel names", v);
    for (std::size_t i = 0; i < v.size(); ++i)
      r.kernels.push_back(string(v[i], "/kernels/" + std::to_string(i)));
  }

  void read_seed(const json& v, ReceiptData& r) const {
    if (v.is_null()) return;
    if (!v.is_number_unsigned()) wrong("/seed", "a whole number >= 0, or null", v);
    r.seed = v.get<std::uint64_t>();
  }

  void read_environment(const json& v, ReceiptData& r) const {
    object(v, "/environment");
    for (auto it = v.begin(); it != v.end(); ++it)
      r.environment[it.key()] =
          string(it.value(), "/environment/" + pointer_token(it.key()), false);
  }

  void read_performance(const json& v, ReceiptData& r) const {
    object(v, "/performance");
    if (v.empty())
      fail("/performance", "has no figures; a receipt backs at least one measured figure");
    for (auto it = v.begin(); it != v.end(); ++it) {
      const std::string ptr = "/performance/" + pointer_token(it.key());
      for (char c : it.key()) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == ':';
        if (!ok)
          fail(ptr,
               "a figure name uses letters, digits and . _ - : only (it becomes a metric "
               "name)");
      }
      if (it.key().empty()) fail(ptr, "a figure needs a name");
      r.performance[it.key()] = figure(it.value(), ptr);
    }
  }

  ReceiptFigureData figure(const json& v, const std::string& ptr) const {
    object(v, ptr);
    check_keys(v, ptr, {"unit", "direction", "samples", "summary"});
    ReceiptFigureData f;
    f.unit = string(required(v, ptr, "unit"), ptr + "/unit");
    if (const auto it = v.find("direction"); it != v.end()) {
      std::string d = string(*it, ptr + "/direction");
      f.direction = parse_direction(d);
      if (!f.direction)
        fail(ptr + "/direction", "is \"" + d + "\"; expected \"lower\" or \"higher\"");
    }
    if (const auto it = v.find("samples"); it != v.end()) {
      if (!it->is_array() || it->empty())
        wrong(ptr + "/samples", "a non-empty array of numbers", *it);
      for (std::size_t i = 0; i < it->size(); ++i)
        f.samples.push_back(number((*it)[i], ptr + "/samples/" + std::to_string(i)));
    }
    if (const auto it = v.find("summary"); it != v.end()) {
      if (!it->is_object() || it->empty())
        wrong(ptr + "/summary", "an object such as {\"mean\": 41.2, \"p95\": 48}", *it);
      for (auto s = it->begin(); s != it->end(); ++s) {
        bool known = false;
        for (std::string_view k : kSummaryKeys) known = known || k == s.key();
        if (!known) unknown(ptr + "/summary", s.key());
        f.summary[s.key()] = number(s.value(), ptr + "/summary/" + s.key());
      }
    }
    if (f.samples.empty() && f.summary.empty())
      fail(ptr, "has neither samples nor a summary; give at least one value");
    return f;
  }

  void read_accuracy(const json& v, ReceiptData& r) const {
    if (v.is_null()) return;
    object(v, "/accuracy");
    check_keys(v, "/accuracy", {"metric", "value", "reference", "tolerance"});
    ReceiptAccuracy a;
    a.metric = string(required(v, "/accuracy", "metric"), "/accuracy/metric");
    a.value = number(required(v, "/accuracy", "value"), "/accuracy/value");
    a.reference = number(required(v, "/accuracy", "reference"), "/accuracy/reference");
    a.tolerance = number(required(v, "/accuracy", "tolerance"), "/accuracy/tolerance");
    if (a.tolerance < 0) fail("/accuracy/tolerance", "is negative; a tolerance is >= 0");
    r.accuracy = a;
  }

  void read_digest(const json& v, ReceiptData& r) const {
    if (v.is_null()) return;
    object(v, "/output_digest");
    check_keys(v, "/output_digest", {"algorithm", "value"});
    r.digest_algorithm =
        string(required(v, "/output_digest", "algorithm"), "/output_digest/algorithm");
    r.digest_value = string(required(v, "/output_digest", "value"), "/output_digest/value");
    std::size_t hex_digits = 0;
    if (r.digest_algorithm == "fnv1a64")
      hex_digits = 16;
    else if (r.digest_algorithm == "sha256")
      hex_digits = 64;
    else
      fail("/output_digest/algorithm",
           "is \"" + r.digest_algorithm + "\"; expected \"fnv1a64\" or \"sha256\"");
    const bool hex = r.digest_value.size() == hex_digits &&
                     r.digest_value.find_first_not_of("0123456789abcdef") == std::string::npos;
    if (!hex)
      fail("/output_digest/value", "expected " + std::to_string(hex_digits) +
                                       " lower-case hexadecimal digits for " + r.digest_algorithm);
  }

  const std::string& origin_;
};

}  // namespace

ReceiptData parse_receipt(const std::string& text, const std::string& origin) {
  const json root = parse_json_document(
      text, origin, "a receipt (JSON, docs/receipts.md)",
      "the file is cut short or not JSON; a receipt is written whole (write a temporary file, "
      "then rename) and has finite numbers only");
  return ReceiptReader(origin).read(root);
}

ReceiptData load_receipt(const std::string& path) {
  return parse_receipt(read_file_text(path, "receipt"), path);
}

}  // namespace perfgate
