// Strict reading and writing of perfgate's JSON files (see json_io.hpp).
#include "model/json_io.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <algorithm>
#include <cmath>
#include <limits>

#include "model/error.hpp"
#include "model/file_text.hpp"

#ifndef PERFGATE_VERSION
#define PERFGATE_VERSION "unknown"
#endif

namespace perfgate {
namespace {

using json = nlohmann::json;


// nlohmann's message without its "[json.exception...] parse error at line L,
// column C: " preamble (perfgate prints the place itself).
std::string parse_error_reason(const std::string& what) {
  auto col = what.find("column ");
  if (col != std::string::npos) {
    auto colon = what.find(": ", col);
    if (colon != std::string::npos) return what.substr(colon + 2);
  }
  auto bracket = what.find("] ");
  return bracket == std::string::npos ? what : what.substr(bracket + 2);
}

}  // namespace

// ---------------------------------------------------------------- writing

nlohmann::ordered_json number_to_json(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  return v;
}

nlohmann::ordered_json tool_to_json() {
  return {{"name", "perfgate"}, {"version", PERFGATE_VERSION}};
}

nlohmann::ordered_json limits_to_json(const Limits& limits) {
  auto relative = [](const RelativeLimits& l) {
    nlohmann::ordered_json j;
    j["warning"] = number_to_json(l.warning);
    j["critical"] = number_to_json(l.critical);
    return j;
  };
  return {{"lower", relative(limits.lower_is_better)},
          {"higher", relative(limits.higher_is_better)}};
}

nlohmann::ordered_json budgets_to_json(const std::vector<Budget>& budgets) {
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  for (const Budget& budget : budgets) {
    nlohmann::ordered_json j;
    j["metric"] = budget.metric;
    j["percentile"] = optional_to_json(budget.percentile);
    j["max"] = optional_to_json(budget.max);
    j["min"] = optional_to_json(budget.min);
    // Only when set, so a file without them reads as it always did.
    if (budget.mvp) j["mvp"] = *budget.mvp;
    if (budget.target) j["target"] = *budget.target;
    all.push_back(std::move(j));
  }
  return all;
}

nlohmann::ordered_json metric_info_to_json(const MetricInfo& info) {
  nlohmann::ordered_json j;
  j["name"] = info.name;
  j["unit"] = info.unit;
  j["direction"] = std::string(to_string(info.direction));
  j["compared"] = info.compared;
  return j;
}

// ---------------------------------------------------------------- reading

std::size_t json_nesting_too_deep(std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_json_nesting) return i;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

json parse_json_document(std::string_view text, const std::string& origin,
                         std::string_view expected, std::string_view fix) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    throw input_error(origin + ": empty; expected " + std::string(expected));
  if (const std::size_t at = json_nesting_too_deep(text); at != std::string_view::npos)
    throw input_error(origin + ":" + line_column(text, at) + ": values nested more than " +
                      std::to_string(max_json_nesting) + " levels deep; no tool writes this, so " +
                      "the file is not " + std::string(expected));
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    // nlohmann's byte counts from 1.
    const std::size_t at = e.byte > 0 ? e.byte - 1 : 0;
    throw input_error(origin + ":" + line_column(text, at) + ": not valid JSON: " +
                      parse_error_reason(e.what()) + "; " + std::string(fix));
  } catch (const json::out_of_range& e) {
    // A number beyond a double ("1e999"): nlohmann names the token, not the
    // place, so find the token for the line and column.
    const std::string what = e.what();
    const auto q1 = what.find('\''), q2 = what.rfind('\'');
    const std::string token = q1 != std::string::npos && q2 > q1 ? what.substr(q1 + 1, q2 - q1 - 1) : "";
    const std::size_t at = token.empty() ? std::string_view::npos : text.find(token);
    const std::string place = at == std::string_view::npos ? "" : ":" + line_column(text, at);
    throw input_error(origin + place + ": the number " + (token.empty() ? "" : token + " ") +
                      "is too large for a double; write numbers within ±1.8e308");
  }
}

void JsonReader::fail(const std::string& path, const std::string& what) const {
  throw input_error(origin_ + ": " + (path.empty() ? "" : path + ": ") + what);
}

void JsonReader::wrong_type(const std::string& path, const char* expected, const json& found,
                            const char* fix) const {
  fail(path, std::string("expected ") + expected + ", found " + describe_value(found) + "; " + fix);
}

const json& JsonReader::required(const json& obj, const std::string& path, const char* key) const {
  auto it = obj.find(key);
  if (it == obj.end())
    fail(path, std::string("missing required field \"") + key + "\"; " + missing_field_fix_);
  return *it;
}

