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
