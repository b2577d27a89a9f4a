// Trend in a series: the Mann-Kendall test (is there a monotonic drift?) and
// the Theil-Sen slope (how steep is it?), both against the points' order.
//
// Meant for short series of per-run values in commit order (5..40 points
// typically, a few hundred at most), e.g. log medians: a drift over many runs
// shows as a trend, where one change shows as a step. Both are rank-based and
// so blind to a few wild points. Inputs need at least 2 values and no NaN
// (caller errors: std::invalid_argument).
#pragma once

#include <span>

namespace perfgate::stats {

// Mann-Kendall trend test of ys against their order (x = 0, 1, ..., n - 1).
struct MannKendall {
  double s = 0;        // Kendall's S: pairs i < j with y_i < y_j minus those with y_i > y_j
  double tau = 0;      // Kendall's tau-b, as scipy.stats.kendalltau(range(n), ys)
  double p_value = 1;  // two-sided: the chance of an |S| this large with no trend
  bool exact = false;  // p from the exact null distribution of S (else normal approximation)
};

// The same definitions as scipy.stats.kendalltau(range(n), ys) (SciPy 1.10,
// two-sided): with no tied ys and n <= exact_max_n, the exact p (every order
// of n distinct values equally likely; counted in O(n^3 / 4) steps); otherwise
// the normal approximation of S with the tie-corrected variance
// (n (n - 1) (2n + 5) - sum t (t - 1) (2t + 5)) / 18 over groups of t tied
// ys, without continuity correction (method="asymptotic").
//
// Why exact up to 50 (SciPy's "auto" stops at 33): it costs at most 31k
// additions there, and beyond it the approximation is within 2.5 % of the
// exact p at p = 0.01-0.05 and errs on the safe side (larger p) further out
// (1.37 x the exact p at 1e-4 for n = 50). The same bound as mann_whitney_u.
//
// Every y equal (SciPy gives NaN): s = 0, tau = 0, p = 1, exact = false — no
// evidence of a trend, as mann_whitney_u answers an all-tied pair.
// Fewer than 2 values or a NaN: std::invalid_argument.
MannKendall mann_kendall(std::span<const double> ys, int exact_max_n = 50);

// The Theil-Sen line through ys against their order (x = 0, 1, ..., n - 1).
struct TheilSen {
  double slope = 0;      // per step of the order, in ys' unit (per run, for a series of runs)
  double intercept = 0;  // the line's value at x = 0
};

// slope = median of (y_j - y_i) / (j - i) over all i < j; intercept =
// median(y_i - slope * i), so half the points lie on either side of the line.
// Equals scipy.stats.theilslopes(ys, range(n), method="joint") — not SciPy's
// default "separate" intercept, median(y) - slope * median(x), which pins the
// line to the medians rather than centring the residuals. A few outlying
// points barely move either (breakdown point 29 %). Materialises the
// n (n - 1) / 2 slopes (45k, 360 kB, at n = 300). Fewer than 2 values or a
// value that is not finite: std::invalid_argument.
TheilSen theil_sen(std::span<const double> ys);

}  // namespace perfgate::stats
