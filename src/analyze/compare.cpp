#include "analyze/compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "model/error.hpp"
#include "stats/bootstrap.hpp"
#include "stats/mann_whitney.hpp"
#include "stats/summary.hpp"

namespace perfgate {
namespace {

std::string pct(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f %%", fraction * 100);
  return buf;
}

RunSide side_of(const Run& run, const std::string& label) {
  RunSide s;
  s.label = label;
  s.id = run.id;
  s.started_at = run.started_at;
  s.git_commit = run.environment.git.commit;
  s.git_branch = run.environment.git.branch;
  s.cpu_model = run.environment.cpu_model;
  s.logical_cores = run.environment.logical_cores;
  s.host_id = run.environment.host_id;
  s.quick = run.quick;
  return s;
}

std::string failure_reason(const BenchmarkResult& b, const char* side) {
  for (const auto& r : b.repetitions)
    if (!r.ok)
      return std::string(side) + ": " + std::to_string(b.failed_count()) + " of " +
             std::to_string(b.repetitions.size()) + " repetitions failed (first: " + r.failure + ")";
  return std::string(side) + ": no samples";
}

void count(Summary& s, Status st) {
  switch (st) {
    case Status::regression: ++s.regressions; break;
    case Status::improvement: ++s.improvements; break;
    case Status::stable: ++s.stable; break;
    case Status::inconclusive: ++s.inconclusive; break;
    case Status::failed: ++s.failed; break;
  }
}

}  // namespace

std::string_view to_string(Status s) {
  switch (s) {
    case Status::regression: return "regression";
    case Status::improvement: return "improvement";
    case Status::stable: return "stable";
    case Status::inconclusive: return "inconclusive";
    case Status::failed: return "failed";
  }
  return "inconclusive";
}

Verdict judge(std::vector<double> base, std::vector<double> contender, Direction direction,
              double threshold, const CompareOptions& options) {
  Verdict v;
  v.direction = direction;
  v.threshold = threshold;
  v.base.n = static_cast<int>(base.size());
  v.contender.n = static_cast<int>(contender.size());
  if (!base.empty()) v.base.median = stats::median(base);
  if (!contender.empty()) v.contender.median = stats::median(contender);
  if (base.empty() || contender.empty()) {
    v.status = Status::failed;
    v.reason = base.empty() ? "base: no samples" : "contender: no samples";
    return v;
  }

  const double mb = *v.base.median, mc = *v.contender.median;
  if (mb == 0) {
    // A ratio to zero has no meaning; equal zeros are plainly the same.
    v.status = mc == 0 ? Status::stable : Status::inconclusive;
    v.reason = mc == 0 ? "both medians are 0" : "base median is 0: no relative change";
    return v;
  }
  Change c;
  c.ratio = mc / mb;
  stats::Interval ci = stats::bootstrap_ratio_of_medians(base, contender, options.confidence,
                                                         options.resamples, options.seed);
  c.ci_low = ci.low;
  c.ci_high = ci.high;
  stats::MannWhitney mw = stats::mann_whitney_u(base, contender);
  c.p_value = mw.p_value;
  c.exact_p = mw.exact;
  v.change = c;

  // "Worse" is a higher ratio for lower-is-better metrics and a lower one for
  // higher-is-better metrics; relative change = ratio - 1 either way.
  const double change = c.ratio - 1;
  const bool worse = direction == Direction::lower_is_better ? change > 0 : change < 0;
  const bool beyond = std::abs(change) > threshold;
  const bool significant = c.p_value < options.alpha;
  const bool ci_excludes_one = c.ci_low > 1 || c.ci_high < 1;
  const bool ci_within = c.ci_low >= 1 - threshold && c.ci_high <= 1 + threshold;
  const int n_min = std::min(v.base.n, v.contender.n);
  char p_text[32];
  std::snprintf(p_text, sizeof p_text, "p = %.3g", c.p_value);

  if (n_min < options.min_samples) {
    v.status = Status::inconclusive;
    v.reason = "too few samples (" + std::to_string(v.base.n) + " vs " +
               std::to_string(v.contender.n) + "); at least " +
               std::to_string(options.min_samples) + " per side are needed";
  } else if (significant && beyond && ci_excludes_one) {
    v.status = worse ? Status::regression : Status::improvement;
    v.reason = pct(change) + " beyond the " + pct(threshold).substr(1) + " threshold, " + p_text;
  } else if (ci_within) {
    v.status = Status::stable;
    v.reason = "interval within ±" + pct(threshold).substr(1);
  } else {
    v.status = Status::inconclusive;
    v.reason = significant ? "the change is significant (" + std::string(p_text) +
                                 ") but its interval straddles the " +
                                 pct(threshold).substr(1) + " threshold; run more repetitions"
                           : "not significant (" + std::string(p_text) +
                                 ") and the interval reaches beyond ±" +
                                 pct(threshold).substr(1) + "; run more repetitions";
  }
  return v;
}

Comparison compare_runs(const Run& base, const std::string& base_label, const Run& contender,
                        const std::string& contender_label, const CompareOptions& options) {
  Comparison cmp;
  cmp.base = side_of(base, base_label);
  cmp.contender = side_of(contender, contender_label);
  cmp.options = options;

  for (const auto& b : base.benchmarks)
    if (!contender.find_benchmark(b.name)) cmp.only_in_base.push_back(b.name);
  for (const auto& cb : contender.benchmarks) {
    const BenchmarkResult* bb = base.find_benchmark(cb.name);
    if (!bb) {
      cmp.only_in_contender.push_back(cb.name);
      continue;
    }
    for (const auto& m : cb.metrics) {
      if (!m.compared || !bb->find_metric(m.name)) continue;
      const double threshold =
          options.threshold.value_or(cb.limits.for_direction(m.direction).warning);
      Verdict v = judge(bb->samples(m.name), cb.samples(m.name), m.direction, threshold, options);
      v.benchmark = cb.name;
      v.metric = m.name;
      v.unit = m.unit;
      v.base.failed = bb->failed_count();
      v.contender.failed = cb.failed_count();
      // A contender that fails some of its repetitions is broken, however fast
      // the rest were; a base that failed only weakens the evidence.
      if (cb.failed_count() > 0) {
        v.status = Status::failed;
        v.reason = failure_reason(cb, "contender");
      } else if (v.status == Status::failed) {
        v.reason = failure_reason(*bb, "base");
      }
      cmp.verdicts.push_back(std::move(v));
    }
  }
  if (cmp.verdicts.empty() && cmp.only_in_contender.size() == contender.benchmarks.size()) {
    auto names = [](const Run& r) {
      std::string s;
      for (const auto& b : r.benchmarks) s += (s.empty() ? "" : ", ") + b.name;
      return s.empty() ? std::string("none") : s;
    };
    throw input_error("no benchmark in common: " + base_label + " has " + names(base) + "; " +
                      contender_label + " has " + names(contender) +
                      "; compare runs of the same suite");
  }
  for (const auto& v : cmp.verdicts) count(cmp.summary, v.status);
  return cmp;
}

bool gate_fails(const Comparison& comparison) {
  for (const auto& v : comparison.verdicts) {
    if (v.status == Status::regression) return true;
    // Only the contender's failures are its fault; a base that failed and a
    // contender that runs cleanly is a fix, not a reason to block.
    if (v.status == Status::failed && (v.contender.n == 0 || v.contender.failed > 0)) return true;
  }
  return false;
}

}  // namespace perfgate
