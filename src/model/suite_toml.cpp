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
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <regex>
#include <span>
#include <string_view>

#include "model/error.hpp"
#include "model/file_text.hpp"
#include "model/glob.hpp"
#include "model/suite_fixtures.hpp"
#include "model/suite_settings.hpp"
#include "model/toml_reader.hpp"
#include "model/units.hpp"

namespace perfgate {

namespace {

namespace fs = std::filesystem;
using namespace std::string_view_literals;

// Keys each table accepts, in the order the documentation lists them. The keys
// that set how benchmarks are measured and judged (kSettingKeys) are read by
// model/suite_settings.cpp.
constexpr std::string_view kTopKeys[] = {"suite", "defaults", "platform", "override",
                                         "gate",  "fixture",  "benchmark"};
constexpr std::string_view kSuiteKeys[] = {"name", "quick_runs"};
constexpr std::string_view kGateKeys[] = {"fail_on", "non_gating", "fail_on_regression"};
constexpr std::string_view kBenchmarkOnlyKeys[] = {"name", "command", "shell", "cwd", "env", "kind",
                                                   "receipt", "plausible", "mock_patterns",
                                                   "determinism", "fixtures"};
// Keys of a [[benchmark]] about the receipt its program writes (docs/receipts.md).
constexpr std::string_view kReceiptKeys[] = {"receipt", "plausible", "mock_patterns"};
constexpr std::string_view kBoundKeys[] = {"min", "max", "backend"};
constexpr std::string_view kDeterminismKeys[] = {"runs", "outputs"};
// Keys of a [[benchmark]] that only kind = "gbench" takes, then [[benchmark.metric]].
constexpr std::string_view kBenchmarkLastKeys[] = {"filter",          "min_time",
                                                   "min_warmup_time", "random_interleaving",
                                                   "judged_metrics",  "metric"};
constexpr std::string_view kGbenchKeys[] = {"filter", "min_time", "min_warmup_time",
                                            "random_interleaving", "judged_metrics"};
// Metrics every Google Benchmark benchmark may report under these names; a
// judged_metrics entry close to one of them but not equal is a typo.
constexpr std::string_view kGbenchMetricNames[] = {"real_time", "cpu_time", "items_per_second",
                                                   "bytes_per_second"};
// Flags perfgate passes to a gbench binary itself, and what to write instead.
struct OwnFlag {
  std::string_view flag;
  std::string_view instead;
};
constexpr OwnFlag kGbenchOwnFlags[] = {
    {"--benchmark_format", "remove it: perfgate reads the JSON the binary prints"},
    {"--benchmark_repetitions", "remove it and write runs = N"},
    {"--benchmark_filter", "remove it and write filter = \"regex\""},
    {"--benchmark_min_time", "remove it and write min_time = \"0.05s\""},
    {"--benchmark_min_warmup_time", "remove it and write min_warmup_time = \"0.1s\""},
    {"--benchmark_enable_random_interleaving", "remove it and write random_interleaving = true"},
    {"--benchmark_report_aggregates_only",
     "remove it: perfgate needs every repetition, aggregates are not samples"},
    {"--benchmark_list_tests", "remove it: perfgate lists the benchmarks itself"},
};
constexpr std::string_view kMetricKeys[] = {"name", "unit", "direction", "regex", "json"};
constexpr std::string_view kJsonKeys[] = {"file", "pointer"};

// `first`, then kSettingKeys, then `last`: the keys of a table that takes the settings.
std::vector<std::string_view> keys_with_settings(std::span<const std::string_view> first,
                                                 std::span<const std::string_view> last = {}) {
  std::vector<std::string_view> keys(first.begin(), first.end());
  keys.insert(keys.end(), std::begin(kSettingKeys), std::end(kSettingKeys));
  keys.insert(keys.end(), last.begin(), last.end());
  return keys;
}

bool valid_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-' || c == '/' || c == ':';
}

// "os-arch": lower-case letters and digits, one '-', then letters, digits and '_'
// ("linux-x86_64", "macos-arm64").
bool valid_platform_name(std::string_view name) {
  const std::size_t dash = name.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == name.size()) return false;
  if (name[0] < 'a' || name[0] > 'z') return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool lower_or_digit = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (i == dash) continue;
    if (!lower_or_digit && !(i > dash && c == '_')) return false;
  }
  return true;
}

