#include "stats/student_t.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace perfgate::stats {

namespace {

struct Moments {
  double n = 0, mean = 0, sum_squares = 0;  // sum of squared deviations from the mean
};

Moments moments(std::span<const double> xs) {
  Moments m;
  m.n = static_cast<double>(xs.size());
  for (double x : xs) m.mean += x;
  m.mean /= m.n;
  // Two passes, as NumPy: no cancellation when the spread is small next to the values.
  for (double x : xs) m.sum_squares += (x - m.mean) * (x - m.mean);
  return m;
}

}  // namespace

StudentT student_t_test(std::span<const double> x, std::span<const double> y) {
  if (x.size() < 2 || y.size() < 2)
    throw std::invalid_argument("Student's t-test needs at least 2 values in each sample");
  auto is_nan = [](double v) { return std::isnan(v); };
  if (std::any_of(x.begin(), x.end(), is_nan) || std::any_of(y.begin(), y.end(), is_nan))
    throw std::invalid_argument("Student's t-test: a sample contains NaN");

  const Moments mx = moments(x), my = moments(y);
  StudentT r;
  r.df = mx.n + my.n - 2;
  const double pooled_variance = (mx.sum_squares + my.sum_squares) / r.df;
  r.t = (my.mean - mx.mean) / std::sqrt(pooled_variance * (1 / mx.n + 1 / my.n));
  if (pooled_variance == 0) {
    r.p_value = std::isnan(r.t) ? std::numeric_limits<double>::quiet_NaN() : 0.0;
    return r;
  }
  const boost::math::students_t_distribution<double> dist(r.df);
  r.p_value = std::min(1.0, 2 * boost::math::cdf(boost::math::complement(dist, std::fabs(r.t))));
  return r;
}

}  // namespace perfgate::stats
