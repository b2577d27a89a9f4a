// Welch's unequal-variances t-test (perfgate applies it to log values, where
// benchmark timings are close to normal).
#pragma once

#include <span>

namespace perfgate::stats {

struct WelchT {
  double t = 0;        // (mean(y) - mean(x)) / standard error
  double df = 0;       // Welch-Satterthwaite degrees of freedom
  double p_value = 1;  // two-sided
};

// Same definitions as scipy.stats.ttest_ind(x, y, equal_var=False) (sign: t
// is positive when y's mean is larger). Each input needs at least 2 values and
// no NaN (std::invalid_argument otherwise).
// Both variances 0 (no noise at all), as SciPy: equal means give t = NaN and
// p = NaN (undefined: no evidence either way); different means give
// t = +-infinity and p = 0 (certainly different). df is NaN in both cases.
WelchT welch_t_test(std::span<const double> x, std::span<const double> y);

}  // namespace perfgate::stats