// `p` without "." and ".." parts and without a trailing '/' ("/a/b/../c/" -> "/a/c").
fs::path normal_folder(const fs::path& p) {
  fs::path normal = p.lexically_normal();
  if (!normal.has_filename() && normal != normal.root_path()) normal = normal.parent_path();
  return normal;
}

// An [[override]]: the settings it gives and the benchmarks it selects.
struct Override {
  const toml::node* match_node = nullptr;
  std::string match;
  Settings settings;
  int matched = 0;
};

// Reads one suite file. Holds the path for messages, the suite's folder for
// resolving relative paths, and the platform whose [platform.NAME] applies.
class SuiteReader : private TomlReader {
 public:
  SuiteReader(std::string path, fs::path dir, std::string platform)
      : TomlReader(std::move(path)), dir_(std::move(dir)), platform_(std::move(platform)) {}

  Suite read(const toml::table& root) {
    Suite suite;
    suite.path = path();
    suite.dir = dir_.string();
    suite.name = fs::path(path()).stem().string();

    check_keys(root, "at the top level", kTopKeys);
    if (auto* t = table_at(root, "suite", "[suite]")) read_suite_table(*t, suite);
    if (auto* t = table_at(root, "gate", "[gate]")) read_gate_table(*t, suite);
    if (auto* t = table_at(root, "fixture", "[fixture.NAME]"))
      suite.fixtures = read_fixture_tables(*this, *t, dir_);

    // The layers below a benchmark's own keys, lowest precedence first.
    Settings defaults;
    defaults.label = "[defaults]";
    if (auto* t = table_at(root, "defaults", "[defaults]")) {
      check_keys(*t, "in [defaults]", kSettingKeys);
      defaults = read_settings(*this, *t, "[defaults]");
    }
    std::optional<Settings> platform;
    if (auto* t = table_at(root, "platform", "[platform.NAME]"))
      platform = read_platform_tables(*t, suite);
    std::vector<Override> overrides;
    for (const toml::table* t : tables_in(root, "override", "[[override]]"))
      overrides.push_back(read_override(*t));

    std::vector<const toml::node*> name_nodes;  // for "defined twice, first at ..."
    for (const toml::table* t : tables_in(root, "benchmark", "[[benchmark]]")) {
      BenchmarkSpec spec = read_benchmark(*t, defaults, platform, overrides);
      spec.fixtures = benchmark_fixtures(*this, *t, suite.fixtures);
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
      throw input_error(path() + ": the suite has no [[benchmark]]; add one (see docs/formats.md)");

    for (const Override& o : overrides) {
      if (o.matched > 0) continue;
      std::vector<std::string> names;
      for (const BenchmarkSpec& b : suite.benchmarks) names.push_back(b.name);
      fail(o.match_node->source(),
           fmt::format("[[override]] match {} selects no benchmark", in_quotes(o.match)),
           fmt::format("fix the pattern (* any characters, ? one, [abc] one of a set) or remove "
                       "the override; the benchmarks are {}",
                       join_list(names)));
    }
    return suite;
  }

 private:
  void read_suite_table(const toml::table& t, Suite& suite) const {
    check_keys(t, "in [suite]", kSuiteKeys);
    if (auto* n = t.get("name")) suite.name = non_empty_string(*n, "name", "name = \"nightly\"");
    if (auto* n = t.get("quick_runs")) suite.quick_runs = int_value(*n, "quick_runs", 1);
  }

  void read_gate_table(const toml::table& t, Suite& suite) const {
    check_keys(t, "in [gate]", kGateKeys);
    const toml::node* fail_on = t.get("fail_on");
    const toml::node* older = t.get("fail_on_regression");
    if (fail_on && older)
      fail(older->source(), "fail_on and fail_on_regression are both set",
           "keep fail_on (fail_on_regression = true is the older spelling of fail_on = "
           "\"warning\")");
    if (fail_on) {
      constexpr std::string_view expected = "\"critical\", \"warning\", \"any\" or \"never\"";
      std::string text = string_value(*fail_on, "fail_on", expected);
      auto parsed = parse_fail_on(text);
      if (!parsed)
        fail(fail_on->source(), fmt::format("fail_on is {}", in_quotes(text)),
             fmt::format("expected {}", expected));
      suite.gate.fail_on = *parsed;
    }
    if (older)
      // The older spelling: true meant fail on regressions; false, the default.
      if (bool_value(*older, "fail_on_regression")) suite.gate.fail_on = FailOn::warning;
    if (auto* n = t.get("non_gating")) suite.gate.non_gating = bool_value(*n, "non_gating");
  }

  // [platform.NAME] sections: every one is checked; the one named like the
  // platform perfgate runs on is returned (and recorded in the suite).
  std::optional<Settings> read_platform_tables(const toml::table& t, Suite& suite) const {
    static const std::vector<std::string_view> keys = keys_with_settings({});
    std::optional<Settings> applied;
    for (auto&& [key, value] : t) {
      const std::string name(key.str());
      if (!valid_platform_name(name))
        fail(key.source(), fmt::format("platform name {} is not of the form os-arch", in_quotes(name)),
             fmt::format("write e.g. [platform.linux-x86_64], [platform.linux-aarch64] or "
                         "[platform.macos-arm64] (this machine is {})",
                         platform_));
      const std::string label = "[platform." + name + "]";
      if (!value.is_table()) wrong_type(value, label, "a table of settings, as in [defaults]");
      check_keys(*value.as_table(), "in " + label, keys);
      Settings settings = read_settings(*this, *value.as_table(), label);
      if (name == platform_) {
        applied = std::move(settings);
        suite.platform = name;
      }
    }
    return applied;
  }

  Override read_override(const toml::table& t) const {
    static constexpr std::string_view first[] = {"match"};
    static const std::vector<std::string_view> keys = keys_with_settings(first);
    check_keys(t, "in [[override]]", keys);
    Override o;
    o.match_node = &required(t, "match", "[[override]]", "match = \"gemm_*\"");
    o.match = non_empty_string(*o.match_node, "match", "match = \"gemm_*\"");
    if (std::string why = glob_syntax_error(o.match); !why.empty())
      fail(o.match_node->source(), fmt::format("match {} is not a valid pattern: {}",
                                               in_quotes(o.match), why),
           "write a glob: * any characters, ? one, [abc] or [a-z] one of a set");
    o.settings = read_settings(*this, t, "[[override]] " + in_quotes(o.match));
    return o;
  }

  BenchmarkSpec read_benchmark(const toml::table& t, const Settings& defaults,
                               const std::optional<Settings>& platform,
                               std::vector<Override>& overrides) const {
    static const std::vector<std::string_view> keys =
        keys_with_settings(kBenchmarkOnlyKeys, kBenchmarkLastKeys);
    check_keys(t, "in [[benchmark]]", keys);
    BenchmarkSpec spec;
    spec.cwd = dir_.string();
    spec.place = place(t);
    spec.name = name_value(required(t, "name", "[[benchmark]]", "name = \"...\""), "benchmark");
    if (auto* n = t.get("kind")) spec.kind = kind_value(*n);
    if (spec.kind == BenchmarkKind::gbench) {
      check_gbench_table(t, spec.name);
    } else {
      for (std::string_view key : kGbenchKeys)
        if (const toml::node* n = t.get(key))
          fail(n->source(),
               fmt::format("{} applies only to kind = \"gbench\" (a Google Benchmark binary)",
                           key),
               fmt::format("add kind = \"gbench\" to benchmark {} if it is one, or remove {}",
                           in_quotes(spec.name), key));
    }

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
    if (spec.kind == BenchmarkKind::gbench) read_gbench_options(t, *command, spec);

    if (auto* n = t.get("cwd")) spec.cwd = folder_value(*n);
    if (auto* n = t.get("env")) spec.env = env_value(*n);
    read_receipt_keys(t, spec);
    if (auto* n = t.get("determinism")) read_determinism(*n, spec);

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

    // Budgets need the declared metrics, so the settings come last.
    const Settings own = read_settings(*this, t, "[[benchmark]]");
    std::vector<const Settings*> layers = {&defaults};
    if (platform) layers.push_back(&*platform);
    for (Override& o : overrides) {
      if (!glob_match(o.match, spec.name)) continue;
      ++o.matched;
      layers.push_back(&o.settings);
    }
    layers.push_back(&own);
    apply_settings(*this, layers, spec);
    if (spec.kind == BenchmarkKind::gbench) {
      // From [defaults] and the like these do not apply: one process runs every
      // repetition, and only the binary's own metrics are recorded.
      spec.warmup = 0;
      spec.cooldown = std::chrono::nanoseconds(0);
      spec.builtin_metrics.clear();
    }
    return spec;
  }

  BenchmarkKind kind_value(const toml::node& n) const {
    constexpr std::string_view expected = "\"command\" or \"gbench\"";
    std::string text = string_value(n, "kind", expected);
    if (text == "command") return BenchmarkKind::command;
    if (text == "gbench") return BenchmarkKind::gbench;
    fail(n.source(), fmt::format("kind is {}", in_quotes(text)),
         fmt::format("expected {} (a Google Benchmark binary)", expected));
  }

  // The keys a kind = "gbench" [[benchmark]] cannot have: how it is run and
  // what it reports come from the binary. Checked before anything else of the
  // table, so that the message says why rather than what is missing.
  void check_gbench_table(const toml::table& t, const std::string& name) const {
    const std::string which = fmt::format("benchmark {} is of kind \"gbench\"", in_quotes(name));
    if (const toml::node* n = t.get("shell"))
      fail(n->source(), which + " and has shell",
           "write command = [\"./build/my_benchmarks\"]: perfgate appends the --benchmark_ flags "
           "to it");
    if (!t.get("command"))
      fail(t.source(), which + " and has no command",
           "add command = [\"./build/my_benchmarks\"] (the Google Benchmark binary)");
    if (const toml::node* n = t.get("metric"))
      fail(n->source(), which + " and declares [[benchmark.metric]]",
           "remove it: the metrics come from the binary's JSON; judged_metrics = [\"cpu_time\"] "
           "chooses which of them compare judges");
    if (const toml::node* n = t.get("warmup"))
      fail(n->source(), which + " and sets warmup (warm-up processes)",
           "remove it: Google Benchmark warms up itself; min_warmup_time = \"0.1s\" sets how long");
    if (const toml::node* n = t.get("cooldown"))
      fail(n->source(), which + " and sets cooldown",
           "remove it: one process runs every repetition, there is no pause between them");
    for (std::string_view key : kReceiptKeys)
      if (const toml::node* n = t.get(key))
        fail(n->source(), fmt::format("{} and sets {}", which, key),
             "remove it: a Google Benchmark binary reports its own figures; receipts are for "
             "command benchmarks");
    if (const toml::node* n = t.get("builtin_metrics"))
      fail(n->source(), which + " and sets builtin_metrics",
           "remove it: perfgate's built-in metrics are not recorded for a Google Benchmark binary; "
           "judged_metrics = [\"cpu_time\"] chooses which of its metrics compare judges");
  }

  void read_gbench_options(const toml::table& t, const toml::node& command,
                           BenchmarkSpec& spec) const {
    // Flags perfgate sets itself must not be in the command as well.
    const toml::array& args = *command.as_array();
    for (std::size_t i = 1; i < spec.argv.size(); ++i) {
      for (const OwnFlag& own : kGbenchOwnFlags) {
        const std::string& arg = spec.argv[i];
        if (arg == own.flag || (arg.starts_with(own.flag) && arg[own.flag.size()] == '='))
          fail(args.get(i)->source(),
               fmt::format("command passes {}, which perfgate sets for kind \"gbench\"",
                           own.flag),
               own.instead);
      }
    }
    GbenchOptions& g = spec.gbench;
    if (auto* n = t.get("filter")) {
      g.filter = non_empty_string(*n, "filter", "filter = \"BM_Matmul.*\"");
      g.filter_place = place(*n);
    }
    if (auto* n = t.get("min_time")) {
      read_min_time(*n, g);
      g.min_time_place = place(*n);
    }
    if (auto* n = t.get("min_warmup_time")) g.min_warmup_time = duration_value(*n, "min_warmup_time");
    if (auto* n = t.get("random_interleaving"))
      g.random_interleaving = bool_value(*n, "random_interleaving");
    if (auto* n = t.get("judged_metrics")) g.judged_metrics = judged_metrics_value(*n);
  }

  // "0.05s", "50ms", 0.05 (seconds), or "100x" (iterations, Google Benchmark 1.8+).
  void read_min_time(const toml::node& n, GbenchOptions& g) const {
    constexpr std::string_view todo =
        "write a duration such as \"0.05s\" or \"50ms\", or a number of iterations such as "
        "\"100x\" (Google Benchmark 1.8+)";
    if (n.is_string()) {
      const std::string& text = n.as_string()->get();
      if (text.ends_with('x')) {
        const std::string digits = text.substr(0, text.size() - 1);
        std::int64_t count = 0;
        bool ok = !digits.empty() && digits.size() <= 15;
        for (char c : digits) {
          ok = ok && c >= '0' && c <= '9';
          if (ok) count = count * 10 + (c - '0');
        }
        if (!ok || count == 0)
          fail(n.source(), fmt::format("min_time is {}", in_quotes(text)), todo);
        g.min_iterations = count;
        return;
      }
      if (!parse_duration(text))
        fail(n.source(), fmt::format("min_time is {}, not a duration", in_quotes(text)), todo);
    } else if (!n.is_integer() && !n.is_floating_point()) {
      wrong_type(n, "min_time", "a duration such as \"0.05s\" or a number of iterations \"100x\"");
    }
    g.min_time = duration_value(n, "min_time");
    if (g.min_time->count() == 0) fail(n.source(), "min_time is 0", todo);
  }

  std::vector<std::string> judged_metrics_value(const toml::node& n) const {
    constexpr std::string_view expected =
        "an array of metric names, e.g. judged_metrics = [\"cpu_time\", \"items_per_second\"]";
    if (!n.is_array()) wrong_type(n, "judged_metrics", expected);
    if (n.as_array()->empty())
      fail(n.source(), "judged_metrics is empty",
           "name at least one metric, or remove it to judge the default ones");
    std::vector<std::string> names;
    for (const toml::node& element : *n.as_array()) {
      std::string name = string_value(element, "an element of judged_metrics", expected);
      if (name.empty())
        fail(element.source(), "an element of judged_metrics is empty", "write a metric name");
      const bool known = std::find(std::begin(kGbenchMetricNames), std::end(kGbenchMetricNames),
                                   name) != std::end(kGbenchMetricNames);
      // Any other name is a user counter, which only the binary knows; one close
      // to a standard name is a typo.
      if (!known) {
        if (std::string_view guess = closest_key(name, kGbenchMetricNames); !guess.empty())
          fail(element.source(), fmt::format("judged_metrics has {}", in_quotes(name)),
               fmt::format("did you mean {}? (the others are the binary's user counters, by "
                           "name)",
                           in_quotes(guess)));
      }
      if (std::find(names.begin(), names.end(), name) != names.end())
        fail(element.source(), fmt::format("{} is listed twice in judged_metrics", in_quotes(name)),
             "list each metric once");
      names.push_back(std::move(name));
    }
    return names;
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

  // receipt = "path", [benchmark.plausible] and mock_patterns (docs/receipts.md).
  void read_receipt_keys(const toml::table& t, BenchmarkSpec& spec) const {
    if (auto* n = t.get("receipt")) {
      fs::path p(non_empty_string(*n, "receipt", "receipt = \"receipt.json\""));
      spec.receipt = (p.is_relative() ? fs::path(spec.cwd) / p : p).lexically_normal().string();
      spec.receipt_place = place(*n);
    }
    const toml::table* bounds = table_at(t, "plausible", "[benchmark.plausible]");
    const toml::node* patterns = t.get("mock_patterns");
    if ((bounds || patterns) && spec.receipt.empty())
      fail((bounds ? static_cast<const toml::node&>(*bounds) : *patterns).source(),
           fmt::format("benchmark {} sets {} but has no receipt", in_quotes(spec.name),
                       bounds ? "[benchmark.plausible]" : "mock_patterns"),
           "add receipt = \"receipt.json\" (the file its program writes), or remove it");
    if (bounds) {
      for (auto&& [key, value] : *bounds) spec.receipt_rules.bounds.push_back(bound_value(key, value));
    }
    if (patterns) spec.receipt_rules.mock_patterns = mock_patterns_value(*patterns);
  }

  // tokens_per_second = { max = 150, backend = "cpu" }
  PlausibleBound bound_value(const toml::key& key, const toml::node& n) const {
    constexpr std::string_view example = "{ max = 150 } or { min = 1, max = 150, backend = \"cpu\" }";
    PlausibleBound b;
    b.figure = std::string(key.str());
    const std::string label = "[benchmark.plausible] " + b.figure;
    if (!n.is_table()) wrong_type(n, label, fmt::format("a table such as {}", example));
    const toml::table& t = *n.as_table();
    check_keys(t, "in " + label, kBoundKeys);
    auto number = [&](const char* which) -> std::optional<double> {
      const toml::node* v = t.get(which);
      if (!v) return std::nullopt;
      if (!v->is_integer() && !v->is_floating_point())
        wrong_type(*v, which, "a number, in the unit the receipt writes the figure in");
      return v->value<double>();
    };
    b.min = number("min");
    b.max = number("max");
    if (!b.min && !b.max) fail(n.source(), label + " has neither min nor max", example);
    if (b.min && b.max && *b.min > *b.max)
      fail(n.source(), fmt::format("{} has min {} above max {}", label, number_text(*b.min),
                                   number_text(*b.max)),
           "swap them");
    if (auto* v = t.get("backend")) b.backend = non_empty_string(*v, "backend", "backend = \"cpu\"");
    return b;
  }

  std::vector<std::string> mock_patterns_value(const toml::node& n) const {
    constexpr std::string_view expected = "an array of regexes, e.g. mock_patterns = [\"mock\", \"fake\"]";
    if (!n.is_array()) wrong_type(n, "mock_patterns", expected);
    std::vector<std::string> out;
    for (const toml::node& element : *n.as_array()) {
      std::string p = string_value(element, "an element of mock_patterns", expected);
      try {
        std::regex(p, std::regex::ECMAScript | std::regex::icase);
      } catch (const std::regex_error&) {
        fail(element.source(), fmt::format("mock pattern {} does not compile", in_quotes(p)),
             "write an ECMAScript regular expression, matched case-insensitively in kernel names");
      }
      out.push_back(std::move(p));
    }
    return out;
  }

  // determinism = { runs = 3, outputs = ["stdout", "out/logits.bin"] }
  void read_determinism(const toml::node& n, BenchmarkSpec& spec) const {
    constexpr std::string_view example =
        "determinism = { runs = 3, outputs = [\"stdout\", \"out/result.bin\"] }";
    if (spec.kind == BenchmarkKind::gbench)
      fail(n.source(),
           fmt::format("benchmark {} is of kind \"gbench\" and sets determinism",
                       in_quotes(spec.name)),
           "remove it: perfgate sees only the timings of a Google Benchmark binary, not its "
           "outputs; check determinism in a command benchmark");
    if (!n.is_table()) wrong_type(n, "determinism", fmt::format("a table such as {}", example));
    const toml::table& t = *n.as_table();
    check_keys(t, "in determinism", kDeterminismKeys);
    DeterminismSpec d;
    d.place = place(n);
    if (auto* r = t.get("runs")) {
      if (!r->is_integer()) wrong_type(*r, "determinism runs", "an integer of at least 2");
      if (r->as_integer()->get() < 2)
        fail(r->source(), fmt::format("determinism runs is {}", r->as_integer()->get()),
             "write at least 2: a single repetition has nothing to be compared with");
      d.runs = int_value(*r, "determinism runs", 2);
    }
    constexpr std::string_view expected =
        "an array of \"stdout\" and file paths relative to cwd, e.g. outputs = [\"stdout\", "
        "\"out/result.bin\"]";
    const toml::node& outputs = required(t, "outputs", "determinism", "outputs = [\"stdout\"]");
    if (!outputs.is_array()) wrong_type(outputs, "determinism outputs", expected);
    if (outputs.as_array()->empty())
      fail(outputs.source(), "determinism outputs is empty",
           "name what must not change between repetitions: \"stdout\" and/or files the "
           "program writes");
    for (const toml::node& element : *outputs.as_array()) {
      std::string o = string_value(element, "an element of determinism outputs", expected);
      if (o.empty())
        fail(element.source(), "an element of determinism outputs is empty",
             "write \"stdout\" or a file path relative to cwd");
      if (std::find(d.outputs.begin(), d.outputs.end(), o) != d.outputs.end())
        fail(element.source(),
             fmt::format("{} is listed twice in determinism outputs", in_quotes(o)),
             "list each output once");
      d.outputs.push_back(std::move(o));
    }
    spec.determinism = std::move(d);
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

  fs::path dir_;
  std::string platform_;
};

fs::path suite_folder(const std::string& path) {
  return normal_folder(fs::absolute(fs::path(path)).parent_path());
}

}  // namespace

Suite parse_suite(const std::string& text, const std::string& path, const std::string& platform) {
  toml::table root;
  try {
    root = toml::parse(std::string_view(text), std::string_view(path));
  } catch (const toml::parse_error& e) {
    std::string why(e.description());
    std::replace(why.begin(), why.end(), '\n', ' ');
    throw input_error(fmt::format("{}:{}:{}: {}; the file is not valid TOML (see https://toml.io)",
                                  path, e.source().begin.line, e.source().begin.column, why));
  }
  return SuiteReader(path, suite_folder(path), platform).read(root);
}

Suite parse_suite(const std::string& text, const std::string& path) {
  return parse_suite(text, path, current_platform());
}

Suite load_suite(const std::string& path) {
  return parse_suite(read_file_text(path), path);
}

}  // namespace perfgate
