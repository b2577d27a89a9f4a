// Reads perfgate.toml (docs/formats.md, "Suite file") into a Suite.
//
// Every mistake becomes one line "path:line:column: what is wrong; what to do",
// placed at the offending key or value as toml++ reports it (for a missing key:
// at its table). The reader is strict on purpose: an unknown key is an error,
// because a typo such as `warmups = 3` would otherwise silently measure with
// the default.
#include "model/suite_toml.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <regex>
#include <span>
#include <string_view>

#include "model/error.hpp"
#include "model/units.hpp"

namespace perfgate {

namespace {

namespace fs = std::filesystem;
using namespace std::string_view_literals;

// Keys each table accepts, in the order the documentation lists them.
constexpr std::string_view kTopKeys[] = {"suite", "defaults", "gate", "benchmark"};
constexpr std::string_view kSuiteKeys[] = {"name", "quick_runs"};
constexpr std::string_view kGateKeys[] = {"fail_on_regression"};
constexpr std::string_view kDefaultKeys[] = {
    "warmup", "runs", "timeout", "cooldown", "threshold", "max_output", "builtin_metrics"};
constexpr std::string_view kBenchmarkKeys[] = {
    "name",  "command", "shell",    "cwd",       "env",        "warmup",
    "runs",  "timeout", "cooldown", "threshold", "max_output", "builtin_metrics",
    "metric"};
constexpr std::string_view kMetricKeys[] = {"name", "unit", "direction", "regex", "json"};
constexpr std::string_view kJsonKeys[] = {"file", "pointer"};
constexpr std::string_view kBuiltinNames[] = {builtin::wall_time, builtin::user_time,
                                              builtin::system_time, builtin::peak_rss};

constexpr std::string_view kDurationHint =
    "write a number of seconds or a string such as \"250ms\", \"30s\", \"2m\", \"1h\"";
constexpr std::string_view kSizeHint =
    "write a number of bytes or a string such as \"512KiB\", \"8MiB\", \"1GiB\"";

// A string for a message: in double quotes, with control characters escaped so
// that the message stays on one line.
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

std::string join(std::span<const std::string_view> items) {
  std::string out;
  for (auto item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

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

// The valid key a typo most likely meant, or "" when none is close.
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

// A number as the user would write it: 5, 0.5, 20.
std::string number_text(double x) { return fmt::format("{}", x); }

// A scalar as it could be written inside a string ("2000000", "1.5", "true").
std::string as_text(const toml::node& n) {
  if (n.is_integer()) return std::to_string(n.as_integer()->get());
  if (n.is_floating_point()) return number_text(n.as_floating_point()->get());
  if (n.is_boolean()) return n.as_boolean()->get() ? "true" : "false";
  return "...";
}

bool valid_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-' || c == '/' || c == ':';
}

// `p` without "." and ".." parts and without a trailing '/' ("/a/b/../c/" -> "/a/c").
fs::path normal_folder(const fs::path& p) {
  fs::path normal = p.lexically_normal();
  if (!normal.has_filename() && normal != normal.root_path()) normal = normal.parent_path();
  return normal;
}

// Reads one suite file. Holds the path for messages and the suite's folder for
// resolving relative paths.
class SuiteReader {
 public:
  SuiteReader(std::string path, fs::path dir) : path_(std::move(path)), dir_(std::move(dir)) {}

  Suite read(const toml::table& root) {
    Suite suite;
    suite.path = path_;
    suite.dir = dir_.string();
    suite.name = fs::path(path_).stem().string();

    check_keys(root, "at the top level", kTopKeys);
    if (auto* t = table_at(root, "suite", "[suite]")) read_suite_table(*t, suite);
    if (auto* t = table_at(root, "gate", "[gate]")) read_gate_table(*t, suite);

    BenchmarkSpec defaults;
    defaults.cwd = dir_.string();
    if (auto* t = table_at(root, "defaults", "[defaults]")) {
      check_keys(*t, "in [defaults]", kDefaultKeys);
      read_measurement_keys(*t, defaults);
    }

    std::vector<const toml::node*> name_nodes;  // for "defined twice, first at ..."
    for (const toml::table* t : tables_in(root, "benchmark", "[[benchmark]]")) {
      BenchmarkSpec spec = read_benchmark(*t, defaults);
      const toml::node* name_node = t->get("name");
      for (std::size_t i = 0; i < suite.benchmarks.size(); ++i) {
        if (suite.benchmarks[i].name == spec.name)
          fail(name_node->source(),
               fmt::format("benchmark {} is defined twice (first at {})", in_quotes(spec.name),
                           place(*name_nodes[i]).str()),
               "give each [[benchmark]] a unique name");
      }
      name_nodes.push_back(name_node);
      suite.benchmarks.push_back(std::move(spec));
    }
    if (suite.benchmarks.empty())
      throw input_error(path_ + ": the suite has no [[benchmark]]; add one (see docs/formats.md)");
    return suite;
  }

 private:
  [[noreturn]] void fail(const toml::source_region& at, std::string_view what,
                         std::string_view todo) const {
    throw input_error(
        fmt::format("{}:{}:{}: {}; {}", path_, at.begin.line, at.begin.column, what, todo));
  }

  [[noreturn]] void wrong_type(const toml::node& value, std::string_view key,
                               std::string_view expected) const {
    fail(value.source(), fmt::format("{} is {}", key, type_name(value.type())),
         fmt::format("expected {}", expected));
  }

  SourcePlace place(const toml::node& n) const {
    return SourcePlace{path_, static_cast<int>(n.source().begin.line),
                       static_cast<int>(n.source().begin.column)};
  }

  void check_keys(const toml::table& t, std::string_view where,
                  std::span<const std::string_view> valid) const {
    for (auto&& [key, value] : t) {
      std::string_view k = key.str();
      if (std::find(valid.begin(), valid.end(), k) != valid.end()) continue;
      std::string todo;
      if (auto guess = closest_key(k, valid); !guess.empty())
        todo = fmt::format("did you mean {}? ", in_quotes(guess));
      todo += "valid keys: " + join(valid);
      fail(key.source(), fmt::format("unknown key {} {}", in_quotes(k), where), todo);
    }
  }

  // The sub-table `key` of `t`, nullptr when absent; an error when it is not a table.
  const toml::table* table_at(const toml::table& t, std::string_view key,
                              std::string_view label) const {
    const toml::node* n = t.get(key);
    if (!n) return nullptr;
    if (!n->is_table()) wrong_type(*n, key, fmt::format("a table {}", label));
    return n->as_table();
  }

  // The tables of the array of tables `key` ([[benchmark]], [[benchmark.metric]]).
  std::vector<const toml::table*> tables_in(const toml::table& t, std::string_view key,
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

  // The value of a key that must be present; an error at the table when it is not.
  const toml::node& required(const toml::table& t, std::string_view key, std::string_view label,
                             std::string_view example) const {
    const toml::node* n = t.get(key);
    if (!n)
      fail(t.source(), fmt::format("{} has no {}", label, key), fmt::format("add {}", example));
    return *n;
  }

  std::string string_value(const toml::node& n, std::string_view key,
                           std::string_view expected = "a string") const {
    if (!n.is_string()) wrong_type(n, key, expected);
    return n.as_string()->get();
  }

  std::string non_empty_string(const toml::node& n, std::string_view key,
                               std::string_view example) const {
    std::string s = string_value(n, key);
    if (s.empty())
      fail(n.source(), fmt::format("{} is empty", key), fmt::format("write e.g. {}", example));
    return s;
  }

  int int_value(const toml::node& n, std::string_view key, int min) const {
    std::string expected = fmt::format("an integer >= {}", min);
    if (!n.is_integer()) wrong_type(n, key, expected);
    std::int64_t v = n.as_integer()->get();
    if (v < min || v > INT_MAX)
      fail(n.source(), fmt::format("{} is {}", key, v), fmt::format("expected {}", expected));
    return static_cast<int>(v);
  }

  // A name of a benchmark or metric: non-empty, and only characters that are
  // safe in file names, URLs and store keys.
  std::string name_value(const toml::node& n, std::string_view what) const {
    std::string name = string_value(n, "name");
    if (name.empty())
      fail(n.source(), fmt::format("the {} name is empty", what),
           "use letters, digits and . _ - / : only");
    for (char c : name) {
      if (!valid_name_char(c))
        fail(n.source(),
             fmt::format("{} name {} contains {}", what, in_quotes(name),
                         in_quotes(std::string(1, c))),
             "use letters, digits and . _ - / : only");
    }
    return name;
  }

  std::chrono::nanoseconds duration_value(const toml::node& n, std::string_view key) const {
    if (n.is_integer() || n.is_floating_point()) {
      double seconds = n.is_integer() ? static_cast<double>(n.as_integer()->get())
                                      : n.as_floating_point()->get();
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
      fail(n.source(), fmt::format("{} is {}, not a duration", key, in_quotes(text)),
           kDurationHint);
    return *d;
  }

  double threshold_value(const toml::node& n) const {
    constexpr std::string_view expected =
        "a fraction in (0, 1] such as 0.05, or a percentage such as \"5%\"";
    if (n.is_integer() || n.is_floating_point()) {
      double x = n.is_integer() ? static_cast<double>(n.as_integer()->get())
                                : n.as_floating_point()->get();
      if (x > 1 && std::isfinite(x))
        fail(n.source(),
             fmt::format("threshold is {}, more than 1 (it is a fraction)", number_text(x)),
             fmt::format("for {} % write {} or \"{}%\"", number_text(x), number_text(x / 100),
                         number_text(x)));
      if (!(x > 0 && x <= 1))
        fail(n.source(), fmt::format("threshold is {}", number_text(x)),
             fmt::format("expected {}", expected));
      return x;
    }
    if (!n.is_string()) wrong_type(n, "threshold", expected);
    const std::string& text = n.as_string()->get();
    auto t = parse_threshold(text);
    if (!t)
      fail(n.source(), fmt::format("threshold is {}, not a threshold", in_quotes(text)),
           fmt::format("expected {}", expected));
    return *t;
  }

  std::uint64_t size_value(const toml::node& n, std::string_view key) const {
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
      if (bytes == 0)
        fail(n.source(), fmt::format("{} is 0 bytes", key), "expected at least 1 byte");
    } else {
      wrong_type(n, key, "a size: a number of bytes or a string like \"8MiB\"");
    }
    return bytes;
  }

  std::vector<std::string> builtin_metrics_value(const toml::node& n) const {
    std::string expected =
        fmt::format("an array of built-in metric names ({})", join(kBuiltinNames));
    if (!n.is_array()) wrong_type(n, "builtin_metrics", expected);
    std::vector<std::string> names;
    for (const toml::node& element : *n.as_array()) {
      std::string name = string_value(element, "an element of builtin_metrics", expected);
      if (!builtin::find(name))
        fail(element.source(), fmt::format("{} is not a built-in metric", in_quotes(name)),
             fmt::format("expected one of {}", join(kBuiltinNames)));
      if (std::find(names.begin(), names.end(), name) != names.end())
        fail(element.source(),
             fmt::format("{} is listed twice in builtin_metrics", in_quotes(name)),
             "list each metric once");
      names.push_back(std::move(name));
    }
    return names;
  }

  void read_suite_table(const toml::table& t, Suite& suite) const {
    check_keys(t, "in [suite]", kSuiteKeys);
    if (auto* n = t.get("name")) suite.name = non_empty_string(*n, "name", "name = \"nightly\"");
    if (auto* n = t.get("quick_runs")) suite.quick_runs = int_value(*n, "quick_runs", 1);
  }

  void read_gate_table(const toml::table& t, Suite& suite) const {
    check_keys(t, "in [gate]", kGateKeys);
    if (auto* n = t.get("fail_on_regression")) {
      if (!n->is_boolean()) wrong_type(*n, "fail_on_regression", "true or false");
      suite.gate.fail_on = n->as_boolean()->get() ? FailOn::warning : FailOn::never;
    }
  }

  // The keys [defaults] and [[benchmark]] share: how to measure and judge.
  void read_measurement_keys(const toml::table& t, BenchmarkSpec& spec) const {
    if (auto* n = t.get("warmup")) spec.warmup = int_value(*n, "warmup", 0);
    if (auto* n = t.get("runs")) spec.runs = int_value(*n, "runs", 1);
    if (auto* n = t.get("timeout")) {
      spec.timeout = duration_value(*n, "timeout");
      if (spec.timeout.count() == 0)
        fail(n->source(), "timeout is 0", "expected a duration more than 0, such as \"60s\"");
    }
    if (auto* n = t.get("cooldown")) spec.cooldown = duration_value(*n, "cooldown");
    if (auto* n = t.get("threshold")) {
      const double x = threshold_value(*n);
      spec.limits.lower_is_better = spec.limits.higher_is_better = RelativeLimits{x, 2 * x};
    }
    if (auto* n = t.get("max_output")) spec.max_output_bytes = size_value(*n, "max_output");
    if (auto* n = t.get("builtin_metrics")) spec.builtin_metrics = builtin_metrics_value(*n);
  }

  BenchmarkSpec read_benchmark(const toml::table& t, const BenchmarkSpec& defaults) const {
    check_keys(t, "in [[benchmark]]", kBenchmarkKeys);
    BenchmarkSpec spec = defaults;
    spec.place = place(t);
    spec.name = name_value(required(t, "name", "[[benchmark]]", "name = \"...\""), "benchmark");

    const toml::node* command = t.get("command");
    const toml::node* shell = t.get("shell");
    if (command && shell)
      fail(shell->source(),
           fmt::format("benchmark {} has both command and shell", in_quotes(spec.name)),
           "keep exactly one of them");
    if (!command && !shell)
      fail(t.source(),
           fmt::format("benchmark {} has neither command nor shell", in_quotes(spec.name)),
           "add command = [\"program\", \"arg\", ...] or shell = \"a shell line\"");
    if (command) spec.argv = argv_value(*command);
    if (shell) spec.shell = non_empty_string(*shell, "shell", "shell = \"seq 1000 | sort -n\"");

    if (auto* n = t.get("cwd")) spec.cwd = folder_value(*n);
    if (auto* n = t.get("env")) spec.env = env_value(*n);
    read_measurement_keys(t, spec);

    std::vector<const toml::node*> name_nodes;
    for (const toml::table* m : tables_in(t, "metric", "[[benchmark.metric]]")) {
      DeclaredMetric metric = read_metric(*m);
      const toml::node* name_node = m->get("name");
      for (std::size_t i = 0; i < spec.metrics.size(); ++i) {
        if (spec.metrics[i].info.name == metric.info.name)
          fail(name_node->source(),
               fmt::format("metric {} is defined twice in benchmark {} (first at {})",
                           in_quotes(metric.info.name), in_quotes(spec.name),
                           place(*name_nodes[i]).str()),
               "give each [[benchmark.metric]] of a benchmark a unique name");
      }
      name_nodes.push_back(name_node);
      spec.metrics.push_back(std::move(metric));
    }
    return spec;
  }

  std::vector<std::string> argv_value(const toml::node& n) const {
    constexpr std::string_view expected =
        "an array of strings: the program and its arguments, e.g. [\"./bench\", \"1000\"]";
    if (!n.is_array()) {
      if (n.is_string())
        fail(n.source(), "command is a string",
             "write an array such as [\"./bench\", \"1000\"], or use shell = \"...\" for a shell "
             "line");
      wrong_type(n, "command", expected);
    }
    const toml::array& array = *n.as_array();
    if (array.empty()) fail(n.source(), "command is empty", fmt::format("expected {}", expected));
    std::vector<std::string> argv;
    for (std::size_t i = 0; i < array.size(); ++i) {
      const toml::node& element = *array.get(i);
      if (!element.is_string()) {
        fail(element.source(), fmt::format("command[{}] is {}", i, type_name(element.type())),
             fmt::format("every argument is a string; write \"{}\" in quotes", as_text(element)));
      }
      argv.push_back(element.as_string()->get());
    }
    if (argv[0].empty())
      fail(array.get(0)->source(), "command[0] (the program) is empty",
           "write the program to run, e.g. \"./build/bench\"");
    return argv;
  }

  // A folder relative to the suite's folder, made absolute and lexically normal
  // ("a/../b/" -> "<dir>/b"). Whether it exists is for the runner to say.
  std::string folder_value(const toml::node& n) const {
    std::string text = non_empty_string(n, "cwd", "cwd = \".\"");
    fs::path p = fs::path(text);
    if (p.is_relative()) p = dir_ / p;
    return normal_folder(p).string();
  }

  std::map<std::string, std::string> env_value(const toml::node& n) const {
    if (!n.is_table())
      wrong_type(n, "env", "a table of strings, e.g. env = { OMP_NUM_THREADS = \"1\" }");
    std::map<std::string, std::string> env;
    for (auto&& [key, value] : *n.as_table()) {
      std::string_view name = key.str();
      if (name.empty() || name.find('=') != std::string_view::npos)
        fail(key.source(),
             fmt::format("environment variable name {} is not valid", in_quotes(name)),
             "use a non-empty name without '='");
      if (!value.is_string()) {
        fail(value.source(),
             fmt::format("env value {} is {}", in_quotes(name), type_name(value.type())),
             fmt::format("expected a string, e.g. {} = \"{}\"", name, as_text(value)));
      }
      env.emplace(std::string(name), value.as_string()->get());
    }
    return env;
  }

  DeclaredMetric read_metric(const toml::table& t) const {
    constexpr std::string_view label = "[[benchmark.metric]]";
    check_keys(t, "in [[benchmark.metric]]", kMetricKeys);
    DeclaredMetric metric;
    metric.place = place(t);
    metric.info.compared = true;

    const toml::node& name_node = required(t, "name", label, "name = \"throughput\"");
    metric.info.name = name_value(name_node, "metric");
    if (builtin::find(metric.info.name))
      fail(name_node.source(),
           fmt::format("metric {} is a built-in metric", in_quotes(metric.info.name)),
           fmt::format("choose another name; to have compare judge the built-in, write "
                       "builtin_metrics = [\"{}\"]",
                       metric.info.name));

    metric.info.unit = non_empty_string(required(t, "unit", label, "unit = \"MiB/s\""), "unit",
                                        "unit = \"MiB/s\"");

    const toml::node& direction =
        required(t, "direction", label, "direction = \"lower\" or \"higher\"");
    std::string text = string_value(direction, "direction", "\"lower\" or \"higher\"");
    auto d = parse_direction(text);
    if (!d)
      fail(direction.source(), fmt::format("direction is {}", in_quotes(text)),
           "expected \"lower\" (lower is better, e.g. latency) or \"higher\" (e.g. throughput)");
    metric.info.direction = *d;

    const toml::node* regex = t.get("regex");
    const toml::node* json = t.get("json");
    if (regex && json)
      fail(json->source(),
           fmt::format("metric {} has both regex and json", in_quotes(metric.info.name)),
           "keep exactly one of them");
    if (!regex && !json)
      fail(t.source(),
           fmt::format("metric {} has neither regex nor json", in_quotes(metric.info.name)),
           "add regex = 'value: ([0-9.]+)' to read stdout, or json = { file = \"out.json\", "
           "pointer = \"/value\" }");
    if (regex) {
      metric.source.kind = MetricSource::Kind::stdout_regex;
      metric.source.regex = regex_value(*regex);
    } else {
      metric.source.kind = MetricSource::Kind::json_file;
      read_json_source(*json, metric.source);
    }
    return metric;
  }

  std::string regex_value(const toml::node& n) const {
    std::string text = non_empty_string(n, "regex", "regex = 'value: ([0-9.]+)'");
    try {
      std::regex compiled(text, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      std::string why = e.what();
      while (!why.empty() && (why.back() == '.' || why.back() == '\n')) why.pop_back();
      std::replace(why.begin(), why.end(), '\n', ' ');
      fail(n.source(), fmt::format("regex {} does not compile: {}", in_quotes(text), why),
           "write an ECMAScript regular expression whose group 1 captures the number "
           "(single quotes avoid escaping backslashes)");
    }
    return text;
  }

  void read_json_source(const toml::node& n, MetricSource& source) const {
    constexpr std::string_view example = "json = { file = \"out.json\", pointer = \"/value\" }";
    if (!n.is_table()) wrong_type(n, "json", fmt::format("a table such as {}", example));
    const toml::table& t = *n.as_table();
    check_keys(t, "in json", kJsonKeys);
    source.json_file = non_empty_string(required(t, "file", "json", "file = \"out.json\""), "file",
                                        "file = \"out.json\"");
    const toml::node& pointer = required(t, "pointer", "json", "pointer = \"/value\"");
    source.json_pointer = string_value(pointer, "pointer", "a JSON pointer such as \"/value\"");
    const std::string& p = source.json_pointer;
    if (!p.empty() && p[0] != '/')
      fail(pointer.source(), fmt::format("JSON pointer {} does not start with '/'", in_quotes(p)),
           fmt::format("write {} (RFC 6901; \"\" is the whole document)", in_quotes("/" + p)));
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (p[i] == '~' && (i + 1 == p.size() || (p[i + 1] != '0' && p[i + 1] != '1')))
        fail(pointer.source(),
             fmt::format("JSON pointer {} has a '~' not followed by 0 or 1", in_quotes(p)),
             "write ~0 for '~' and ~1 for '/' inside a key (RFC 6901)");
    }
  }

  std::string path_;
  fs::path dir_;
};

fs::path suite_folder(const std::string& path) {
  return normal_folder(fs::absolute(fs::path(path)).parent_path());
}

}  // namespace

Suite parse_suite(const std::string& text, const std::string& path) {
  toml::table root;
  try {
    root = toml::parse(std::string_view(text), std::string_view(path));
  } catch (const toml::parse_error& e) {
    std::string why(e.description());
    std::replace(why.begin(), why.end(), '\n', ' ');
    throw input_error(fmt::format("{}:{}:{}: {}; the file is not valid TOML (see https://toml.io)",
                                  path, e.source().begin.line, e.source().begin.column, why));
  }
  return SuiteReader(path, suite_folder(path)).read(root);
}

Suite load_suite(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw input_error(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
  std::string text;
  char buffer[1 << 16];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) text.append(buffer, n);
  bool failed = std::ferror(f);
  int error = errno;
  std::fclose(f);
  if (failed) throw input_error(fmt::format("{}: cannot read: {}", path, std::strerror(error)));
  return parse_suite(text, path);
}

}  // namespace perfgate