const json* JsonReader::optional(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

const json& JsonReader::object(const json& v, const std::string& path) const {
  if (!v.is_object()) wrong_type(path, "an object", v, "write it as a JSON object {...}");
  return v;
}

const json& JsonReader::array(const json& v, const std::string& path) const {
  if (!v.is_array()) wrong_type(path, "an array", v, "write it as a JSON array [...]");
  return v;
}

std::string JsonReader::string(const json& v, const std::string& path) const {
  if (!v.is_string()) wrong_type(path, "a string", v, "write it in double quotes");
  return v.get<std::string>();
}

bool JsonReader::boolean(const json& v, const std::string& path) const {
  if (!v.is_boolean()) wrong_type(path, "true or false", v, "write true or false");
  return v.get<bool>();
}

double JsonReader::number(const json& v, const std::string& path) const {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (s == "Infinity") return std::numeric_limits<double>::infinity();
    if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
  }
  wrong_type(path, "a number", v,
             "write it as a JSON number such as 12.5 (or \"NaN\", \"Infinity\", \"-Infinity\")");
}

int JsonReader::integer(const json& v, const std::string& path) const {
  if (v.is_number_integer()) {
    if (v.is_number_unsigned()) {
      auto u = v.get<std::uint64_t>();
      if (u <= static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
        return static_cast<int>(u);
    } else {
      auto i = v.get<std::int64_t>();
      if (i >= std::numeric_limits<int>::min() && i <= std::numeric_limits<int>::max())
        return static_cast<int>(i);
    }
    fail(path, "the whole number " + v.dump() + " is out of range; use a value that fits in " +
                   "32 bits");
  }
  wrong_type(path, "a whole number", v, "write it without a fraction, e.g. 3");
}

std::uint64_t JsonReader::unsigned_integer(const json& v, const std::string& path) const {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  wrong_type(path, "a whole number >= 0", v, "write it without a fraction or sign, e.g. 1024");
}

int JsonReader::count(const json& v, const std::string& path) const {
  if (v.is_number_unsigned() &&
      v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
    return static_cast<int>(v.get<std::uint64_t>());
  wrong_type(path, "a whole number >= 0", v, "write it without a fraction or sign, e.g. 3");
}

std::optional<double> JsonReader::nullable_number(const json& obj, const std::string& path,
                                                  const char* key) const {
  const json& v = required(obj, path, key);
  if (v.is_null()) return std::nullopt;
  return number(v, join(path, key));
}

std::string JsonReader::string_member(const json& obj, const std::string& path, const char* key,
                                      bool is_required) const {
  if (is_required) return string(required(obj, path, key), join(path, key));
  const json* v = optional(obj, key);
  return v ? string(*v, join(path, key)) : std::string();
}

RelativeLimits JsonReader::relative_limits(const json& v, const std::string& path) const {
  object(v, path);
  RelativeLimits l;
  l.warning = number(required(v, path, "warning"), join(path, "warning"));
  l.critical = number(required(v, path, "critical"), join(path, "critical"));
  return l;
}

Direction JsonReader::direction(const json& obj, const std::string& path) const {
  const json& d = required(obj, path, "direction");
  auto parsed = parse_direction(string(d, join(path, "direction")));
  if (!parsed) {
    fail(join(path, "direction"),
         "expected \"lower\" or \"higher\", found " + describe_value(d) + "; use one of them");
  }
  return *parsed;
}

std::string JsonReader::describe_value(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::boolean:
      return v.get<bool>() ? "true" : "false";
    case json::value_t::string: {
      std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
      if (s.size() > 42) s = s.substr(0, 40) + "...\"";
      return s;
    }
    default:
      return v.dump();
  }
}

std::string JsonReader::join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string JsonReader::at_index(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

namespace {
[[noreturn]] void write_errno(const std::string& what, const std::string& path, int err,
                              const std::string& fix) {
  throw input_error(path + ": " + what + ": " + std::strerror(err) + "; " + fix);
}
}  // namespace

void write_file_atomically(const std::string& path, const std::string& text, const std::string& what,
                           const std::string& example) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  if (target.filename().empty())
    throw input_error(path + ": not a file name; give the " + what + " a name such as " + example);
  const fs::path dir = target.parent_path();
  if (!dir.empty()) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
      throw input_error(path + ": cannot create the folder " + dir.string() + ": " + ec.message() +
                        "; choose a writable location for the " + what);
  }

  // A unique temporary name in the same folder, so that rename() is atomic.
  static std::atomic<unsigned> counter{0};
  std::string tmp;
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    tmp = (dir / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                  std::to_string(counter++)))
              .string();
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) write_errno("cannot write", path, errno, "choose a writable location for the " + what);

  auto give_up = [&](const char* failure) {
    const int err = errno;
    if (fd >= 0) ::close(fd);
    ::unlink(tmp.c_str());
    write_errno(failure, path, err, "choose a writable location with free space");
  };
  const char* p = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    ssize_t w = ::write(fd, p, left);
    if (w < 0) {
      if (errno == EINTR) continue;
      give_up("cannot write");
    }
    p += w;
    left -= static_cast<std::size_t>(w);
  }
  if (::fsync(fd) != 0) give_up("cannot flush to disk");
  if (::close(fd) != 0) {
    fd = -1;
    give_up("cannot write");
  }
  fd = -1;
  if (::rename(tmp.c_str(), path.c_str()) != 0) give_up("cannot replace");
  // Make the rename itself durable.
  const std::string dir_name = dir.empty() ? "." : dir.string();
  int dfd = ::open(dir_name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace perfgate
