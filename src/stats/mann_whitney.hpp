// Mann-Whitney U test (Wilcoxon rank-sum), two-sided.
#pragma once

#include <span>

namespace perfgate::stats {

struct MannWhitney {
  double u = 0;        // U statistic of the first sample (x)
  double p_value = 1;  // two-sided
  bool exact = false;  // exact distribution (true) or normal approximation
};

// Exact p-value (the permutation distribution of U, counted) when there are no
// ties and both samples have at most `exact_max_n` values; otherwise the
// normal approximation with tie correction and continuity correction — the
// same definitions as scipy.stats.mannwhitneyu(method="exact"/"asymptotic").
// Empty inputs give p = 1.
MannWhitney mann_whitney_u(std::span<const double> x, std::span<const double> y,
                           int exact_max_n = 50);

}  // namespace perfgate::stats
