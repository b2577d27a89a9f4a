// Budgets in a suite file (docs/formats.md, "Budgets"): reading a budget
// table as written, then turning it into model Budgets for one benchmark,
// whose metrics give each value its unit and direction. Internal to the suite
// reader (model/suite_toml.cpp).
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <string>
#include <vector>

#include "model/limits.hpp"
#include "model/metric.hpp"
#include "model/toml_reader.hpp"

namespace perfgate {

// The budget on one metric as one table of the suite wrote it:
// `wall_time = "300us"` or `ttft = { max = "1s", p99 = "2s" }`. Nodes point
// into the parsed document, which outlives the reading of the suite.
struct BudgetSetting {
  enum class Side {
    worse,  // a bare value or pNN: max for lower-is-better, min for higher-is-better
    max,
    min,
    mvp,     // must hold: a max or min by the metric's direction, shown with the target
    target,  // where the metric should be: never fails, only shown
  };
  struct Bound {
    std::optional<double> percentile;  // empty: the median
    Side side = Side::worse;
    std::string key;  // "max", "p99", "mvp", ...; "" for a bare value
    toml::source_region key_at;
    const toml::node* value = nullptr;
  };
  std::string metric;
  toml::source_region metric_at;
  std::vector<Bound> bounds;
};

// Reads `budget = { ... }` / `[benchmark.budget]`: metric name -> bounds, in
// the order of the file (metrics, and the bounds of each).
// Checks the form only (keys, percentiles, value types); whether a metric
// exists and what unit its values need is for resolve_budget.
std::vector<BudgetSetting> read_budget_table(const TomlReader& reader, const toml::node& n);

// The Budgets `setting` sets on `metric`, with values converted into the
// metric's unit: one for the median (if set) and one per percentile. Throws
// input_error at the key or value on a value of another dimension than the
// metric's unit, a bound on the wrong side for the metric's direction, or a
// value that is not more than 0.
std::vector<Budget> resolve_budget(const TomlReader& reader, const BudgetSetting& setting,
                                   const MetricInfo& metric);

// The percentile a budget key names: "p99" -> 99, "p99.9" -> 99.9; nullopt
// unless the key is "p", 1-2 digits, optionally "." and 1-2 digits, and the
// number lies strictly between 0 and 100.
std::optional<double> parse_percentile_key(std::string_view key);

}  // namespace perfgate
