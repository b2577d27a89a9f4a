#include "model/suite_budgets.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "model/units.hpp"

namespace perfgate {

namespace {

constexpr std::string_view kBoundForms =
    "max, min, mvp, target, or pNN / \"pNN.N\" for a percentile with 0 < NN < 100 (p50, p95, "
    "p99, \"p99.9\" in quotes)";

// "a duration", "a rate in tokens/s": what a unit's values are, for messages.
std::string kind_of(std::string_view unit) {
  switch (unit_info(unit).dimension) {
    case Dimension::time:
      return "a duration";
    case Dimension::size:
      return "a size";
    case Dimension::byte_rate:
      return "a byte rate";
    case Dimension::rate:
      return fmt::format("a rate in {}", unit);
    case Dimension::other:
      break;
  }
  return fmt::format("a value in {}", unit);
}

// What to write for a budget on a metric in `unit`.
std::string example_for(std::string_view unit) {
  switch (unit_info(unit).dimension) {
    case Dimension::time:
      return "write a duration with its unit, such as \"300us\" or \"2s\"";
    case Dimension::size:
      return "write a size with its unit, such as \"512MiB\"";
    case Dimension::byte_rate:
      return fmt::format("write a number of {} such as 800, or a byte rate such as \"800MiB/s\"",
                         unit);
    case Dimension::rate:
    case Dimension::other:
      break;
  }
  return fmt::format("write a number of {} such as 100", unit);
}

// toml++ iterates a table in key order; budgets keep the order of the file.
bool before(const toml::source_region& a, const toml::source_region& b) {
  if (a.begin.line != b.begin.line) return a.begin.line < b.begin.line;
  return a.begin.column < b.begin.column;
}

std::string_view direction_words(Direction d) {
  return d == Direction::lower_is_better ? "lower is better" : "higher is better";
}

}  // namespace

std::optional<double> parse_percentile_key(std::string_view key) {
  if (key.size() < 2 || key[0] != 'p') return std::nullopt;
  std::string_view number = key.substr(1);
  const std::size_t dot = number.find('.');
  std::string_view whole = number.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : number.substr(dot + 1);
  auto digits = [](std::string_view s) {
    for (char c : s)
      if (c < '0' || c > '9') return false;
    return true;
  };
  if (whole.empty() || whole.size() > 2 || !digits(whole)) return std::nullopt;
  if (dot != std::string_view::npos &&
      (fraction.empty() || fraction.size() > 2 || !digits(fraction)))
    return std::nullopt;
  const double p = std::stod(std::string(number));
  if (!(p > 0 && p < 100)) return std::nullopt;
  return p;
}

std::vector<BudgetSetting> read_budget_table(const TomlReader& reader, const toml::node& n) {
  constexpr std::string_view expected =
      "a table of metric budgets, e.g. budget = { wall_time = \"300us\", ttft = { p99 = \"2s\" } }";
  if (!n.is_table()) reader.wrong_type(n, "budget", expected);
  std::vector<BudgetSetting> out;
  for (auto&& [key, value] : *n.as_table()) {
    BudgetSetting setting;
    setting.metric = std::string(key.str());
    setting.metric_at = key.source();
    if (!value.is_table()) {
      if (!value.is_string() && !value.is_integer() && !value.is_floating_point())
        reader.wrong_type(value, fmt::format("the budget on {}", setting.metric),
                          "a number, a string such as \"300us\", or a table such as "
                          "{ max = \"5ms\", p99 = \"8ms\" }");
      setting.bounds.push_back(
          {std::nullopt, BudgetSetting::Side::worse, "", key.source(), &value});
      out.push_back(std::move(setting));
      continue;
    }
    const toml::table& bounds = *value.as_table();
    if (bounds.empty())
      reader.fail(value.source(), fmt::format("the budget on {} is empty", setting.metric),
                  fmt::format("give at least one of {}", kBoundForms));
    for (auto&& [bound_key, bound_value] : bounds) {
      BudgetSetting::Bound bound;
      bound.key = std::string(bound_key.str());
      bound.key_at = bound_key.source();
      bound.value = &bound_value;
      if (bound.key == "max") {
        bound.side = BudgetSetting::Side::max;
      } else if (bound.key == "min") {
        bound.side = BudgetSetting::Side::min;
      } else if (bound.key == "mvp") {
        bound.side = BudgetSetting::Side::mvp;
      } else if (bound.key == "target") {
        bound.side = BudgetSetting::Side::target;
      } else if (auto p = parse_percentile_key(bound.key)) {
        bound.percentile = *p;
      } else {
        reader.fail(
            bound_key.source(),
            fmt::format("unknown key {} in the budget on {}", in_quotes(bound.key), setting.metric),
            fmt::format("valid keys: {}", kBoundForms));
      }
      if (bound_value.is_table() && bound.percentile)
        reader.fail(bound_value.source(),
                    fmt::format("{} in the budget on {} is a table", bound.key, setting.metric),
                    fmt::format("a dot in a bare TOML key makes a sub-table: write the percentile "
                                "in quotes, e.g. {{ \"{}.9\" = \"2s\" }}",
                                bound.key));
      if (!bound_value.is_string() && !bound_value.is_integer() && !bound_value.is_floating_point())
        reader.wrong_type(bound_value,
                          fmt::format("{} in the budget on {}", bound.key, setting.metric),
                          "a number or a string such as \"300us\"");
      // A target bounds nothing, so it shares the median with any bound.
      const auto target = BudgetSetting::Side::target;
      for (const BudgetSetting::Bound& earlier : setting.bounds) {
        const bool both_median = !earlier.percentile && !bound.percentile &&
                                 earlier.side != target && bound.side != target;
        const bool same_percentile =
            earlier.percentile && bound.percentile && *earlier.percentile == *bound.percentile;
        if (both_median || same_percentile)
          reader.fail(bound_key.source(),
                      fmt::format("{} and {} in the budget on {} bound the same {}", earlier.key,
                                  bound.key, setting.metric, both_median ? "median" : "percentile"),
                      both_median ? "keep max for a lower-is-better metric, min for a "
                                    "higher-is-better one, or mvp (with a target) for either"
                                  : "keep one of them");
      }
      setting.bounds.push_back(std::move(bound));
    }
    const auto has = [&](BudgetSetting::Side side) {
      return std::any_of(setting.bounds.begin(), setting.bounds.end(),
                         [&](const auto& b) { return b.side == side; });
    };
    if (has(BudgetSetting::Side::target) && !has(BudgetSetting::Side::mvp))
      reader.fail(std::find_if(setting.bounds.begin(), setting.bounds.end(),
                               [](const auto& b) { return b.side == BudgetSetting::Side::target; })
                      ->key_at,
                  fmt::format("a target in the budget on {} without an mvp", setting.metric),
                  "add mvp = ... (the limit that must hold); the target is only shown beside it");
    std::sort(setting.bounds.begin(), setting.bounds.end(),
              [](const auto& a, const auto& b) { return before(a.key_at, b.key_at); });
    out.push_back(std::move(setting));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return before(a.metric_at, b.metric_at); });
  return out;
}

