#include "stats/mann_whitney.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <vector>

namespace perfgate::stats {

namespace {

struct Ranking {
  double x_rank_sum = 0;  // R1: sum of the ranks of x in the pooled sample
  double tie_term = 0;    // sum over groups of tied values of t^3 - t
};

// Ranks 1..n of the pooled sample x ++ y, tied values sharing the mean of the
// ranks they span (scipy.stats.rankdata's "average").
Ranking rank_pooled(std::span<const double> x, std::span<const double> y) {
  struct Value {
    double v;
    bool from_x;
  };
  std::vector<Value> pooled;
  pooled.reserve(x.size() + y.size());
  for (double v : x) pooled.push_back({v, true});
  for (double v : y) pooled.push_back({v, false});
  std::sort(pooled.begin(), pooled.end(), [](const Value& a, const Value& b) { return a.v < b.v; });

  Ranking r;
  for (std::size_t i = 0; i < pooled.size();) {
    std::size_t j = i;
    while (j < pooled.size() && pooled[j].v == pooled[i].v) ++j;
    // Positions i..j-1 hold ranks i+1..j; their mean is (i + 1 + j) / 2.
    const double mid_rank = static_cast<double>(i + 1 + j) / 2;
    for (std::size_t k = i; k < j; ++k)
      if (pooled[k].from_x) r.x_rank_sum += mid_rank;
    const auto t = static_cast<double>(j - i);
    r.tie_term += t * t * t - t;
    i = j;
  }
  return r;
}

// P(U <= k) under the null hypothesis for samples of m and n distinct values:
// every one of the C(m + n, m) orderings of the pooled sample is equally
// likely. f(i, j, k), the number of orderings of i x's and j y's with U = k,
// follows f(i, j, k) = f(i - 1, j, k - j) + f(i, j - 1, k) (the largest value
// is an x, beating all j y's, or a y) [Mann & Whitney 1947; Di Bucchianico
// 1999, Theorem 2.5 — scipy's recurrence]. Only k' <= k is needed. The counts
// reach C(100, 50) ~ 1e29 at m = n = 50, beyond any integer type but exact
// enough in double: every step adds two non-negative numbers, so the relative
// error stays within (m + n) machine epsilons.
double exact_cdf(int m, int n, int k) {
  const auto width = static_cast<std::size_t>(k + 1);
  // prev[j * width + kk] = f(i - 1, j, kk); cur the same for i.
  std::vector<double> prev((n + 1) * width, 0.0), cur((n + 1) * width, 0.0);
  for (int j = 0; j <= n; ++j) prev[j * width] = 1;  // f(0, j, 0) = 1
  for (int i = 1; i <= m; ++i) {
    std::fill(cur.begin(), cur.end(), 0.0);
    cur[0] = 1;  // f(i, 0, 0) = 1, f(i, 0, k > 0) = 0
    for (int j = 1; j <= n; ++j) {
      double* row = &cur[j * width];
      const double* left = &cur[(j - 1) * width];
      const double* up = &prev[j * width];
      for (int kk = 0; kk <= k; ++kk) row[kk] = left[kk] + (kk >= j ? up[kk - j] : 0.0);
    }
    std::swap(prev, cur);
  }
  double count = 0;
  for (int kk = 0; kk <= k; ++kk) count += prev[n * width + kk];
  double orderings = 1;  // C(m + n, m)
  for (int i = 1; i <= m; ++i) orderings = orderings * (n + i) / i;
  return count / orderings;
}

}  // namespace

MannWhitney mann_whitney_u(std::span<const double> x, std::span<const double> y, int exact_max_n) {
  auto is_nan = [](double v) { return std::isnan(v); };
  if (std::any_of(x.begin(), x.end(), is_nan) || std::any_of(y.begin(), y.end(), is_nan))
    throw std::invalid_argument("Mann-Whitney U: a sample contains NaN, which has no rank");
  if (x.empty() || y.empty()) return {};

  const auto n1 = static_cast<double>(x.size());
  const auto n2 = static_cast<double>(y.size());
  const Ranking ranking = rank_pooled(x, y);
  MannWhitney result;
  result.u = ranking.x_rank_sum - n1 * (n1 + 1) / 2;
  // Two-sided: twice the tail beyond the larger of U1 and U2 = n1 n2 - U1; by
  // symmetry the upper tail at max(U1, U2) equals the lower tail at the smaller.
  const double u_max = std::max(result.u, n1 * n2 - result.u);

  const auto max_n = static_cast<long long>(std::max(x.size(), y.size()));
  result.exact = ranking.tie_term == 0 && max_n <= exact_max_n;
  if (result.exact) {
    const double u_min = n1 * n2 - u_max;  // an integer without ties
    const double p = 2 * exact_cdf(static_cast<int>(x.size()), static_cast<int>(y.size()),
                                   static_cast<int>(std::lround(u_min)));
    result.p_value = std::min(1.0, p);  // the two tails overlap at U = n1 n2 / 2
    return result;
  }

  const double n = n1 + n2;
  const double mu = n1 * n2 / 2;
  const double sigma = std::sqrt(n1 * n2 / 12 * ((n + 1) - ranking.tie_term / (n * (n - 1))));
  if (sigma == 0) {  // every value tied: no evidence of any difference
    result.p_value = 1;
    return result;
  }
  // The continuity correction moves U half a step towards the mean.
  const double z = (u_max - mu - 0.5) / sigma;
  const double upper_tail = 0.5 * std::erfc(z / std::sqrt(2.0));  // P(Z >= z)
  result.p_value = std::clamp(2 * upper_tail, 0.0, 1.0);
  return result;
}

}  // namespace perfgate::stats
