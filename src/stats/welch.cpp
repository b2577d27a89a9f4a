#include "stats/welch.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace perfgate::stats {

namespace {

struct Moments {
  double n = 0, mean = 0, variance = 0;  // variance with n - 1 in the denominator
};

Moments moments(std::span<const double> xs) {
  Moments m;
  m.n = static_cast<double>(xs.size());
  for (double x : xs) m.mean += x;
  m.mean /= m.n;
  // Two passes, as NumPy: no cancellation when the spread is small next to
  // the values (typical of log timings).
  for (double x : xs) m.variance += (x - m.mean) * (x - m.mean);
  m.variance /= m.n - 1;
  return m;
}

// vx, vy: squared standard errors of the means.
WelchT welch(double mean_x, double vx, double n_x, double mean_y, double vy, double n_y) {
  WelchT result;
  result.t = (mean_y - mean_x) / std::sqrt(vx + vy);
  result.df = (vx + vy) * (vx + vy) / (vx * vx / (n_x - 1) + vy * vy / (n_y - 1));
  if (vx + vy == 0) {
    // No noise at all. As SciPy: equal means give t = 0/0 and p = NaN (no
    // evidence either way); different means give t = ±inf and p = 0 (the
    // samples certainly differ). df is 0/0 = NaN in both cases.
    result.p_value = std::isnan(result.t) ? std::numeric_limits<double>::quiet_NaN() : 0.0;
    return result;
  }
  const boost::math::students_t_distribution<double> dist(result.df);
  result.p_value =
      std::min(1.0, 2 * boost::math::cdf(boost::math::complement(dist, std::fabs(result.t))));
  return result;
}


}  // namespace

WelchT welch_t_test(std::span<const double> x, std::span<const double> y) {
  if (x.size() < 2 || y.size() < 2)
    throw std::invalid_argument("Welch's t-test needs at least 2 values in each sample");
  auto is_nan = [](double v) { return std::isnan(v); };
  if (std::any_of(x.begin(), x.end(), is_nan) || std::any_of(y.begin(), y.end(), is_nan))
    throw std::invalid_argument("Welch's t-test: a sample contains NaN");

  const Moments mx = moments(x), my = moments(y);
  return welch(mx.mean, mx.variance / mx.n, mx.n, my.mean, my.variance / my.n, my.n);
}

WelchT welch_t_test_from_summary(double mean_x, double sd_x, double n_x, double mean_y,
                                 double sd_y, double n_y) {
  if (!(n_x >= 2 && n_y >= 2))
    throw std::invalid_argument("Welch's t-test needs at least 2 values in each sample");
  if (!(std::isfinite(sd_x) && sd_x >= 0 && std::isfinite(sd_y) && sd_y >= 0) ||
      std::isnan(mean_x) || std::isnan(mean_y))
    throw std::invalid_argument("Welch's t-test: means must not be NaN and standard deviations "
                                "must be finite and non-negative");
  return welch(mean_x, sd_x * sd_x / n_x, n_x, mean_y, sd_y * sd_y / n_y, n_y);
}

double students_t_quantile(double q, double df) {
  if (!(q > 0 && q < 1) || !(df > 0))
    throw std::invalid_argument("students_t_quantile: q must lie in (0, 1) and df be positive");
  return boost::math::quantile(boost::math::students_t_distribution<double>(df), q);
}

}  // namespace perfgate::stats
