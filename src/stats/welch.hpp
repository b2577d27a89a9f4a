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

// The same test from summary statistics alone (sources that report a mean, a
// standard deviation (n - 1) and a count, not samples), as
// scipy.stats.ttest_ind_from_stats(mean_y, sd_y, n_y, mean_x, sd_x, n_x,
// equal_var=False) with the sign convention above. Needs n >= 2 on both sides
// and finite, non-negative standard deviations (std::invalid_argument).
WelchT welch_t_test_from_summary(double mean_x, double sd_x, double n_x, double mean_y,
                                 double sd_y, double n_y);

// The q-quantile of Student's t distribution with df degrees of freedom
// (scipy.stats.t.ppf); df may be fractional (Welch-Satterthwaite). q in (0, 1), df > 0.
double students_t_quantile(double q, double df);

}  // namespace perfgate::stats
