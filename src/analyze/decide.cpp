// Deciding one verdict from its measured change: the three honest outcomes,
// then the status graded by the relative limits (docs/ARCHITECTURE.md, "How a
// verdict is decided").
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "analyze/percent.hpp"
#include "analyze/verdict.hpp"
#include "stats/power.hpp"

namespace perfgate {
namespace {

// Beyond this many further runs a suggestion is not advice anyone will take.
constexpr int kMaxSensibleRuns = 500;

std::string p_text(const Change& c) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "p = %.2g, adjusted %.2g", c.p_value, c.p_adjusted);
  return buf;
}

// The per-sample noise of log values that the observed interval implies: the
// interval's half-width in log space is about z * sqrt(pi/2) * sd * sqrt(2/n)
// (medians cost pi/2 in efficiency against means). Reading the noise off the
// interval, rather than off a robust spread, keeps the estimate honest when
// outliers widen the interval: the runs suggested are the runs that would
// narrow *this* interval enough.
// A summary verdict's interval is of means, which cost nothing in efficiency.
double noise_from_interval(const Change& c, int n, double confidence, Method method) {
  const double half_width = (std::log(c.ci_high) - std::log(c.ci_low)) / 2;
  const double z = stats::normal_quantile((1 + confidence) / 2);
  const double efficiency = method == Method::samples ? std::sqrt(std::numbers::pi / 2) : 1.0;
  return half_width / (z * efficiency * std::sqrt(2.0 / n));
}

// How many more runs per side would most likely decide an inconclusive
// verdict: enough to detect the observed change when it is beyond the warning
// limit, enough for the interval to fit within ±warning when it is not.
std::optional<int> more_runs(const Verdict& v, const CompareOptions& o) {
  const int have = std::min(v.base.n, v.contender.n);
  const double sd = noise_from_interval(*v.change, have, o.confidence, v.method);
  const double effect = std::log(v.change->ratio);
  const double margin = std::log(1 + v.limits.warning);
  std::optional<int> total = std::abs(v.change->ratio - 1) > v.limits.warning
                                 ? stats::runs_to_detect(sd, effect, o.alpha)
                                 : stats::runs_for_equivalence(sd, effect, margin, o.confidence);
  if (!total) return std::nullopt;
  // When the estimate says the runs at hand should already have decided, the
  // evidence fell short by chance or through heavier-tailed noise than the
  // interval shows; one or two more runs rarely settle that. Advise at least
  // half as many runs again.
  return std::max(*total - have, (have + 1) / 2);
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

void decide(Verdict& v, const CompareOptions& o) {
  v.more_runs.reset();
  if (v.method == Method::summaries && !v.change) {  // measure_summaries said why
    v.outcome = Outcome::unknown;
    v.status = Status::inconclusive;
    v.severity = Severity::none;
    return;
  }
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
      if (std::min(v.base.n, v.contender.n) >= o.min_samples) v.more_runs = more_runs(v, o);
      if (v.more_runs && *v.more_runs <= kMaxSensibleRuns)
        v.reason += "; about " + std::to_string(*v.more_runs) +
                    (*v.more_runs == 1 ? " more run" : " more runs") +
                    " per side would most likely decide it";
      else if (std::min(v.base.n, v.contender.n) >= o.min_samples)
        v.reason += "; at this noise more runs are unlikely to decide it: measure on a quieter "
                    "machine";
      break;
  }
  if (c.p_ks < o.alpha && v.status == Status::stable)
    v.reason += "; the distribution's shape changed (Kolmogorov-Smirnov p = " +
                std::to_string(c.p_ks).substr(0, 6) + ")";
  v.severity = severity_of(v);
}

}  // namespace perfgate
