// The sign test and its distribution-free interval for a median (the file
// is not named sign_test.cpp: the build takes *_test.cpp for tests).
//
// For n independent values whose signs about the median are fair coin flips,
// the number below the median is Binomial(n, 1/2). The interval between the
// j-th smallest and the j-th largest value then covers the median with
// probability 1 - 2 P(Bin(n, 1/2) <= j - 1), whatever the distribution: no
// normality, no finite variance, and a few wild values move it by one order
// statistic at most. `perfgate ab` uses it on per-pair log ratios
// (docs/ab.md), where randomising the order inside each pair makes the signs
// fair coins when base and contender do the same work.
#pragma once

#include <optional>
#include <span>

namespace perfgate::stats {

// The smallest n for which some interval [x_(j), x_(n+1-j)] reaches two-sided
// `level` in (0, 1): 2^(1-n) <= level, i.e. the interval from the minimum to
// the maximum already does.
int sign_test_min_n(double level);

// The largest j >= 1 with 2 P(Bin(n, 1/2) <= j - 1) <= level: the interval
// [x_(j), x_(n+1-j)] of the sorted values (1-based order statistics) covers
// the median with probability at least 1 - level. Absent when n is below
// sign_test_min_n(level). Exact binomial probabilities (Boost.Math).
std::optional<int> sign_test_order(int n, double level);

struct MedianInterval {
  double median = 0;
  double low = 0, high = 0;  // the order-statistic interval at the requested level
  double coverage = 0;       // its exact coverage 1 - 2 P(Bin(n, 1/2) <= j - 1), >= 1 - level
  int j = 0;                 // the order statistic used (1-based)
};

// The median of `values` and its sign-test interval at two-sided `level`.
// Absent when there are too few values (see sign_test_min_n). Values must be
// finite; they need not be sorted.
std::optional<MedianInterval> median_interval(std::span<const double> values, double level);

// Two-sided sign test of median 0: with `above` values > 0 and `below` < 0
// (zeros dropped, the usual convention), p = min(1, 2 P(Bin(m, 1/2) <= min)),
// m = above + below; 1 when m = 0.
double sign_test_p(int above, int below);

}  // namespace perfgate::stats
