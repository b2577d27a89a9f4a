// The steps of one verdict, exposed for compare.cpp and for tests: measure
// both sides, then decide (after the comparison-wide correction of p-values),
// then grade against budgets.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "analyze/compare.hpp"

namespace perfgate {

// Fills v.base, v.contender and v.change (p_adjusted = p_value until the
// family is corrected). A side without samples leaves change empty; so does a
// base median of 0, or samples that are not all positive and finite (ratios
// and log-based tests need them), with v.reason saying why.
void measure(Verdict& v, std::span<const double> base, std::span<const double> contender,
             const CompareOptions& options);

// measure() for a metric where at least one side is a summary (mean,
// standard deviation, count) rather than samples: sets v.method = summaries,
// both sides' mean/stddev/n and, when both sides have n >= 2, a standard
// deviation and positive means, v.change (ratio of means, a t interval of the
// log ratio by the delta method, Welch's p); otherwise v.reason says what is
// missing. Tests that need samples (Mann-Whitney, Kolmogorov-Smirnov,
// Hodges-Lehmann, Cliff's delta) are NaN. The caller marks which side was a
// summary (SideSummary::summary_only).
void measure_summaries(Verdict& v, const SampleSummary& base, const SampleSummary& contender,
                       const CompareOptions& options);

// The summary of raw samples (mean, standard deviation, n, median, min, max),
// to judge them against a side that has only a summary.
SampleSummary summarise_samples(std::span<const double> xs);

// Sets outcome, status, severity, more_runs and reason from v.change
// (p_adjusted must be final) and v.limits.
void decide(Verdict& v, const CompareOptions& options);

// Grades the contender's samples against a budget and, when the budget is
// exceeded or close, raises v.status (never lowers it).
void apply_budget(Verdict& v, const Budget& budget, std::span<const double> contender);

// measure + decide for one metric alone (a family of one: no correction).
Verdict judge_metric(const std::vector<double>& base, const std::vector<double>& contender,
                     Direction direction, const RelativeLimits& limits,
                     const CompareOptions& options);

// Severity of a status (failed counts as critical only when the contender
// failed: a base that failed and a contender that runs cleanly is a fix).
Severity severity_of(const Verdict& v);

}  // namespace perfgate
