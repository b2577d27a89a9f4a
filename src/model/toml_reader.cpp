#include "model/toml_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>

#include "model/error.hpp"
#include "model/units.hpp"

namespace perfgate {

namespace {

constexpr std::string_view kDurationHint =
    "write a number of seconds or a string such as \"250ms\", \"30s\", \"2m\", \"1h\"";
constexpr std::string_view kSizeHint =
    "write a number of bytes or a string such as \"512KiB\", \"8MiB\", \"1GiB\"";

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                  std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string in_quotes(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string join_list(std::span<const std::string_view> items) {
  std::string out;
  for (auto item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::string join_list(std::span<const std::string> items) {
  std::vector<std::string_view> views(items.begin(), items.end());
  return join_list(std::span<const std::string_view>(views));
}

std::string_view closest_key(std::string_view typo, std::span<const std::string_view> valid) {
  std::string_view best;
  std::size_t best_distance = 3;  // suggest only within 2 edits...
  for (auto key : valid) {
    std::size_t d = edit_distance(typo, key);
    if (d < best_distance) {
      best = key;
      best_distance = d;
    }
  }
  if (!best.empty()) return best;
  for (auto key : valid)  // ...or when one is a start of the other ("thresh")
    if (typo.size() >= 3 && (key.starts_with(typo) || typo.starts_with(key))) return key;
  return {};
}

std::string_view type_name(toml::node_type t) {
  switch (t) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::string number_text(double x) { return fmt::format("{}", x); }

std::string as_text(const toml::node& n) {
  if (n.is_integer()) return std::to_string(n.as_integer()->get());
  if (n.is_floating_point()) return number_text(n.as_floating_point()->get());
  if (n.is_boolean()) return n.as_boolean()->get() ? "true" : "false";
  return "...";
}

std::string percent_text(double fraction) { return fmt::format("{:.6g} %", fraction * 100); }

void TomlReader::fail(const toml::source_region& at, std::string_view what,
                      std::string_view todo) const {
  throw input_error(
      fmt::format("{}:{}:{}: {}; {}", path_, at.begin.line, at.begin.column, what, todo));
}

void TomlReader::wrong_type(const toml::node& value, std::string_view key,
                            std::string_view expected) const {
  fail(value.source(), fmt::format("{} is {}", key, type_name(value.type())),
       fmt::format("expected {}", expected));
}

SourcePlace TomlReader::place(const toml::source_region& at) const {
  return SourcePlace{path_, static_cast<int>(at.begin.line), static_cast<int>(at.begin.column)};
}

void TomlReader::check_keys(const toml::table& t, std::string_view where,
                            std::span<const std::string_view> valid) const {
  for (auto&& [key, value] : t) {
    std::string_view k = key.str();
    if (std::find(valid.begin(), valid.end(), k) != valid.end()) continue;
    std::string todo;
    if (auto guess = closest_key(k, valid); !guess.empty())
      todo = fmt::format("did you mean {}? ", in_quotes(guess));
    todo += "valid keys: " + join_list(valid);
    fail(key.source(), fmt::format("unknown key {} {}", in_quotes(k), where), todo);
  }
}

const toml::table* TomlReader::table_at(const toml::table& t, std::string_view key,
                                        std::string_view label) const {
  const toml::node* n = t.get(key);
  if (!n) return nullptr;
  if (!n->is_table()) wrong_type(*n, key, fmt::format("a table {}", label));
  return n->as_table();
}

std::vector<const toml::table*> TomlReader::tables_in(const toml::table& t, std::string_view key,
                                                      std::string_view label) const {
  std::vector<const toml::table*> out;
  const toml::node* n = t.get(key);
  if (!n) return out;
  if (n->is_table())
    fail(n->source(), fmt::format("{} is a single table", label.substr(1, label.size() - 2)),
         fmt::format("write {} with two brackets (each one adds an entry)", label));
  if (!n->is_array()) wrong_type(*n, key, fmt::format("an array of tables written {}", label));
  for (const toml::node& element : *n->as_array()) {
    if (!element.is_table())
      wrong_type(element, fmt::format("an element of {}", key),
                 fmt::format("a table written {}", label));
    out.push_back(element.as_table());
  }
  return out;
}

const toml::node& TomlReader::required(const toml::table& t, std::string_view key,
                                       std::string_view label, std::string_view example) const {
  const toml::node* n = t.get(key);
  if (!n) fail(t.source(), fmt::format("{} has no {}", label, key), fmt::format("add {}", example));
  return *n;
}

std::string TomlReader::string_value(const toml::node& n, std::string_view key,
                                     std::string_view expected) const {
  if (!n.is_string()) wrong_type(n, key, expected);
  return n.as_string()->get();
}

std::string TomlReader::non_empty_string(const toml::node& n, std::string_view key,
                                         std::string_view example) const {
  std::string s = string_value(n, key);
  if (s.empty())
    fail(n.source(), fmt::format("{} is empty", key), fmt::format("write e.g. {}", example));
  return s;
}

bool TomlReader::bool_value(const toml::node& n, std::string_view key) const {
  if (!n.is_boolean()) wrong_type(n, key, "true or false");
  return n.as_boolean()->get();
}

int TomlReader::int_value(const toml::node& n, std::string_view key, int min) const {
  std::string expected = fmt::format("an integer >= {}", min);
  if (!n.is_integer()) wrong_type(n, key, expected);
  std::int64_t v = n.as_integer()->get();
  if (v < min || v > INT_MAX)
    fail(n.source(), fmt::format("{} is {}", key, v), fmt::format("expected {}", expected));
  return static_cast<int>(v);
}

std::chrono::nanoseconds TomlReader::duration_value(const toml::node& n,
                                                    std::string_view key) const {
  if (n.is_integer() || n.is_floating_point()) {
    double seconds =
        n.is_integer() ? static_cast<double>(n.as_integer()->get()) : n.as_floating_point()->get();
    if (!(seconds >= 0 && seconds * 1e9 < 9.2e18))
      fail(n.source(), fmt::format("{} is {} seconds", key, number_text(seconds)),
           "expected a non-negative number of seconds (up to a few centuries)");
    return std::chrono::nanoseconds(std::llround(seconds * 1e9));
  }
  if (!n.is_string())
    wrong_type(n, key, "a duration: a number of seconds or a string like \"30s\"");
  const std::string& text = n.as_string()->get();
  auto d = parse_duration(text);
  if (!d)
    fail(n.source(), fmt::format("{} is {}, not a duration", key, in_quotes(text)), kDurationHint);
  return *d;
}

double TomlReader::fraction_value(const toml::node& n, std::string_view key) const {
  constexpr std::string_view expected =
      "a fraction in (0, 1] such as 0.05, or a percentage such as \"5%\"";
  if (n.is_integer() || n.is_floating_point()) {
    double x =
        n.is_integer() ? static_cast<double>(n.as_integer()->get()) : n.as_floating_point()->get();
    if (x > 1 && std::isfinite(x))
      fail(n.source(), fmt::format("{} is {}, more than 1 (it is a fraction)", key, number_text(x)),
           fmt::format("for {} % write {} or \"{}%\"", number_text(x), number_text(x / 100),
                       number_text(x)));
    if (!(x > 0 && x <= 1))
      fail(n.source(), fmt::format("{} is {}", key, number_text(x)),
           fmt::format("expected {}", expected));
    return x;
  }
  if (!n.is_string()) wrong_type(n, key, expected);
  const std::string& text = n.as_string()->get();
  auto t = parse_threshold(text);
  if (!t)
    fail(n.source(), fmt::format("{} is {}, not a fraction or percentage", key, in_quotes(text)),
         fmt::format("expected {}", expected));
  return *t;
}

std::uint64_t TomlReader::size_value(const toml::node& n, std::string_view key) const {
  std::uint64_t bytes = 0;
  if (n.is_integer()) {
    std::int64_t v = n.as_integer()->get();
    if (v < 1) fail(n.source(), fmt::format("{} is {}", key, v), "expected at least 1 byte");
    bytes = static_cast<std::uint64_t>(v);
  } else if (n.is_string()) {
    const std::string& text = n.as_string()->get();
    auto parsed = parse_size_bytes(text);
    if (!parsed)
      fail(n.source(), fmt::format("{} is {}, not a size", key, in_quotes(text)), kSizeHint);
    bytes = *parsed;
    if (bytes == 0) fail(n.source(), fmt::format("{} is 0 bytes", key), "expected at least 1 byte");
  } else {
    wrong_type(n, key, "a size: a number of bytes or a string like \"8MiB\"");
  }
  return bytes;
}

}  // namespace perfgate
