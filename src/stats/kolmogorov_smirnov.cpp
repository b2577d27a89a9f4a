#include "stats/kolmogorov_smirnov.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "stats/kolmogorov_distribution.hpp"

namespace perfgate::stats {

namespace {

// SciPy's rule for method="auto": exact up to this many values per sample.
constexpr std::size_t exact_max_n = 10000;

// The statistic as a lattice distance. Walking through the pooled sorted
// sample, (i, j) counts the values <= v taken from x and from y; the ECDF
// difference i/n1 - j/n2 equals (i n2/g - j n1/g) / lcm(n1, n2). Ties are
// passed as a block, as the ECDFs only change at data values.
struct Distance {
  long long h = 0;     // max |i n2/g - j n1/g|, an integer
  double d_float = 0;  // |i/n1 - j/n2| at that point, in floating point as SciPy
};

Distance max_ecdf_distance(std::vector<double> x, std::vector<double> y) {
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  const auto n1 = static_cast<long long>(x.size()), n2 = static_cast<long long>(y.size());
  const long long g = std::gcd(n1, n2);
  Distance best;
  std::size_t i = 0, j = 0;
  while (i < x.size() || j < y.size()) {
    const double v = j == y.size() || (i < x.size() && x[i] <= y[j]) ? x[i] : y[j];
    while (i < x.size() && x[i] == v) ++i;
    while (j < y.size() && y[j] == v) ++j;
    const auto ii = static_cast<long long>(i), jj = static_cast<long long>(j);
    const long long h = std::llabs(ii * (n2 / g) - jj * (n1 / g));
    if (h > best.h) {
      best.h = h;
      best.d_float = std::fabs(static_cast<double>(ii) / static_cast<double>(n1) -
                               static_cast<double>(jj) / static_cast<double>(n2));
    }
  }
  return best;
}

long long floor_div(long long a, long long b) {  // b > 0
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// P(D >= h / lcm) under the null hypothesis, exactly: the pooled sorted sample
// is a uniformly random lattice path from (0, 0) to (a, b) (a step right per x
// value, up per y value), and D >= h / lcm when the path touches a point with
// |bg i - ag j| >= h (bg = b/g, ag = a/g). Let q(i, j) be the probability
// that a random path to (i, j) has touched such a point: q = 1 on those
// points, q(0, 0) = 0, and otherwise, as a fraction i/(i+j) of the paths to
// (i, j) arrive from the left,
//   q(i, j) = (i q(i-1, j) + j q(i, j-1)) / (i + j).
// Every step is a convex combination of probabilities, so tiny p-values keep
// their relative accuracy (Viehmann 2021, arXiv:2102.08037, who derives the
// same recursion for 1 - P(inside) in Hodges' (1958) "inside method").
// Only points inside the band need storing: one column of b + 1 values,
// O(a * band width) operations.
double exact_p(long long a, long long b, long long h) {
  if (a < b) std::swap(a, b);  // the column runs over the smaller sample
  const long long g = std::gcd(a, b), ag = a / g, bg = b / g;
  // Inside points of column i: bg i - h < ag j < bg i + h.
  auto low = [&](long long i) { return std::max(0LL, floor_div(bg * i - h, ag) + 1); };
  auto high = [&](long long i) { return std::min(b, floor_div(bg * i + h - 1, ag)); };

  std::vector<double> q(static_cast<std::size_t>(b) + 1, 0.0);
  long long prev_lo = 0, prev_hi = high(0);  // column 0: q = 0 up to the band's top
  for (long long i = 1; i <= a; ++i) {
    const long long lo = low(i), hi = high(i);
    if (lo > hi) return 1;  // the band is closed: every path leaves it
    for (long long j = lo; j <= hi; ++j) {
      const double from_left = j >= prev_lo && j <= prev_hi ? q[j] : 1.0;
      const double from_below = j == 0 ? 0.0 : (j - 1 >= lo ? q[j - 1] : 1.0);
      q[j] = (static_cast<double>(i) * from_left + static_cast<double>(j) * from_below) /
             static_cast<double>(i + j);
    }
    prev_lo = lo;
    prev_hi = hi;
  }
  return q[b];  // (a, b) lies on the diagonal, inside the band
}

}  // namespace

KolmogorovSmirnov ks_2samp(std::span<const double> x, std::span<const double> y) {
  auto is_nan = [](double v) { return std::isnan(v); };
  if (std::any_of(x.begin(), x.end(), is_nan) || std::any_of(y.begin(), y.end(), is_nan))
    throw std::invalid_argument(
        "Kolmogorov-Smirnov test: a sample contains NaN, which has no order");
  if (x.empty() || y.empty()) return {};

  const auto n1 = static_cast<long long>(x.size()), n2 = static_cast<long long>(y.size());
  const Distance distance = max_ecdf_distance(std::vector<double>(x.begin(), x.end()),
                                              std::vector<double>(y.begin(), y.end()));
  KolmogorovSmirnov result;
  result.exact = std::max(x.size(), y.size()) <= exact_max_n;
  if (result.exact) {
    const long long lcm = n1 / std::gcd(n1, n2) * n2;
    result.d = static_cast<double>(distance.h) / static_cast<double>(lcm);
    result.p_value = distance.h == 0 ? 1.0 : std::clamp(exact_p(n1, n2, distance.h), 0.0, 1.0);
    return result;
  }
  // Large samples: the one-sample distribution at the effective size
  // n1 n2 / (n1 + n2), rounded half to even as NumPy.
  result.d = distance.d_float;
  const double effective_n =
      static_cast<double>(n1) * static_cast<double>(n2) / static_cast<double>(n1 + n2);
  result.p_value = std::clamp(
      kolmogorov_sf(static_cast<long long>(std::nearbyint(effective_n)), result.d), 0.0, 1.0);
  return result;
}

}  // namespace perfgate::stats
