#include "model/suite_settings.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace perfgate {

namespace {

constexpr std::string_view kBuiltinNames[] = {builtin::wall_time, builtin::user_time,
                                              builtin::system_time, builtin::peak_rss,
                                              builtin::instructions};
constexpr std::string_view kLimitKeys[] = {"lower", "higher"};

std::vector<std::string> builtin_metrics_value(const TomlReader& reader, const toml::node& n) {
  std::string expected =
      fmt::format("an array of built-in metric names ({})", join_list(kBuiltinNames));
  if (!n.is_array()) reader.wrong_type(n, "builtin_metrics", expected);
  std::vector<std::string> names;
  for (const toml::node& element : *n.as_array()) {
    std::string name = reader.string_value(element, "an element of builtin_metrics", expected);
    if (!builtin::find(name))
      reader.fail(element.source(), fmt::format("{} is not a built-in metric", in_quotes(name)),
                  fmt::format("expected one of {}", join_list(kBuiltinNames)));
    if (std::find(names.begin(), names.end(), name) != names.end())
      reader.fail(element.source(),
                  fmt::format("{} is listed twice in builtin_metrics", in_quotes(name)),
                  "list each metric once");
    names.push_back(std::move(name));
  }
  return names;
}

// `warning` or `critical`: one fraction for both directions, or a table
// { lower = ..., higher = ... } with either or both.
void read_limit_pair(const TomlReader& reader, const toml::node& n, std::string_view key,
                     std::optional<LimitSetting>& lower, std::optional<LimitSetting>& higher) {
  if (n.is_table()) {
    const toml::table& t = *n.as_table();
    reader.check_keys(t, fmt::format("in {} (it takes a limit per metric direction)", key),
                      kLimitKeys);
    if (t.empty())
      reader.fail(n.source(), fmt::format("{} is an empty table", key),
                  fmt::format("give lower, higher or both, e.g. {} = {{ lower = \"15%\", "
                              "higher = \"8%\" }}",
                              key));
    if (const toml::node* v = t.get("lower"))
      lower = LimitSetting{reader.fraction_value(*v, fmt::format("{}.lower", key)), v->source()};
    if (const toml::node* v = t.get("higher"))
      higher = LimitSetting{reader.fraction_value(*v, fmt::format("{}.higher", key)), v->source()};
    return;
  }
  if (!n.is_string() && !n.is_integer() && !n.is_floating_point())
    reader.wrong_type(n, key,
                      fmt::format("a fraction such as 0.05, a percentage such as \"5%\", or a "
                                  "table such as {} = {{ lower = \"15%\", higher = \"8%\" }}",
                                  key));
  const double x = reader.fraction_value(n, key);
  lower = higher = LimitSetting{x, n.source()};
}

// One relative limit in effect for a benchmark, and which layer set it.
struct EffectiveLimit {
  double fraction = 0;
  const toml::source_region* at = nullptr;  // nullptr: the built-in default
  int rank = -1;                            // index of the layer; -1: built in

