// Building a baseline from stored runs: pooling samples and computing each
// metric's statistics. The file format is model/baseline.hpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/baseline.hpp"
#include "model/run.hpp"

namespace perfgate {

// The z quantiles behind the suggested threshold are those of a two-sided
// test at alpha = 0.02 (what compare uses) with 80 % power.
// The smallest relative change a comparison with `n` samples per side can
// detect when the robust standard deviation of log samples is `log_sd`:
//   d   = sqrt(pi / 2) * log_sd * sqrt(2 / n) * (z_0.99 + z_0.80)   (log ratio;
//         sqrt(pi/2) is the efficiency cost of medians against means)
//   mde = exp(d) - 1
// and the suggested threshold is max(1 %, mde rounded up to a whole percent).
// n < 1 or a negative / non-finite log_sd: nullopt.
std::optional<double> suggested_threshold(double log_sd, int n);

// The statistics of one metric from its pooled samples. `samples_per_run` is
// the n used for the suggested threshold: the samples one contender run
// brings (the pooled count divided by the number of source runs).
MetricBaseline summarize_metric(const MetricInfo& info, std::vector<double> samples,
                                int samples_per_run);

// The order-statistic interval of the median (see MedianInterval); nullopt
// for no samples. `sorted` must be sorted ascending.
std::optional<MedianInterval> median_interval(const std::vector<double>& sorted,
                                              double confidence = 0.95);

// A new baseline from `runs` (at least one): pools every successful sample of
// each benchmark x metric. Benchmark order is the newest run's, then any only
// older runs hold. `now` is the UTC time of creation (ISO 8601); `reason` is
// recorded in the history (may be empty). Throws perfgate::Error (exit 2)
// when the runs are of different suites or platforms (naming both runs), or a
// metric's unit differs between runs.
Baseline make_baseline(const std::vector<Run>& runs, const std::string& now,
                       const std::string& reason = "");

// Replaces the statistics of `baseline` with those of `runs` and appends an
// "update" to the history; created_at and earlier history are kept. Throws
// perfgate::Error (exit 2) when `reason` is empty or blank (a baseline that
// moves without a reason hides regressions), when the runs are of another
// suite or platform than the baseline, or as make_baseline.
void update_baseline(Baseline& baseline, const std::vector<Run>& runs, const std::string& now,
                     const std::string& reason);

}  // namespace perfgate
