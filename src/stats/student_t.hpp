// Student's two-sample t-test with a pooled variance: the test Hunter and
// Apache Otava use to judge a candidate change point from the segments either
// side of it (docs/changepoints.md).
#pragma once

#include <span>

namespace perfgate::stats {

struct StudentT {
  double t = 0;        // (mean(y) - mean(x)) / standard error
  double df = 0;       // n_x + n_y - 2
  double p_value = 1;  // two-sided
};

// Same definitions as scipy.stats.ttest_ind(y, x) (equal_var=True), with the
// sign convention of welch_t_test: t is positive when y's mean is larger.
// Each side needs at least 2 values (SciPy's answer for a single value is
// NaN); fewer, or a NaN, is a caller error (std::invalid_argument).
// No spread on either side, as SciPy: equal means give t = NaN and p = NaN (no
// evidence either way); different means give t = +-infinity and p = 0.
StudentT student_t_test(std::span<const double> x, std::span<const double> y);

}  // namespace perfgate::stats