  void set(const std::optional<LimitSetting>& s, int layer) {
    if (!s) return;
    fraction = s->fraction;
    at = &s->at;
    rank = layer;
  }
};

void check_limits(const TomlReader& reader, const EffectiveLimit& warning,
                  const EffectiveLimit& critical, std::string_view direction,
                  const std::string& benchmark) {
  if (critical.fraction >= warning.fraction) return;
  // Blame the one set by the later (higher-precedence) table; critical on a tie.
  // Both cannot be built in: the built-in critical is above the built-in warning.
  if (critical.rank >= warning.rank) {
    const std::string where = warning.at ? fmt::format("set at {}", reader.place(*warning.at).str())
                                         : std::string("the built-in default");
    reader.fail(*critical.at,
                fmt::format("critical limit {} is below the warning limit {} ({}) for "
                            "{} metrics of benchmark {}",
                            percent_text(critical.fraction), percent_text(warning.fraction), where,
                            direction, in_quotes(benchmark)),
                "make critical at least the warning limit");
  }
  if (critical.at)
    reader.fail(*warning.at,
                fmt::format("warning limit {} is above the critical limit {} (set at {}) for {} "
                            "metrics of benchmark {}",
                            percent_text(warning.fraction), percent_text(critical.fraction),
                            reader.place(*critical.at).str(), direction, in_quotes(benchmark)),
                "make warning at most the critical limit");
  reader.fail(*warning.at,
              fmt::format("warning limit {} is above the critical limit {} (the built-in "
                          "default) for {} metrics of benchmark {}",
                          percent_text(warning.fraction), percent_text(critical.fraction),
                          direction, in_quotes(benchmark)),
              fmt::format("set critical as well, e.g. critical = \"{:.6g}%\" (threshold = "
                          "\"{:.6g}%\" sets warning and twice that as critical)",
                          warning.fraction * 200, warning.fraction * 100));
}

// Metrics every benchmark of a Google Benchmark binary may report, as the
// gbench adapter records them (src/adapters/gbench.cpp). User counters are
// known only once the binary has run, so budgets cannot name them.
const MetricInfo kGbenchMetrics[] = {
    {"real_time", "ns", Direction::lower_is_better, true},
    {"cpu_time", "ns", Direction::lower_is_better, true},
    {"items_per_second", "items/s", Direction::higher_is_better, true},
    {"bytes_per_second", "B/s", Direction::higher_is_better, true},
};

// The metric of `spec` named `name`: a built-in (all four are recorded in every
// repetition) or a declared one, or for a gbench benchmark one of
// kGbenchMetrics; nullopt when it has none.
std::optional<MetricInfo> metric_of(const BenchmarkSpec& spec, const std::string& name) {
  if (spec.kind == BenchmarkKind::gbench) {
    for (const MetricInfo& m : kGbenchMetrics)
      if (m.name == name) return m;
    return std::nullopt;
  }
  if (auto b = builtin::find(name)) return b;
  for (const DeclaredMetric& m : spec.metrics)
    if (m.info.name == name) return m.info;
  return std::nullopt;
}

}  // namespace

Settings read_settings(const TomlReader& reader, const toml::table& t, std::string label) {
  Settings s;
  s.label = std::move(label);
  if (auto* n = t.get("warmup")) s.warmup = reader.int_value(*n, "warmup", 0);
  if (auto* n = t.get("runs")) s.runs = reader.int_value(*n, "runs", 1);
  if (auto* n = t.get("timeout")) {
    s.timeout = reader.duration_value(*n, "timeout");
    if (s.timeout->count() == 0)
      reader.fail(n->source(), "timeout is 0", "expected a duration more than 0, such as \"60s\"");
  }
  if (auto* n = t.get("cooldown")) s.cooldown = reader.duration_value(*n, "cooldown");
  if (auto* n = t.get("max_output")) s.max_output_bytes = reader.size_value(*n, "max_output");
  if (auto* n = t.get("builtin_metrics")) s.builtin_metrics = builtin_metrics_value(reader, *n);

  const toml::node* threshold = t.get("threshold");
  const toml::node* warning = t.get("warning");
  const toml::node* critical = t.get("critical");
  if (threshold && warning)
    reader.fail(warning->source(), "threshold and warning are both set",
                "keep one: threshold = t is short for warning = t with critical = 2 × t");
  if (warning) read_limit_pair(reader, *warning, "warning", s.lower_warning, s.higher_warning);
  if (critical) read_limit_pair(reader, *critical, "critical", s.lower_critical, s.higher_critical);
  if (threshold) {
    const double x = reader.fraction_value(*threshold, "threshold");
    s.lower_warning = s.higher_warning = LimitSetting{x, threshold->source()};
    // critical = 2 × threshold, in each direction this table's `critical` leaves open.
    if (!s.lower_critical) s.lower_critical = LimitSetting{2 * x, threshold->source()};
    if (!s.higher_critical) s.higher_critical = LimitSetting{2 * x, threshold->source()};
  }
  if (auto* n = t.get("budget")) s.budgets = read_budget_table(reader, *n);
  return s;
}

