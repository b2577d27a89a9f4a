// Strict reading and writing of perfgate's JSON files (the result file,
// model/run_json.cpp, and the baseline file, model/baseline.cpp) and of other
// tools' JSON (src/adapters). Only .cpp files of the model and adapters layers
// include this header, so nlohmann/json stays out of every other layer.
//
// Every mistake in a document becomes one line
//   "<origin>: <json path>: expected ..., found ...; <what to do>"
// thrown as perfgate::input_error (exit 2). JSON paths read like "benchmarks[2].name".
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "model/limits.hpp"
#include "model/metric.hpp"

namespace perfgate {

// ---------------------------------------------------------------- writing

// JSON has no NaN or infinity; they are written as the strings "NaN",
// "Infinity" and "-Infinity" so that a value round-trips exactly (a metric read
// from output may be "inf"). JsonReader::number reads them back.
nlohmann::ordered_json number_to_json(double v);

// null when absent; a double as number_to_json writes it.
template <class T>
nlohmann::ordered_json optional_to_json(const std::optional<T>& v) {
  if (!v) return nullptr;
  if constexpr (std::is_same_v<T, double>) {
    return number_to_json(*v);
  } else {
    return *v;
  }
}

// A JSON array of to_json(item) for each of `items`, in order.
template <class Items, class ToJson>
nlohmann::ordered_json array_to_json(const Items& items, ToJson to_json) {
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (const auto& item : items) array.push_back(to_json(item));
  return array;
}

// Parts the result file and the baseline file write alike.
// {"name": "perfgate", "version": "<this perfgate's version>"}: what wrote the file.
nlohmann::ordered_json tool_to_json();
// {"lower": {"warning": w, "critical": c}, "higher": {...}}.
nlohmann::ordered_json limits_to_json(const Limits& limits);
// An array of {"metric", "percentile", "max", "min"}; absent values are null.
nlohmann::ordered_json budgets_to_json(const std::vector<Budget>& budgets);
// {"name", "unit", "direction", "compared"}; a caller may append more members.
nlohmann::ordered_json metric_info_to_json(const MetricInfo& info);

// ---------------------------------------------------------------- reading

// How deep JSON values may nest in any file perfgate reads. Every tool writes
// a few levels; parsing is iterative, but printing and destroying a value
// recurse, so a hostile file nested a million deep would overflow the stack.
inline constexpr std::size_t max_json_nesting = 256;

// The byte offset of the first bracket (outside strings) that opens a level
// deeper than max_json_nesting, or std::string_view::npos.
std::size_t json_nesting_too_deep(std::string_view text);

// Parses `text` as one JSON document. Blank text throws
// "<origin>: empty; expected <expected>"; malformed JSON throws
// "<origin>:<line>:<column>: not valid JSON: <reason>; <fix>", and so is a
// document nested deeper than max_json_nesting or a number beyond a double.
nlohmann::json parse_json_document(std::string_view text, const std::string& origin,
                                   std::string_view expected, std::string_view fix);

// Checked access to the values of a parsed document. Every helper names the
// JSON path of what it reads; a wrong type, a missing member or a value out of
// range throws input_error. Readers of one file format derive from it.
class JsonReader {
 public:
  using json = nlohmann::json;

  // `origin` names the source in messages (a path, or "store run 12") and must
  // outlive the reader. `missing_field_fix` completes
  // "missing required field "x"; ..." (what to do, where the fields are listed).
  JsonReader(const std::string& origin, std::string missing_field_fix)
      : origin_(origin), missing_field_fix_(std::move(missing_field_fix)) {}

  const std::string& origin() const { return origin_; }

  // "<origin>: <path>: <what>" (no path part when `path` is empty).
  [[noreturn]] void fail(const std::string& path, const std::string& what) const;
  // "expected <expected>, found <found>; <fix>", at `path`.
  [[noreturn]] void wrong_type(const std::string& path, const char* expected, const json& found,
                               const char* fix) const;

  // The member `key` of `obj`; a missing member is an error.
  const json& required(const json& obj, const std::string& path, const char* key) const;
  // The member `key` of `obj`, or nullptr when it is absent or null.
  static const json* optional(const json& obj, const char* key);

  const json& object(const json& v, const std::string& path) const;
  const json& array(const json& v, const std::string& path) const;
  std::string string(const json& v, const std::string& path) const;
  bool boolean(const json& v, const std::string& path) const;
  // A JSON number, or one of the strings number_to_json writes.
  double number(const json& v, const std::string& path) const;
  // A whole number that fits in int.
  int integer(const json& v, const std::string& path) const;
  std::uint64_t unsigned_integer(const json& v, const std::string& path) const;
  // A whole number >= 0 that fits in int (a count of things).
  int count(const json& v, const std::string& path) const;

  // A required member that may be null (a statistic that does not exist).
  std::optional<double> nullable_number(const json& obj, const std::string& path,
                                        const char* key) const;
  // A string member, required or optional (absent/null = "").
  std::string string_member(const json& obj, const std::string& path, const char* key,
                            bool is_required) const;

  // Parts both formats read alike.
  // {"warning": w, "critical": c} at `path`, both required (not range-checked).
  RelativeLimits relative_limits(const json& v, const std::string& path) const;
  // The required member "direction" of the metric `obj`: "lower" or "higher".
  Direction direction(const json& obj, const std::string& path) const;

  // A value for "found ..." in a message: null, an object, an array, true,
  // a number as written, or a string in quotes cut to about 40 characters.
  static std::string describe_value(const json& v);

  // JSON paths: join("benchmarks[0]", "name") == "benchmarks[0].name",
  // join("", "id") == "id"; at_index("runs", 2) == "runs[2]".
  static std::string join(const std::string& path, std::string_view key);
  static std::string at_index(const std::string& path, std::size_t i);

 private:
  const std::string& origin_;
  std::string missing_field_fix_;
};

// Writes `text` to `path` so that a reader never sees half a file and a crash
// never loses it: a unique temporary file in the same folder, fsync, rename,
// fsync of the folder. Creates missing parent folders. Throws perfgate::Error
// (exit 2) naming the path, with `what` ("result file") in the advice;
// `example` is the file name suggested when `path` names no file.
void write_file_atomically(const std::string& path, const std::string& text,
                           const std::string& what, const std::string& example);

}  // namespace perfgate
