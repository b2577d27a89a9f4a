#include "stats/median_interval.hpp"

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "stats/summary.hpp"

namespace perfgate::stats {
namespace {

// P(Bin(n, 1/2) <= k).
double binomial_half_cdf(int n, int k) {
  if (k < 0) return 0;
  if (k >= n) return 1;
  const boost::math::binomial_distribution<double> b(n, 0.5);
  return boost::math::cdf(b, k);
}

}  // namespace

int sign_test_min_n(double level) {
  if (!(level > 0 && level < 1)) throw std::invalid_argument("sign_test_min_n: level not in (0, 1)");
  // 2^(1-n) <= level  <=>  n >= 1 + log2(1 / level); the tolerance keeps
  // exact powers of two (level 0.25 -> n = 3) from rounding up.
  return std::max(1, static_cast<int>(std::ceil(1 + std::log2(1 / level) - 1e-9)));
}

std::optional<int> sign_test_order(int n, double level) {
  if (n < sign_test_min_n(level)) return std::nullopt;
  // 2 P(Bin <= j - 1) grows with j: find the largest j that stays <= level,
  // between j = 1 (known good) and the middle.
  int good = 1, bad = (n + 1) / 2 + 1;
  while (bad - good > 1) {
    const int mid = good + (bad - good) / 2;
    (2 * binomial_half_cdf(n, mid - 1) <= level ? good : bad) = mid;
  }
  return good;
}

std::optional<MedianInterval> median_interval(std::span<const double> values, double level) {
  const int n = static_cast<int>(values.size());
  const std::optional<int> j = sign_test_order(n, level);
  if (!j) return std::nullopt;
  std::vector<double> x(values.begin(), values.end());
  std::sort(x.begin(), x.end());
  MedianInterval m;
  m.median = median(x);
  m.j = *j;
  m.low = x[*j - 1];
  m.high = x[n - *j];
  m.coverage = 1 - 2 * binomial_half_cdf(n, *j - 1);
  return m;
}

double sign_test_p(int above, int below) {
  const int m = above + below;
  if (m == 0) return 1;
  return std::min(1.0, 2 * binomial_half_cdf(m, std::min(above, below)));
}

}  // namespace perfgate::stats
