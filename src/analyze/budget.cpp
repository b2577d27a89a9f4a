// Absolute budgets: the contender's median (or a percentile) against a fixed
// limit, with zones ok / warning (from 80 % of the budget) / over; and the
// median against an MVP (must hold, no warning zone) and a target (shown only).
#include <cmath>
#include <cstdio>

#include "analyze/verdict.hpp"
#include "stats/summary.hpp"

namespace perfgate {
namespace {

// Rank of statuses for "raise, never lower".
int rank(Status s) {
  switch (s) {
    case Status::stable: return 0;
    case Status::improvement: return 1;
    case Status::inconclusive: return 2;
    case Status::warning: return 3;
    case Status::critical: return 4;
    case Status::over_budget: return 5;
    case Status::failed: return 6;
  }
  return 0;
}

std::string number(double x) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.4g", x);
  return buf;
}

}  // namespace

Stand stand_of(double value, double mvp, std::optional<double> target, Direction direction) {
  // "At least as good as": at the MVP still holds it, at the target meets it.
  auto reaches = [&](double limit) {
    return direction == Direction::lower_is_better ? value <= limit : value >= limit;
  };
  if (!reaches(mvp)) return Stand::beyond_mvp;
  return target && reaches(*target) ? Stand::target_met : Stand::within_mvp;
}

void apply_budget(Verdict& v, const Budget& budget, std::span<const double> contender) {
  if (contender.empty()) return;
  if (budget.mvp) {
    MvpCheck check;
    check.value = stats::median(contender);
    check.mvp = *budget.mvp;
    check.target = budget.target;
    check.stand = stand_of(check.value, check.mvp, check.target, v.direction);
    v.mvp = check;
    if (check.stand == Stand::beyond_mvp && rank(Status::over_budget) > rank(v.status)) {
      v.status = Status::over_budget;
      v.reason = "median " + number(check.value) + " " + v.unit + " is beyond the MVP (" +
                 (v.direction == Direction::lower_is_better ? "at most " : "at least ") +
                 number(check.mvp) + " " + v.unit + "); " + v.reason;
    }
    v.severity = severity_of(v);
    return;
  }
  BudgetCheck check;
  check.budget = budget;
  if (budget.percentile) {
    check.statistic = "p" + number(*budget.percentile);
    check.value = stats::quantile(contender, *budget.percentile / 100);
  } else {
    check.statistic = "median";
    check.value = stats::median(contender);
  }
  // used: 1.0 means exactly at the budget, above 1 means beyond it.
  if (budget.max) check.used = *budget.max > 0 ? check.value / *budget.max : INFINITY;
  else if (budget.min) check.used = check.value > 0 ? *budget.min / check.value : INFINITY;
  else return;
  check.zone = check.used > 1 ? BudgetZone::over
               : check.used >= 0.8 ? BudgetZone::warning
                                   : BudgetZone::ok;
  v.budget = check;

  const std::string what = check.statistic + " " + number(check.value) + " " + v.unit + " is " +
                           number(check.used * 100) + " % of the budget (" +
                           (budget.max ? "max " + number(*budget.max)
                                       : "min " + number(*budget.min)) +
                           " " + v.unit + ")";
  if (check.zone == BudgetZone::over && rank(Status::over_budget) > rank(v.status)) {
    v.status = Status::over_budget;
    v.reason = what + "; " + v.reason;
  } else if (check.zone == BudgetZone::warning && rank(Status::warning) > rank(v.status)) {
    v.status = Status::warning;
    v.reason = what + ", within 20 % of it; " + v.reason;
  }
  v.severity = severity_of(v);
}

}  // namespace perfgate