std::vector<Budget> resolve_budget(const TomlReader& reader, const BudgetSetting& setting,
                                   const MetricInfo& metric) {
  const std::string& name = metric.name;
  const bool lower = metric.direction == Direction::lower_is_better;
  const UnitInfo unit = unit_info(metric.unit);
  const bool needs_unit = unit.dimension == Dimension::time || unit.dimension == Dimension::size;

  std::vector<Budget> out;
  // The MVP and the target make one budget, at the place of the first of them.
  std::optional<std::size_t> mvp_budget;
  const toml::node* target_value = nullptr;
  std::string mvp_written, target_written;  // as the file wrote them, for the message
  for (const BudgetSetting::Bound& bound : setting.bounds) {
    // The side, checked against the metric's direction.
    if (bound.side == BudgetSetting::Side::max && !lower)
      reader.fail(bound.key_at,
                  fmt::format("max in the budget on {}, but {} for {}", name,
                              direction_words(metric.direction), name),
                  "write min = ... (the least acceptable value); max is for lower-is-better "
                  "metrics");
    if (bound.side == BudgetSetting::Side::min && lower)
      reader.fail(bound.key_at,
                  fmt::format("min in the budget on {}, but {} for {}", name,
                              direction_words(metric.direction), name),
                  "write max = ... (the most acceptable value); min is for higher-is-better "
                  "metrics");

    // The value, in the metric's unit.
    const toml::node& v = *bound.value;
    const std::string what = bound.key.empty()
                                 ? fmt::format("the budget on {}", name)
                                 : fmt::format("{} in the budget on {}", bound.key, name);
    double x = 0;
    std::string written;
    if (v.is_integer() || v.is_floating_point()) {
      x = v.is_integer() ? static_cast<double>(v.as_integer()->get())
                         : v.as_floating_point()->get();
      written = number_text(x);
      if (needs_unit)
        reader.fail(v.source(),
                    fmt::format("{} is the plain number {}, but {} is {} (in {})", what, written,
                                name, kind_of(metric.unit), metric.unit),
                    example_for(metric.unit));
    } else {
      const std::string& text = v.as_string()->get();
      written = in_quotes(text);
      auto q = parse_quantity(text);
      if (!q)
        reader.fail(v.source(), fmt::format("{} is {}, not a number with a unit", what, written),
                    example_for(metric.unit));
      if (q->unit.empty()) {
        if (needs_unit)
          reader.fail(v.source(),
                      fmt::format("{} is {} without a unit, but {} is {} (in {})", what, written,
                                  name, kind_of(metric.unit), metric.unit),
                      example_for(metric.unit));
        x = q->value;
      } else {
        auto factor = conversion_factor(q->unit, metric.unit);
        if (!factor) {
          const bool known = parse_unit(q->unit).has_value();
          reader.fail(v.source(),
                      fmt::format("{} is {}, {}, but {} is {} (in {})", what, written,
                                  known ? kind_of(q->unit)
                                        : fmt::format("in the unknown unit {}", in_quotes(q->unit)),
                                  name, kind_of(metric.unit), metric.unit),
                      example_for(metric.unit));
        }
        x = q->value * *factor;
      }
    }
    if (!(x > 0) || !std::isfinite(x))
      reader.fail(v.source(), fmt::format("{} is {}", what, written),
                  "expected a value more than 0");

    if (bound.side == BudgetSetting::Side::mvp || bound.side == BudgetSetting::Side::target) {
      if (!mvp_budget) {
        mvp_budget = out.size();
        out.push_back(Budget{name, std::nullopt, std::nullopt, std::nullopt});
      }
      if (bound.side == BudgetSetting::Side::mvp) {
        out[*mvp_budget].mvp = x;
        mvp_written = written;
      } else {
        out[*mvp_budget].target = x;
        target_value = &v;
        target_written = written;
      }
      continue;
    }
    Budget budget{name, bound.percentile, std::nullopt, std::nullopt};
    (lower ? budget.max : budget.min) = x;
    out.push_back(std::move(budget));
  }
  // A target worse than the MVP would be met by a run the MVP refuses.
  if (mvp_budget && target_value) {
    const Budget& b = out[*mvp_budget];
    if (lower ? *b.target > *b.mvp : *b.target < *b.mvp)
      reader.fail(target_value->source(),
                  fmt::format("the target in the budget on {} ({}) is worse than its mvp ({}): "
                              "{} for {}",
                              name, target_written, mvp_written,
                              direction_words(metric.direction), name),
                  lower ? "the target is where you want to be: make it at most the mvp"
                        : "the target is where you want to be: make it at least the mvp");
  }
  return out;
}

}  // namespace perfgate