void apply_settings(const TomlReader& reader, std::span<const Settings* const> layers,
                    BenchmarkSpec& spec) {
  EffectiveLimit lower_warning{spec.limits.lower_is_better.warning};
  EffectiveLimit lower_critical{spec.limits.lower_is_better.critical};
  EffectiveLimit higher_warning{spec.limits.higher_is_better.warning};
  EffectiveLimit higher_critical{spec.limits.higher_is_better.critical};
  struct BudgetFrom {
    const BudgetSetting* setting;
    const Settings* layer;
  };
  std::vector<BudgetFrom> budgets;

  for (std::size_t i = 0; i < layers.size(); ++i) {
    const Settings& s = *layers[i];
    if (s.warmup) spec.warmup = *s.warmup;
    if (s.runs) spec.runs = *s.runs;
    if (s.timeout) spec.timeout = *s.timeout;
    if (s.cooldown) spec.cooldown = *s.cooldown;
    if (s.max_output_bytes) spec.max_output_bytes = *s.max_output_bytes;
    if (s.builtin_metrics) spec.builtin_metrics = *s.builtin_metrics;
    const int rank = static_cast<int>(i);
    lower_warning.set(s.lower_warning, rank);
    lower_critical.set(s.lower_critical, rank);
    higher_warning.set(s.higher_warning, rank);
    higher_critical.set(s.higher_critical, rank);
    for (const BudgetSetting& b : s.budgets) {
      std::erase_if(budgets, [&](const BudgetFrom& f) { return f.setting->metric == b.metric; });
      budgets.push_back({&b, &s});
    }
  }

  check_limits(reader, lower_warning, lower_critical, "lower-is-better", spec.name);
  check_limits(reader, higher_warning, higher_critical, "higher-is-better", spec.name);
  spec.limits.lower_is_better = {lower_warning.fraction, lower_critical.fraction};
  spec.limits.higher_is_better = {higher_warning.fraction, higher_critical.fraction};

  spec.budgets.clear();
  for (const BudgetFrom& from : budgets) {
    const BudgetSetting& b = *from.setting;
    auto metric = metric_of(spec, b.metric);
    if (!metric) {
      std::vector<std::string_view> names;
      if (spec.kind == BenchmarkKind::gbench) {
        for (const MetricInfo& m : kGbenchMetrics) names.push_back(m.name);
      } else {
        names.assign(std::begin(kBuiltinNames), std::end(kBuiltinNames));
        for (const DeclaredMetric& m : spec.metrics) names.push_back(m.info.name);
      }
      std::string todo;
      if (auto guess = closest_key(b.metric, names); !guess.empty())
        todo = fmt::format("did you mean {}? ", in_quotes(guess));
      todo += fmt::format("budget one of its metrics: {}", join_list(names));
      if (from.layer->label == "[[benchmark]]")
        reader.fail(b.metric_at,
                    fmt::format("budget on {}: benchmark {} has no metric {}", in_quotes(b.metric),
                                in_quotes(spec.name), in_quotes(b.metric)),
                    todo);
      reader.fail(b.metric_at,
                  fmt::format("budget on {} in {} applies to benchmark {}, which has no metric {}",
                              in_quotes(b.metric), from.layer->label, in_quotes(spec.name),
                              in_quotes(b.metric)),
                  todo +
                      ", or move the budget to the benchmarks that have the metric (their "
                      "[benchmark.budget], or an [[override]] whose match selects only them)");
    }
    for (Budget& budget : resolve_budget(reader, b, *metric)) spec.budgets.push_back(budget);
  }
}

}  // namespace perfgate
