// What a suite says is acceptable: relative limits per metric direction,
// absolute budgets (optionally on a percentile), and the gate policy. Plain
// data, carried from the suite into every run so that a result file alone is
// enough to judge it (docs/formats.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/metric.hpp"

namespace perfgate {

// Relative limits on a change in the worse direction, as fractions (0.05 = 5 %).
// A significant change beyond `warning` is a warning, beyond `critical` is
// critical. `warning` is also the equivalence margin: a change whose whole
// interval lies within ±warning is stable.
struct RelativeLimits {
  double warning = 0.05;
  double critical = 0.10;
};

// Limits for each metric direction: latency-like metrics (lower is better,
// worse when they rise) and throughput-like ones (higher is better, worse when
// they fall) usually tolerate different changes ("latency +15 % / +25 %,
// throughput -8 % / -15 %").
struct Limits {
  RelativeLimits lower_is_better;
  RelativeLimits higher_is_better;
  const RelativeLimits& for_direction(Direction d) const {
    return d == Direction::lower_is_better ? lower_is_better : higher_is_better;
  }
};

// An absolute budget on one metric of one benchmark: the median (or the given
// percentile) of the contender's samples must stay at most `max` (for a
// lower-is-better metric) or at least `min` (higher-is-better). Values are in
// the metric's unit. Zones: ok below 80 % of the budget, warning from 80 % to
// 100 %, over budget beyond (for `min`: ok above 125 % of it, i.e. the same
// 80 % margin read the other way, warning down to the minimum, over budget below).
struct Budget {
  std::string metric;
  std::optional<double> percentile;  // e.g. 99 for p99; empty: the median
  std::optional<double> max;
  std::optional<double> min;
  // An MVP and a target on the median (`{ mvp = "60s", target = "5s" }`):
  // the MVP must hold, like max/min but with no warning zone, since the
  // target already says how far the run is from where it should be; the
  // target never fails anything, it is only shown. The metric's direction
  // says whether they are maxima or minima. A budget with either has neither
  // max, min nor percentile; a target comes with an MVP and is no worse.
  std::optional<double> mvp{};
  std::optional<double> target{};
};

// Which statuses fail the gate. `critical`: critical regressions, budgets
// exceeded and failed benchmarks; `warning`: also warnings; `any`: also
// inconclusive verdicts; `never`: nothing (report only).
enum class FailOn { never, critical, warning, any };
std::string_view to_string(FailOn f);
std::optional<FailOn> parse_fail_on(std::string_view s);

struct GatePolicy {
  // Absent when the suite did not say: each verb then applies its own default
  // (compare reports only, check fails on critical findings).
  std::optional<FailOn> fail_on;
  // Non-gating (smoke) mode: always exit 0 and report every finding as a
  // warning, whatever fail_on says.
  bool non_gating = false;
};

// "linux-x86_64", "linux-aarch64", "macos-arm64", ...: the platform perfgate
// was built for, which selects a suite's [platform.NAME] section.
std::string current_platform();

}  // namespace perfgate
