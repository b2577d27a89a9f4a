#include "analyze/compare.hpp"

#include "analyze/verdict.hpp"
#include "model/error.hpp"
#include "model/units.hpp"
#include "stats/multiple_testing.hpp"

namespace perfgate {
namespace {

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
  s.os = run.environment.os;
  s.kernel = run.environment.kernel;
  s.compiler = run.environment.compiler;
  s.suite_name = run.suite_name;
  s.source = run.source;
  s.quick = run.quick;
  return s;
}

std::string failure_reason(const BenchmarkResult& b, const char* side) {
  for (const auto& r : b.repetitions)
    if (!r.ok)
      return std::string(side) + ": " + std::to_string(b.failed_count()) + " of " +
             std::to_string(b.repetitions.size()) + " repetitions failed (first: " + r.failure +
             ")";
  return std::string(side) + ": no samples";
}

// One metric of one benchmark, with the samples the decision needs later.
struct Pending {
  Verdict verdict;
  std::vector<double> base, contender;
  const BenchmarkResult* base_bench = nullptr;
  const BenchmarkResult* contender_bench = nullptr;
};

}  // namespace

void Summary::add(Status st) {
  switch (st) {
    case Status::critical:
      ++critical;
      break;
    case Status::warning:
      ++warnings;
      break;
    case Status::improvement:
      ++improvements;
      break;
    case Status::stable:
      ++stable;
      break;
    case Status::inconclusive:
      ++inconclusive;
      break;
    case Status::over_budget:
      ++over_budget;
      break;
    case Status::failed:
      ++failed;
      break;
  }
}

std::string_view to_string(Method m) {
  switch (m) {
    case Method::samples:
      return "samples";
    case Method::summaries:
      return "summaries";
    case Method::pairs:
      return "pairs";
  }
  return "samples";
}

std::string_view to_string(Outcome o) {
  switch (o) {
    case Outcome::different:
      return "different";
    case Outcome::same:
      return "same";
    case Outcome::unknown:
      return "unknown";
  }
  return "unknown";
}

std::string_view to_string(Status s) {
  switch (s) {
    case Status::critical:
      return "critical";
    case Status::warning:
      return "warning";
    case Status::improvement:
      return "improvement";
    case Status::stable:
      return "stable";
    case Status::inconclusive:
      return "inconclusive";
    case Status::over_budget:
      return "over_budget";
    case Status::failed:
      return "failed";
  }
  return "inconclusive";
}

std::string_view to_string(Origin o) { return o == Origin::this_run ? "this_run" : "history"; }

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::none:
      return "none";
    case Severity::warning:
      return "warning";
    case Severity::critical:
      return "critical";
  }
  return "none";
}

std::string_view to_string(BudgetZone z) {
  switch (z) {
    case BudgetZone::ok:
      return "ok";
    case BudgetZone::warning:
      return "warning";
    case BudgetZone::over:
      return "over";
  }
  return "ok";
}

std::string_view to_string(Stand s) {
  switch (s) {
    case Stand::target_met:
      return "target_met";
    case Stand::within_mvp:
      return "within_mvp";
    case Stand::beyond_mvp:
      return "beyond_mvp";
  }
  return "within_mvp";
}

Verdict judge_metric(const std::vector<double>& base, const std::vector<double>& contender,
                     Direction direction, const RelativeLimits& limits,
                     const CompareOptions& options) {
  Verdict v;
  v.direction = direction;
  v.limits = limits;
  measure(v, base, contender, options);
  decide(v, options);
  return v;
}

