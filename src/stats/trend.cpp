#include "stats/trend.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "stats/summary.hpp"

namespace perfgate::stats {

namespace {

void require_series(std::span<const double> ys, const char* what) {
  if (ys.size() < 2)
    throw std::invalid_argument(std::string(what) + " of " + std::to_string(ys.size()) +
                                " value(s): a trend needs at least 2");
}

// P(a uniformly random permutation of n values has at most c inversions).
// f_j(k), the probability of k inversions among j values, follows
// f_j(k) = (1/j) sum_{i = 0}^{min(k, j - 1)} f_{j-1}(k - i): the j-th value
// lands in any of j places, making i = 0..j-1 new inversions [Kendall 1970;
// the counts are the Mahonian numbers]. Only k <= c is needed. Kept as
// probabilities (divided by j at every step) rather than counts out of n!,
// which passes 2^64 at n = 21 and a double's range at n = 171. The window sum is a
// difference of prefix sums, as SciPy computes it; with c at most the middle of
// the distribution the subtraction loses a few bits at most, which the tests
// against SciPy bound.
double inversions_cdf(long long n, long long c) {
  std::vector<double> f(static_cast<std::size_t>(c + 1), 0.0);
  f[0] = 1;  // f_1: one value, no inversion
  for (long long j = 2; j <= n; ++j) {
    double prefix = 0;  // f becomes the prefix sums of f_{j-1}, divided by j
    for (double& v : f) {
      prefix += v;
      v = prefix / static_cast<double>(j);
    }
    // Subtract the prefix that lies beyond the window; from the top down so that
    // f[k - j] is still an unmodified prefix sum.
    for (long long k = c; k >= j; --k) f[k] -= f[k - j];
  }
  double cdf = 0;
  for (double v : f) cdf += v;
  return cdf;
}

}  // namespace

MannKendall mann_kendall(std::span<const double> ys, int exact_max_n) {
  require_series(ys, "Mann-Kendall test");
  if (std::any_of(ys.begin(), ys.end(), [](double y) { return std::isnan(y); }))
    throw std::invalid_argument("Mann-Kendall test: the series contains NaN, which has no order");

  const auto n = static_cast<long long>(ys.size());
  long long concordant = 0, discordant = 0;  // pairs i < j rising, falling
  for (std::size_t i = 0; i < ys.size(); ++i)
    for (std::size_t j = i + 1; j < ys.size(); ++j) {
      concordant += ys[i] < ys[j];
      discordant += ys[i] > ys[j];
    }

  // Groups of tied ys: the pairs inside them, and their share of S's variance.
  std::vector<double> sorted(ys.begin(), ys.end());
  std::sort(sorted.begin(), sorted.end());
  double tied_pairs = 0, tie_variance = 0;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    const auto t = static_cast<double>(j - i);
    tied_pairs += t * (t - 1) / 2;
    tie_variance += t * (t - 1) * (2 * t + 5);
    i = j;
  }

  const double pairs = static_cast<double>(n * (n - 1) / 2);
  MannKendall result;
  if (tied_pairs == pairs) return result;  // every y equal: no evidence of a trend

  result.s = static_cast<double>(concordant - discordant);
  // tau-b = S / sqrt((pairs - x ties) (pairs - y ties)); the order has no ties.
  result.tau = std::clamp(result.s / std::sqrt(pairs) / std::sqrt(pairs - tied_pairs), -1.0, 1.0);

  result.exact = tied_pairs == 0 && n <= exact_max_n;
  if (result.exact) {
    // S's null distribution is symmetric: twice the lower tail at the smaller
    // of the two counts. At the very middle the tails overlap; 1 then.
    const long long c = std::min(concordant, discordant);
    result.p_value = std::min(1.0, 2 * inversions_cdf(n, c));
    return result;
  }

  const auto nd = static_cast<double>(n);
  const double variance = (nd * (nd - 1) * (2 * nd + 5) - tie_variance) / 18;
  const double z = result.s / std::sqrt(variance);
  result.p_value = std::min(1.0, std::erfc(std::abs(z) / std::sqrt(2.0)));  // 2 P(Z >= |z|)
  return result;
}

TheilSen theil_sen(std::span<const double> ys) {
  require_series(ys, "Theil-Sen slope");
  if (!std::all_of(ys.begin(), ys.end(), [](double y) { return std::isfinite(y); }))
    throw std::invalid_argument(
        "Theil-Sen slope: the series contains a value that is not finite (NaN or infinity), "
        "which has no slope");

  std::vector<double> work;
  work.reserve(ys.size() * (ys.size() - 1) / 2);
  for (std::size_t i = 0; i < ys.size(); ++i)
    for (std::size_t j = i + 1; j < ys.size(); ++j)
      work.push_back((ys[j] - ys[i]) / static_cast<double>(j - i));
  TheilSen line;
  line.slope = quantile_in_place(work, 0.5);

  work.clear();  // now the residuals about a line through the origin
  for (std::size_t i = 0; i < ys.size(); ++i)
    work.push_back(ys[i] - line.slope * static_cast<double>(i));
  line.intercept = quantile_in_place(work, 0.5);
  return line;
}

}  // namespace perfgate::stats
