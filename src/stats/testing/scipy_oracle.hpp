// Test-only: asks SciPy/NumPy (tests/oracle/stats_oracle.py, run by Debian's
// /usr/bin/python3 with python3-scipy) for reference answers, so the stats tests
// compare against an independent implementation rather than numbers copied
// from this one. Needs PERFGATE_SOURCE_DIR (set for the test binaries).
//
// Only enough JSON for the oracle's answers: numbers, strings, arrays, objects.
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace perfgate::stats::testing {

inline constexpr const char* oracle_python = "/usr/bin/python3";

struct Json {
  enum class Kind { null, boolean, number, string, array, object };
  Kind kind = Kind::null;
  double number = 0;
  std::string text;
  std::vector<Json> items;        // array elements, or object values
  std::vector<std::string> keys;  // object keys, parallel to items

  const Json& operator[](std::size_t i) const { return items.at(i); }
  const Json& operator[](std::string_view key) const {
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (keys[i] == key) return items[i];
    throw std::out_of_range("oracle answer has no field \"" + std::string(key) + "\"");
  }
  double num(std::string_view key) const { return (*this)[key].number; }
  std::vector<double> numbers() const {
    std::vector<double> out;
    for (const auto& item : items) out.push_back(item.number);
    return out;
  }
};

class JsonReader {
 public:
  explicit JsonReader(std::string_view s) : s_(s) {}

  Json value() {
    skip_space();
    if (pos_ >= s_.size()) fail("unexpected end");
    Json v;
    const char c = s_[pos_];
    if (c == '{') {
      v.kind = Json::Kind::object;
      ++pos_;
      if (!take('}')) {
        do {
          skip_space();
          v.keys.push_back(string());
          expect(':');
          v.items.push_back(value());
        } while (take(','));
        expect('}');
      }
    } else if (c == '[') {
      v.kind = Json::Kind::array;
      ++pos_;
      if (!take(']')) {
        do v.items.push_back(value());
        while (take(','));
        expect(']');
      }
    } else if (c == '"') {
      v.kind = Json::Kind::string;
      v.text = string();
    } else if (s_.substr(pos_, 4) == "true" || s_.substr(pos_, 5) == "false") {
      v.kind = Json::Kind::boolean;
      v.number = c == 't';
      pos_ += c == 't' ? 4 : 5;
    } else if (s_.substr(pos_, 4) == "null") {
      pos_ += 4;
    } else {  // a number; Python also writes NaN and Infinity, which strtod reads
      v.kind = Json::Kind::number;
      const std::string rest(s_.substr(pos_, 64));
      char* end = nullptr;
      v.number = std::strtod(rest.c_str(), &end);
      if (end == rest.c_str()) fail("bad value");
      pos_ += static_cast<std::size_t>(end - rest.c_str());
    }
    return v;
  }

 private:
  [[noreturn]] void fail(const char* what) const {
    throw std::runtime_error(std::string("oracle answer: ") + what + " at offset " +
                             std::to_string(pos_) + " of: " + std::string(s_));
  }
  void skip_space() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool take(char c) {
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!take(c)) fail("unexpected character");
  }
  std::string string() {  // the oracle's strings are plain ASCII without escapes
    expect('"');
    const std::size_t end = s_.find('"', pos_);
    if (end == std::string_view::npos) fail("unterminated string");
    std::string out(s_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return out;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

// A JSON number, printed so that Python reads back the same double.
inline std::string json_number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

// A JSON array of doubles, printed so that Python reads back the same doubles.
inline std::string json_array(std::span<const double> xs) {
  std::string out = "[";
  for (std::size_t i = 0; i < xs.size(); ++i) out += (i ? "," : "") + json_number(xs[i]);
  return out + "]";
}

// Sends one JSON request (or a JSON list of requests) to the oracle and
// returns its parsed answer. Throws (failing the calling test) if the oracle
// cannot run.
inline Json ask_oracle(const std::string& request) {
  char path[] = "/tmp/perfgate_stats_oracle_XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) throw std::runtime_error("cannot create a temporary file for the oracle request");
  close(fd);
  std::ofstream(path) << request;
  const std::string command = std::string(oracle_python) +
                              " " PERFGATE_SOURCE_DIR "/tests/oracle/stats_oracle.py < " + path;
  std::string answer;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe) {
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) answer.append(buf, n);
  }
  const int status = pipe ? pclose(pipe) : -1;
  std::remove(path);
  if (status != 0 || answer.empty())
    throw std::runtime_error("the SciPy oracle failed (exit status " + std::to_string(status) +
                             ") for: " + command +
                             "\nIt needs Debian's python3 with SciPy: apt-get install "
                             "python3-scipy");
  return JsonReader(answer).value();
}

}  // namespace perfgate::stats::testing