Comparison compare_runs(const Run& base, const std::string& base_label, const Run& contender,
                        const std::string& contender_label, const CompareOptions& options) {
  Comparison cmp;
  cmp.base = side_of(base, base_label);
  cmp.contender = side_of(contender, contender_label);
  cmp.options = options;

  std::vector<Pending> pending;
  for (const auto& b : base.benchmarks)
    if (!contender.find_benchmark(b.name)) cmp.only_in_base.push_back(b.name);
  for (const auto& cb : contender.benchmarks) {
    const BenchmarkResult* bb = base.find_benchmark(cb.name);
    if (!bb) {
      cmp.only_in_contender.push_back(cb.name);
      continue;
    }
    if (!cb.skipped.empty() || !bb->skipped.empty()) {
      const char* side = cb.skipped.empty() ? "base" : bb->skipped.empty() ? "contender" : "both";
      cmp.skipped.push_back({cb.name, side, cb.skipped.empty() ? bb->skipped : cb.skipped});
      continue;
    }
    for (const auto& m : cb.metrics) {
      const MetricInfo* bm = bb->find_metric(m.name);
      if (!m.compared || !bm) continue;
      Pending p;
      p.base_bench = bb;
      p.contender_bench = &cb;
      Verdict& v = p.verdict;
      v.benchmark = cb.name;
      v.metric = m.name;
      v.unit = m.unit;
      v.direction = m.direction;
      v.limits = options.limits ? *options.limits : cb.limits.for_direction(m.direction);
      if (auto b = options.metric_limits.find(cb.name); b != options.metric_limits.end())
        if (auto l = b->second.find(m.name); l != b->second.end()) v.limits = l->second;
      p.base = bb->samples(m.name);
      p.contender = cb.samples(m.name);
      std::optional<double> factor = conversion_factor(bm->unit, m.unit);
      if (factor && *factor != 1) {
        // The same dimension in another unit (ms against ns): convert the base.
        for (double& x : p.base) x *= *factor;
      }
      auto bs = bb->summaries.find(m.name);
      auto cs = cb.summaries.find(m.name);
      const bool summaries = bs != bb->summaries.end() || cs != cb.summaries.end();
      if (!factor) {
        // Different dimensions are never compared, silently or not.
        v.base.n = static_cast<int>(p.base.size());
        v.contender.n = static_cast<int>(p.contender.size());
        v.reason = "units differ: base in " + bm->unit + ", contender in " + m.unit +
                   "; these measure different things and cannot be compared";
      } else if (summaries) {
        // A source without raw samples: judge means and spreads, and say so.
        SampleSummary base_s = bs != bb->summaries.end() ? bs->second : summarise_samples(p.base);
        SampleSummary cont_s =
            cs != cb.summaries.end() ? cs->second : summarise_samples(p.contender);
        if (bs != bb->summaries.end() && *factor != 1) {
          base_s.mean *= *factor;
          for (std::optional<double>* x :
               {&base_s.stddev, &base_s.median, &base_s.min, &base_s.max})
            if (*x) **x *= *factor;
        }
        measure_summaries(v, base_s, cont_s, options);
        v.base.summary_only = bs != bb->summaries.end();
        v.contender.summary_only = cs != cb.summaries.end();
      } else {
        measure(v, p.base, p.contender, options);
      }
      pending.push_back(std::move(p));
    }
  }
  if (pending.empty() && cmp.skipped.empty() &&
      cmp.only_in_contender.size() == contender.benchmarks.size()) {
    auto names = [](const Run& r) {
      std::string s;
      for (const auto& b : r.benchmarks) s += (s.empty() ? "" : ", ") + b.name;
      return s.empty() ? std::string("none") : s;
    };
    throw input_error("no benchmark in common: " + base_label + " has " + names(base) + "; " +
                      contender_label + " has " + names(contender) +
                      "; compare runs of the same suite");
  }

  // Many benchmarks at once: Benjamini-Hochberg across every test of this
  // comparison, so that 200 unchanged benchmarks do not yield false alarms.
  std::vector<double> ps;
  for (const auto& p : pending)
    if (p.verdict.change) ps.push_back(p.verdict.change->p_value);
  cmp.family_size = static_cast<int>(ps.size());
  std::vector<double> adjusted = stats::benjamini_hochberg(ps);
  std::size_t k = 0;
  for (auto& p : pending)
    if (p.verdict.change) p.verdict.change->p_adjusted = adjusted[k++];

  for (auto& p : pending) {
    Verdict& v = p.verdict;
    const bool units_differ = v.reason.rfind("units differ", 0) == 0;
    decide(v, options);
    if (v.method == Method::summaries && v.status != Status::failed) {
      const char* which = v.base.summary_only && v.contender.summary_only ? "both sides"
                          : v.base.summary_only                           ? "the base"
                                                                          : "the contender";
      v.reason += "; summary statistics only for " + std::string(which) +
                  " (raw samples not available): ratio of means, Welch's t-test";
    }
    if (units_differ && v.status != Status::failed) {
      v.status = Status::inconclusive;
      v.outcome = Outcome::unknown;
      v.more_runs.reset();
      v.severity = Severity::none;
    }
    // A contender that fails some of its repetitions is broken, however fast
    // the rest were; a base that failed only weakens the evidence.
    v.base.failed = p.base_bench->failed_count();
    v.contender.failed = p.contender_bench->failed_count();
    if (v.contender.failed > 0) {
      v.status = Status::failed;
      v.reason = failure_reason(*p.contender_bench, "contender");
    } else if (v.status == Status::failed) {
      v.reason = failure_reason(*p.base_bench, "base");
    } else if (!units_differ) {
      for (const auto& budget : p.contender_bench->budgets)
        if (budget.metric == v.metric) apply_budget(v, budget, p.contender);
    }
    v.severity = severity_of(v);
    cmp.summary.add(v.status);
    v.base_samples = std::move(p.base);
    v.contender_samples = std::move(p.contender);
    cmp.verdicts.push_back(std::move(v));
  }
  return cmp;
}

}  // namespace perfgate
