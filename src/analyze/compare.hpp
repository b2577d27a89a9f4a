// Compares two runs benchmark by benchmark and metric by metric, and gives
// each a verdict (docs/ARCHITECTURE.md, "How a verdict is decided").
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/limits.hpp"
#include "model/metric.hpp"
#include "model/run.hpp"

namespace perfgate {

// What the statistics can say about a change, before limits and budgets
// grade it: `different` (significant after correction, and beyond the warning
// limit), `same` (the interval lies within ±warning: equivalence is earned),
// or `unknown` (neither; reported as inconclusive).
enum class Outcome { different, same, unknown };
std::string_view to_string(Outcome o);

enum class Status { critical, warning, improvement, stable, inconclusive, over_budget, failed };
std::string_view to_string(Status s);

// How bad a status is for the gate: critical (critical, over_budget, failed),
// warning (warning), none (the rest). `inconclusive` has severity none but is
// gated under fail_on = any.
enum class Severity { none, warning, critical };
std::string_view to_string(Severity s);

struct SideSummary {
  int n = 0;                     // successful samples (for a summary: how many it summarised)
  int failed = 0;                // failed repetitions
  std::optional<double> median;  // absent when n == 0 (or a summary without one)
  std::optional<double> mad;     // median absolute deviation (unscaled)
  std::optional<double> iqr;     // interquartile range (type 7 quartiles)
  int outliers = 0;              // beyond Tukey's fences (1.5 IQR); reported, never dropped
  // Set for verdicts judged by the summary method (Method::summaries).
  std::optional<double> mean;
  std::optional<double> stddev;  // sample standard deviation (n - 1)
  bool summary_only = false;     // the source gave summary statistics, not samples
};

// How a verdict was measured. `samples`: medians, a bootstrap interval and
// Mann-Whitney on raw samples. `summaries`: at least one side came from a
// source that reports only a mean, a standard deviation and a count, so the
// change is a ratio of means, the interval a delta-method t interval and the
// test Welch's t-test from those statistics (docs/statistics.md). `pairs`:
// `perfgate ab` ran both sides in interleaved pairs; the change is the
// median per-pair ratio, the interval the sign test's order-statistic
// interval at the level spent at the last of its sequential looks
// (docs/ab.md).
enum class Method { samples, summaries, pairs };
std::string_view to_string(Method m);

// The sequential design of `perfgate ab` (Method::pairs, docs/ab.md): looks
// at ceil(first_look * growth^(k-1)) pairs, look k at two-sided level
// alpha / (k (k + 1)); stop when the interval lies entirely beyond or within
// 1 ± threshold.
struct PairsDesign {
  double alpha = 0.01;      // two-sided, spent over all looks together
  double threshold = 0.02;  // 0.02 = 2 %
  int first_look = 10;
  double growth = 1.5;
};

struct Change {
  double ratio = 1;   // contender median / base median (summaries: of means)
  double ci_low = 1;  // percentile-bootstrap interval of the ratio
  double ci_high = 1;
  double p_value = 1;         // the decision's p (Mann-Whitney; summaries: Welch), raw
  double p_adjusted = 1;      // p_value after Benjamini-Hochberg across the comparison
  double p_mann_whitney = 1;  // two-sided
  bool exact_p = false;       // Mann-Whitney p from the exact distribution
  double p_welch_log = 1;     // Welch's t-test on log values, two-sided (nan when undefined)
  double p_ks = 1;            // Kolmogorov-Smirnov two-sample, two-sided
  double hodges_lehmann = 1;  // exp(Hodges-Lehmann shift of log values): a robust ratio
  double cliffs_delta = 0;    // P(c > b) - P(c < b), in [-1, 1]
};

enum class BudgetZone { ok, warning, over };
std::string_view to_string(BudgetZone z);

struct BudgetCheck {
  Budget budget;
  std::string statistic;  // "median" or "p99"
  double value = 0;       // the contender's statistic, in the metric's unit
  double used = 0;        // value / max (or min / value): 1.0 = at the budget
  BudgetZone zone = BudgetZone::ok;
};

// Where a run stands against a metric's MVP and target (docs/formats.md,
// "Budgets"): at or better than the target, within the MVP only, or beyond
// the MVP (which makes the verdict over_budget).
enum class Stand { target_met, within_mvp, beyond_mvp };
std::string_view to_string(Stand s);

struct MvpCheck {
  double value = 0;  // the contender's median, in the metric's unit
  double mvp = 0;
  std::optional<double> target;
  Stand stand = Stand::within_mvp;
};

// The stand of `value` for a metric of `direction`: the MVP is a maximum for
// lower-is-better metrics and a minimum for higher-is-better ones; so is the
// target, which is no worse than the MVP.
Stand stand_of(double value, double mvp, std::optional<double> target, Direction direction);

// Where a regression came from, when the series' history was consulted
// (`compare --history`, analyze/verdict_history.hpp): with this run, or
// already before it (the series drifted, or changed between the base and its
// newest runs), which is not this run's doing.
enum class Origin { this_run, history };
std::string_view to_string(Origin o);

// A trend in the newest runs of a series: Mann-Kendall significant, its size
// by the Theil-Sen slope of log values.
struct Drift {
  std::size_t runs = 0;      // the newest values tested
  double per_run = 0;        // relative change per run: exp(slope) - 1
  double total = 0;          // over the runs tested: exp(slope * (runs - 1)) - 1
  double p_value = 1;        // Mann-Kendall, two-sided
  std::string first_commit;  // the first run tested (full hash; empty without git)
};

// A change point of the series between the base run and its newest runs.
struct StepSinceBase {
  std::string last_good_commit, first_bad_commit;  // full hashes; empty without git
  std::string first_bad_run_id;
  double magnitude = 0;  // relative change of the median, as detect reports it
};

// What a series' own history says about one benchmark x metric, before the
// run judged (analyze/verdict_history.hpp computes it).
struct SeriesState {
  std::string branch;        // the runs read: this branch ("" = every branch)
  std::string machine;       // and this host id prefix ("" = every machine)
  std::size_t values = 0;    // runs with a value in the history read
  std::size_t runs = 0;      // of those, since the newest change point: the regime
  std::size_t needed = 0;    // the fewest runs in the regime that set limits
  std::string since_commit;  // first run of the regime; empty when it is the series' start
  // The spread of one run's log value around the regime's level (its trend
  // line when it drifts): about the relative run-to-run noise. 0 when unset.
  double noise = 0;
  std::optional<RelativeLimits> limits;  // from the noise; absent: not enough history
  std::optional<Drift> drift;
  std::optional<double> level;        // where the series stands now, in the metric's unit
  std::optional<StepSinceBase> step;  // the newest regression change point after the base
  std::string note;                   // why there are no limits; empty when there are
};

// A verdict judged with its series' history.
struct VerdictHistory {
  SeriesState series;
  std::optional<double> from_level;  // contender median / series.level - 1
  std::optional<Origin> origin;      // set for regressions (critical and warning)
  std::string detail;                // one line; also the end of the verdict's reason
};

struct Verdict {
  std::string benchmark;
  std::string metric;
  std::string unit;
  Direction direction = Direction::lower_is_better;
  RelativeLimits limits;  // the limits for this metric's direction
  Method method = Method::samples;
  SideSummary base, contender;
  std::optional<Change> change;  // absent when a side has no samples or the base median is 0
  Outcome outcome = Outcome::unknown;
  Status status = Status::inconclusive;
  Severity severity = Severity::none;
  std::optional<BudgetCheck> budget;
  std::optional<MvpCheck> mvp;  // kept apart from `budget`: a metric may have both
  // For inconclusive verdicts: how many more runs per side would most likely
  // decide it, from the observed noise (a power calculation); absent otherwise
  // or when no feasible number would.
  std::optional<int> more_runs;
  std::string reason;  // one line: why this status
  int looks = 0;       // Method::pairs: the sequential looks taken (0: none)
  // The successful samples behind the verdict, in the metric's unit (the
  // base converted when it was recorded in another unit of the dimension):
  // what distribution plots and the samples CSV show. Empty for a side that
  // gave only a summary.
  std::vector<double> base_samples, contender_samples;
  // Set by `compare --history` for metrics whose series was read.
  std::optional<VerdictHistory> history;
};

// What each side was, for report headers and footnotes.
struct RunSide {
  std::string label;  // as the user referred to it ("latest~1", a file path)
  std::string id;
  std::string started_at;
  std::string git_commit;
  std::string git_branch;
  std::string cpu_model;
  int logical_cores = 0;
  std::string host_id;
  std::string os, kernel, compiler;
  std::string suite_name;
  std::string source;  // "perfgate run", or the adapter an ingested run was read with
  bool quick = false;
};

struct CompareOptions {
  double alpha = 0.02;       // two-sided significance level, after correction
  double confidence = 0.95;  // of the bootstrap interval
  int resamples = 10000;
  std::uint64_t seed = 0x9e3779b97f4a7c15ull;
  std::optional<RelativeLimits> limits;  // overrides every benchmark's limits (both directions)
  // Limits per benchmark, then metric (from each series' own noise:
  // analyze/verdict_history.hpp); they override `limits` and the suite's.
  std::map<std::string, std::map<std::string, RelativeLimits>> metric_limits;
  int min_samples = 3;  // fewer on a side: inconclusive
};

struct Summary {
  int critical = 0, warnings = 0, improvements = 0, stable = 0, inconclusive = 0, over_budget = 0,
      failed = 0;
  int regressions() const { return critical + warnings; }
  void add(Status s);  // counts one verdict of status s
};

// A benchmark not compared because one side did not run it (a fixture it
// needs was absent there: BenchmarkResult::skipped).
struct SkippedBenchmark {
  std::string benchmark;
  std::string side;    // "contender", "base" or "both"
  std::string reason;  // the contender's when it skipped, else the base's
};

struct Comparison {
  RunSide base, contender;
  CompareOptions options;
  std::vector<Verdict> verdicts;  // in the contender's benchmark order, then metric order
  Summary summary;
  std::vector<std::string> only_in_base;  // benchmarks not compared
  std::vector<std::string> only_in_contender;
  std::vector<SkippedBenchmark> skipped;  // never passed silently: every report lists them
  int family_size = 0;                    // tests corrected together (Benjamini-Hochberg)
  std::optional<PairsDesign> pairs;       // set by `perfgate ab` (Method::pairs)
};

// Throws perfgate::Error (exit 2) when the runs have no benchmark in common,
// naming what each side holds, or when a metric's units differ in dimension.
Comparison compare_runs(const Run& base, const std::string& base_label, const Run& contender,
                        const std::string& contender_label, const CompareOptions& options);

// The gate: does this comparison fail under `policy`? Non-gating never fails.
// A benchmark the contender skipped fails only fail_on = any (nothing unverified).
bool gate_fails(const Comparison& comparison, const GatePolicy& policy);

// Non-gating (smoke) mode: every finding is reported as a warning. Lowers
// critical severities to warning; statuses are kept.
void report_as_warnings(Comparison& comparison);

// The gate's reason in one line ("2 critical regressions, 1 over budget"), for
// the CLI's last line.
std::string gate_summary(const Comparison& comparison, const GatePolicy& policy);

}  // namespace perfgate
