// Checked reading of values from a parsed TOML document, for the suite reader
// (model/suite_toml.cpp and its parts). Internal to the model layer.
//
// Every mistake becomes one line "path:line:column: what is wrong; what to do",
// thrown as perfgate::input_error (exit 2), placed at the offending key or
// value as toml++ reports it (for a missing key: at its table).
#pragma once

#include <toml++/toml.h>

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/suite.hpp"

namespace perfgate {

// A string for a message: in double quotes, with control characters escaped so
// that the message stays on one line.
std::string in_quotes(std::string_view s);

// "a, b, c".
std::string join_list(std::span<const std::string_view> items);
std::string join_list(std::span<const std::string> items);

// The valid key a typo most likely meant (within 2 edits, or a prefix of at
// least 3 characters), or "" when none is close.
std::string_view closest_key(std::string_view typo, std::span<const std::string_view> valid);

// "a string", "an integer", ... for "X is a string; expected ...".
std::string_view type_name(toml::node_type t);

// A number as the user would write it: 5, 0.5, 20.
std::string number_text(double x);

// A scalar as it could be written inside a string ("2000000", "1.5", "true").
std::string as_text(const toml::node& n);

// A fraction as a percentage for messages: 0.05 -> "5 %".
std::string percent_text(double fraction);

class TomlReader {
 public:
  explicit TomlReader(std::string path) : path_(std::move(path)) {}

  const std::string& path() const { return path_; }

  [[noreturn]] void fail(const toml::source_region& at, std::string_view what,
                         std::string_view todo) const;
  // "<key> is <type>; expected <expected>", at the value.
  [[noreturn]] void wrong_type(const toml::node& value, std::string_view key,
                               std::string_view expected) const;

  SourcePlace place(const toml::source_region& at) const;
  SourcePlace place(const toml::node& n) const { return place(n.source()); }

  // Refuses a key of `t` that is not in `valid`, suggesting the closest one.
  // `where` completes "unknown key "x" ...", e.g. "in [defaults]".
  void check_keys(const toml::table& t, std::string_view where,
                  std::span<const std::string_view> valid) const;

  // The sub-table `key` of `t`, nullptr when absent; an error when it is not a table.
  const toml::table* table_at(const toml::table& t, std::string_view key,
                              std::string_view label) const;

  // The tables of the array of tables `key` ([[benchmark]], [[benchmark.metric]]).
  std::vector<const toml::table*> tables_in(const toml::table& t, std::string_view key,
                                            std::string_view label) const;

  // The value of a key that must be present; an error at the table when it is not.
  const toml::node& required(const toml::table& t, std::string_view key, std::string_view label,
                             std::string_view example) const;

  std::string string_value(const toml::node& n, std::string_view key,
                           std::string_view expected = "a string") const;
  std::string non_empty_string(const toml::node& n, std::string_view key,
                               std::string_view example) const;
  bool bool_value(const toml::node& n, std::string_view key) const;
  int int_value(const toml::node& n, std::string_view key, int min) const;

  // A number of seconds or a duration string ("250ms"), >= 0.
  std::chrono::nanoseconds duration_value(const toml::node& n, std::string_view key) const;

  // A relative limit: a fraction in (0, 1] or a percentage string ("5%").
  // `key` names it in messages ("threshold", "warning.lower").
  double fraction_value(const toml::node& n, std::string_view key) const;

  // A number of bytes or a size string ("8MiB"), >= 1 byte.
  std::uint64_t size_value(const toml::node& n, std::string_view key) const;

 private:
  std::string path_;
};

}  // namespace perfgate
