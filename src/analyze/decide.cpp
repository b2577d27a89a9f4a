// Deciding one verdict from its measured change: the three honest outcomes,
// then the status graded by the relative limits (docs/ARCHITECTURE.md, "How a
// verdict is decided").
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "analyze/verdict.hpp"
#include "stats/outliers.hpp"
#include "stats/power.hpp"

namespace perfgate {
namespace {

std::string pct(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", fraction * 100);
  return buf;
}

std::string signed_pct(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f %%", fraction * 100);
  return buf;
}

std::string p_text(const Change& c) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "p = %.2g (adjusted %.2g)", c.p_value, c.p_adjusted);
  return buf;
}

// Robust standard deviation of log values, pooled over both sides.
double log_noise(std::span<const double> base, std::span<const double> contender) {
  auto sd = [](std::span<const double> xs) {
    std::vector<double> l(xs.size());
    std::transform(xs.begin(), xs.end(), l.begin(), [](double x) { return std::log(x); });
    return 1.4826 * stats::mad(l);
  };
  const double a = sd(base), b = sd(contender);
  return std::sqrt((a * a + b * b) / 2);
}

// How many more runs per side would most likely decide an inconclusive
// verdict: enough to detect the observed change when it is beyond the warning
// limit, enough for the interval to fit within ±warning when it is not.
std::optional<int> more_runs(const Verdict& v, std::span<const double> base,
                             std::span<const double> contender, const CompareOptions& o) {
  const double sd = log_noise(base, contender);
  const double effect = std::log(v.change->ratio);
  const double margin = std::log(1 + v.limits.warning);
  std::optional<int> total = std::abs(v.change->ratio - 1) > v.limits.warning
                                 ? stats::runs_to_detect(sd, effect, o.alpha)
                                 : stats::runs_for_equivalence(sd, effect, margin, o.confidence);
  if (!total) return std::nullopt;
  const int have = std::min(v.base.n, v.contender.n);
  return std::max(1, *total - have);
}

}  // namespace

Severity severity_of(const Verdict& v) {
  switch (v.status) {
    case Status::critical:
    case Status::over_budget:
      return Severity::critical;
    case Status::failed:
      return (v.contender.n == 0 || v.contender.failed > 0) ? Severity::critical : Severity::none;
    case Status::warning:
      return Severity::warning;
    default:
      return Severity::none;
  }
}

void decide(Verdict& v, std::span<const double> base, std::span<const double> contender,
            const CompareOptions& o) {
  v.more_runs.reset();
  if (v.base.n == 0 || v.contender.n == 0) {
    v.outcome = Outcome::unknown;
    v.status = Status::failed;
    v.reason = v.base.n == 0 ? "base: no samples" : "contender: no samples";
    v.severity = severity_of(v);
    return;
  }
  if (!v.change) {  // measure() said why
    const bool zeros = v.reason == "both medians are 0";
    v.outcome = zeros ? Outcome::same : Outcome::unknown;
    v.status = zeros ? Status::stable : Status::inconclusive;
    v.severity = Severity::none;
    return;
  }
  const Change& c = *v.change;
  const double change = c.ratio - 1;
  const bool worse = v.direction == Direction::lower_is_better ? change > 0 : change < 0;
  const bool significant = c.p_adjusted < o.alpha;
  const bool beyond = std::abs(change) > v.limits.warning;
  const bool excludes_one = c.ci_low > 1 || c.ci_high < 1;
  const bool within = c.ci_low >= 1 - v.limits.warning && c.ci_high <= 1 + v.limits.warning;

  if (std::min(v.base.n, v.contender.n) < o.min_samples) {
    v.outcome = Outcome::unknown;
    v.reason = "too few samples (" + std::to_string(v.base.n) + " vs " +
               std::to_string(v.contender.n) + "); at least " + std::to_string(o.min_samples) +
               " per side are needed";
  } else if (significant && beyond && excludes_one) {
    v.outcome = Outcome::different;
    v.reason = signed_pct(change) + " is beyond the " + pct(v.limits.warning) + " warning limit";
    if (worse && std::abs(change) > v.limits.critical)
      v.reason = signed_pct(change) + " is beyond the " + pct(v.limits.critical) +
                 " critical limit";
    v.reason += ", " + p_text(c);
  } else if (within) {
    v.outcome = Outcome::same;
    v.reason = "the interval lies within ±" + pct(v.limits.warning);
  } else {
    v.outcome = Outcome::unknown;
    v.reason = significant ? "significant (" + p_text(c) + ") but the interval straddles the " +
                                 pct(v.limits.warning) + " warning limit"
                           : "not significant (" + p_text(c) + ") and the interval reaches "
                                 "beyond ±" + pct(v.limits.warning);
  }

  switch (v.outcome) {
    case Outcome::different:
      v.status = !worse ? Status::improvement
                 : std::abs(change) > v.limits.critical ? Status::critical
                                                        : Status::warning;
      break;
    case Outcome::same:
      v.status = Status::stable;
      break;
    case Outcome::unknown:
      v.status = Status::inconclusive;
      if (std::min(v.base.n, v.contender.n) >= o.min_samples) v.more_runs = more_runs(v, base, contender, o);
      if (v.more_runs) v.reason += "; about " + std::to_string(*v.more_runs) + " more runs per side would most likely decide it";
      else if (std::min(v.base.n, v.contender.n) >= o.min_samples) v.reason += "; more runs are unlikely to decide it at this noise";
      break;
  }
  if (c.p_ks < o.alpha && v.status == Status::stable)
    v.reason += "; the distribution's shape changed (Kolmogorov-Smirnov p = " +
                std::to_string(c.p_ks).substr(0, 6) + ")";
  v.severity = severity_of(v);
}

}  // namespace perfgate
