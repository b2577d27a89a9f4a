// Mann-Whitney U test (Wilcoxon rank-sum), two-sided.
#pragma once

#include <span>

namespace perfgate::stats {

struct MannWhitney {
  double u = 0;        // U statistic of the first sample (x)
  double p_value = 1;  // two-sided
  bool exact = false;  // exact distribution (true) or normal approximation
};

// U of x is R1 - n1 (n1 + 1) / 2, R1 the sum of x's ranks in the pooled sample
// with mid-ranks for ties. Exact p-value (the permutation distribution of U,
// counted) when there are no ties and both samples have at most `exact_max_n`
// values; otherwise the normal approximation with tie correction and
// continuity correction — the same definitions as
// scipy.stats.mannwhitneyu(alternative="two-sided", method="exact"/"asymptotic").
// The exact p costs about n1 n2 min(U1, U2) additions (3 M at 50 x 50), so
// keep exact_max_n small. Empty inputs give p = 1; a NaN value is a caller error
// (std::invalid_argument).
MannWhitney mann_whitney_u(std::span<const double> x, std::span<const double> y,
                           int exact_max_n = 50);

}  // namespace perfgate::stats
