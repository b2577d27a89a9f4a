#include "analyze/ab.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include <boost/math/distributions/normal.hpp>

#include "analyze/percent.hpp"
#include "stats/median_interval.hpp"
#include "stats/summary.hpp"

namespace perfgate {
namespace {

std::string number(double x, const char* format) {
  char buf[48];
  std::snprintf(buf, sizeof buf, format, x);
  return buf;
}

// The normal quantile z with P(|Z| > z) = level: how many standard errors
// the order statistics of the sign-test interval lie from the median.
double normal_z(double level) {
  return boost::math::quantile(boost::math::normal_distribution<double>(), 1 - level / 2);
}

}  // namespace

int look_pairs(int k, const PairsDesign& design) {
  // The small tolerance keeps exact products (6 * 1.5 = 9) from rounding up.
  const double n = design.first_look * std::pow(design.growth, k - 1);
  return std::max(static_cast<int>(std::ceil(n - 1e-9)),
                  stats::sign_test_min_n(look_alpha(k, design.alpha)));
}

double look_alpha(int k, double alpha) { return alpha / (static_cast<double>(k) * (k + 1)); }

std::string_view to_string(PairsDecision d) {
  switch (d) {
    case PairsDecision::different:
      return "different";
    case PairsDecision::same:
      return "same";
    case PairsDecision::undecided:
      return "undecided";
  }
  return "undecided";
}

PairsEstimate estimate_pairs(std::span<const double> d, double level) {
  for (double x : d)
    if (!std::isfinite(x)) throw std::invalid_argument("estimate_pairs: a log ratio is not finite");
  const std::optional<stats::MedianInterval> m = stats::median_interval(d, level);
  if (!m)
    throw std::invalid_argument("estimate_pairs: " + std::to_string(d.size()) +
                                " pairs cannot reach level " + number(level, "%g"));
  PairsEstimate e;
  e.n = static_cast<int>(d.size());
  e.level = level;
  e.coverage = m->coverage;
  e.median_log = m->median;
  e.ratio = std::exp(m->median);
  e.ci_low = std::exp(m->low);
  e.ci_high = std::exp(m->high);
  for (double x : d) {
    if (x > 0) ++e.slower;
    if (x < 0) ++e.faster;
  }
  e.p_value = stats::sign_test_p(e.slower, e.faster);
  e.spread_log = (m->high - m->low) / 2 * std::sqrt(static_cast<double>(e.n)) / normal_z(level);
  return e;
}

PairsDecision decide_pairs(const PairsEstimate& e, double t) {
  if (e.ci_high < 1 - t || e.ci_low > 1 + t) return PairsDecision::different;
  if (e.ci_low >= 1 - t && e.ci_high <= 1 + t) return PairsDecision::same;
  return PairsDecision::undecided;
}

std::optional<int> more_pairs_needed(const PairsEstimate& e, double t, double next_level, int cap) {
  const double lo = std::log(1 - t), hi = std::log(1 + t);
  const double gap = std::min(std::abs(e.median_log - lo), std::abs(e.median_log - hi));
  if (!(gap > 1e-12)) return std::nullopt;
  const int at_least = stats::sign_test_min_n(next_level);
  if (e.spread_log == 0) return std::max(at_least - e.n, 1);  // no noise: one more look decides
  // The half-width z s / sqrt(n) falls below the gap from n = (z s / gap)^2 on.
  const double n = std::pow(normal_z(next_level) * e.spread_log / gap, 2);
  if (!(n <= cap)) return std::nullopt;
  const int needed = std::max(static_cast<int>(std::ceil(n)), at_least);
  return std::max(needed - e.n, 1);
}

SequentialResult run_sequential(const SequentialOptions& o, const std::function<PairDraw()>& draw,
                                const std::function<double()>& elapsed_s) {
  SequentialResult r;
  std::vector<double> d;
  const double start_s = elapsed_s();
  int k = 1;  // the look being worked towards
  int last_look_n = 0;
  auto look = [&](int index) {
    r.looks = index;
    last_look_n = static_cast<int>(d.size());
    r.estimate = estimate_pairs(d, look_alpha(index, o.design.alpha));
    r.decision = decide_pairs(*r.estimate, o.design.threshold);
    return r.decision != PairsDecision::undecided;
  };
  auto finish_undecided = [&] {
    if (r.estimate && r.decision == PairsDecision::undecided)
      r.more_pairs = more_pairs_needed(*r.estimate, o.design.threshold,
                                       look_alpha(r.looks + 1, o.design.alpha));
  };
  while (true) {
    const int n = static_cast<int>(d.size());
    const int target = std::min(look_pairs(k, o.design), o.max_pairs);
    if (n >= target) {
      if (look(k)) return r;
      if (n >= o.max_pairs) {
        r.stop = StopReason::max_pairs;
        finish_undecided();
        return r;
      }
      ++k;
      continue;
    }
    // Would the next pair end beyond the budget? Then look one last time at
    // the pairs at hand (unless the last look already saw them all).
    const double now_s = elapsed_s();
    const double per_pair_s = n > 0 ? (now_s - start_s) / n : 0;
    if (n >= 2 && now_s + per_pair_s > o.budget_s) {
      r.stop = StopReason::budget;
      const bool can_look = n >= stats::sign_test_min_n(look_alpha(k, o.design.alpha));
      if (n > last_look_n && can_look && look(k)) return r;
      finish_undecided();
      return r;
    }
    PairDraw p = draw();
    if (!p.ok) {
      r.stop = StopReason::failed;
      r.failure = p.failure;
      return r;
    }
    if (!(p.base > 0 && p.contender > 0 && std::isfinite(p.base) && std::isfinite(p.contender))) {
      r.stop = StopReason::failed;
      r.failure = "a pair gave a value that is not positive (base " + number(p.base, "%g") +
                  ", contender " + number(p.contender, "%g") + "); ratios need positive values";
      return r;
    }
    r.base.push_back(p.base);
    r.contender.push_back(p.contender);
    d.push_back(std::log(p.contender / p.base));
  }
}

std::string pairs_summary_line(const SequentialResult& r, const PairsContext& c,
                               const SequentialOptions& o) {
  const std::string t = "±" + number(o.design.threshold * 100, "%.1f") + " %";
  std::string line = std::to_string(r.base.size()) + " pairs in " + number(c.seconds, "%.1f") +
                     " s (budget " + number(o.budget_s, "%g") + " s)";
  if (r.stop == StopReason::failed) return line + ", stopped: " + r.failure;
  if (r.looks == 0) return line + ", too few pairs for a look: raise --budget";
  const std::string where = r.stop == StopReason::decided  ? ", stopped at look "
                            : r.stop == StopReason::budget ? ", the budget ran out at look "
                                                           : ", --max-pairs reached at look ";
  line += where + std::to_string(r.looks) + ": ";
  const PairsEstimate& e = *r.estimate;
  switch (r.decision) {
    case PairsDecision::different:
      line += "the interval lay entirely beyond " +
              signed_pct(e.ci_low > 1 ? o.design.threshold : -o.design.threshold);
      break;
    case PairsDecision::same:
      line += "the interval lay entirely within " + t;
      break;
    case PairsDecision::undecided:
      line += "the interval still reached across " + t;
      line += r.more_pairs ? "; about " + std::to_string(*r.more_pairs) +
                                 " more pairs would most likely decide it"
                           : "; at this noise more pairs are unlikely to decide it";
      break;
  }
  return line;
}

Verdict pairs_verdict(const SequentialResult& r, const PairsContext& c,
                      const SequentialOptions& o) {
  Verdict v;
  v.benchmark = c.benchmark;
  v.metric = c.metric;
  v.unit = c.unit;
  v.direction = Direction::lower_is_better;
  v.limits = c.limits;
  v.method = Method::pairs;
  v.looks = r.looks;
  v.base_samples = r.base;
  v.contender_samples = r.contender;
  v.base.n = v.contender.n = static_cast<int>(r.base.size());
  if (!r.base.empty()) {
    v.base.median = stats::median(r.base);
    v.contender.median = stats::median(r.contender);
  }
  const std::string line = pairs_summary_line(r, c, o);
  if (r.stop == StopReason::failed) {
    v.outcome = Outcome::unknown;
    v.status = Status::failed;
    v.severity = Severity::critical;  // either side failing leaves nothing to compare
    (r.failure.rfind("base", 0) == 0 ? v.base : v.contender).failed = 1;
    v.reason = line;
    return v;
  }
  if (!r.estimate) {
    v.status = Status::inconclusive;
    v.reason = line;
    return v;
  }
  const PairsEstimate& e = *r.estimate;
  Change& ch = v.change.emplace();
  ch.ratio = e.ratio;
  ch.ci_low = e.ci_low;
  ch.ci_high = e.ci_high;
  ch.p_value = ch.p_adjusted = e.p_value;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  ch.p_welch_log = ch.p_mann_whitney = ch.p_ks = ch.hodges_lehmann = ch.cliffs_delta = nan;
  const double change = e.ratio - 1;
  switch (r.decision) {
    case PairsDecision::different:
      v.outcome = Outcome::different;
      v.status = change < 0                   ? Status::improvement
                 : change > c.limits.critical ? Status::critical
                                              : Status::warning;
      break;
    case PairsDecision::same:
      v.outcome = Outcome::same;
      v.status = Status::stable;
      break;
    case PairsDecision::undecided:
      v.outcome = Outcome::unknown;
      v.status = Status::inconclusive;
      v.more_runs = r.more_pairs;
      break;
  }
  v.severity = v.status == Status::critical  ? Severity::critical
               : v.status == Status::warning ? Severity::warning
                                             : Severity::none;
  v.reason = line + "; change " + signed_pct(change) + " [" + signed_pct(e.ci_low - 1) + ", " +
             signed_pct(e.ci_high - 1) + "] at two-sided level " + number(e.level, "%.3g") +
             " (alpha " + number(o.design.alpha, "%g") + " spent over " + std::to_string(r.looks) +
             (r.looks == 1 ? " look" : " looks") + "), contender slower in " +
             std::to_string(e.slower) + " of " + std::to_string(e.n) + " pairs, sign test p = " +
             number(e.p_value, "%.2g");
  if (v.status == Status::critical)
    v.reason += "; beyond the " + signed_pct(c.limits.critical) + " critical limit";
  return v;
}

}  // namespace perfgate
