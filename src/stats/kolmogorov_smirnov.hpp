// Kolmogorov-Smirnov two-sample test, two-sided: sensitive to changes of
// spread and shape that Mann-Whitney misses (weak on discrete data, so
// perfgate reports both).
#pragma once

#include <span>

namespace perfgate::stats {

struct KolmogorovSmirnov {
  double d = 0;        // sup |F_x - F_y|
  double p_value = 1;  // two-sided
  bool exact = false;
};

// Same definitions as scipy.stats.ks_2samp(x, y, alternative="two-sided",
// method="auto"): exact when max(n1, n2) <= 10000 (as the lattice-path count
// is then always feasible, never a fallback), otherwise the one-sample
// Kolmogorov distribution at n = round(n1 n2 / (n1 + n2)) (kolmogorov_sf).
// The exact p, like SciPy's, treats the data as continuous: with ties it is
// conservative. Empty inputs give p = 1; a NaN value is a caller error
// (std::invalid_argument).
KolmogorovSmirnov ks_2samp(std::span<const double> x, std::span<const double> y);

}  // namespace perfgate::stats
