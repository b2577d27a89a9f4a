#include "stats/kolmogorov_distribution.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

// The choice of method follows Simard & L'Ecuyer, "Computing the two-sided
// Kolmogorov-Smirnov distribution", J. Stat. Softw. 39(11), 2011, as SciPy does.

namespace perfgate::stats {

namespace {

// Square matrix of doubles with a separate power-of-two exponent, so that the
// large powers of Durbin's method neither overflow nor underflow.
struct ScaledMatrix {
  int size = 0;
  std::vector<double> a;   // row-major
  long long exponent = 0;  // value = a * 2^exponent

  double& at(int i, int j) { return a[static_cast<std::size_t>(i) * size + j]; }
  double at(int i, int j) const { return a[static_cast<std::size_t>(i) * size + j]; }

  void rescale() {
    double largest = 0;
    for (double v : a) largest = std::max(largest, std::fabs(v));
    if (largest == 0) return;
    int e = 0;
    std::frexp(largest, &e);
    for (double& v : a) v = std::ldexp(v, -e);
    exponent += e;
  }
};

ScaledMatrix multiply(const ScaledMatrix& x, const ScaledMatrix& y) {
  ScaledMatrix out{x.size, std::vector<double>(x.a.size(), 0.0), x.exponent + y.exponent};
  for (int i = 0; i < x.size; ++i)
    for (int k = 0; k < x.size; ++k) {
      const double xik = x.at(i, k);
      if (xik == 0) continue;
      for (int j = 0; j < x.size; ++j) out.at(i, j) += xik * y.at(k, j);
    }
  out.rescale();
  return out;
}

// P(D_n < d) by Durbin's matrix formula (Durbin 1973) in the form of
// Marsaglia, Tsang & Wang (J. Stat. Softw. 8(18), 2003): with k = floor(n d) + 1
// and h = k - n d, it is n!/n^n times the centre element of H^n for an
// m x m matrix H, m = 2k - 1. Costs about m^3 log2(n) operations.
double durbin_cdf(long long n, double d) {
  const double nd = static_cast<double>(n) * d;
  const int k = static_cast<int>(std::floor(nd)) + 1;
  const int m = 2 * k - 1;
  const double h = k - nd;

  ScaledMatrix hm{m, std::vector<double>(static_cast<std::size_t>(m) * m, 0.0), 0};
  for (int i = 0; i < m; ++i)
    for (int j = 0; j <= std::min(i + 1, m - 1); ++j) hm.at(i, j) = 1;
  for (int i = 0; i < m; ++i) {
    hm.at(i, 0) -= std::pow(h, i + 1);
    hm.at(m - 1, i) -= std::pow(h, m - i);
  }
  if (2 * h - 1 > 0) hm.at(m - 1, 0) += std::pow(2 * h - 1, m);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j <= std::min(i + 1, m - 1); ++j) {
      double factorial = 1;  // (i - j + 1)!
      for (int f = 2; f <= i - j + 1; ++f) factorial *= f;
      hm.at(i, j) /= factorial;
    }

  // H^n by repeated squaring.
  ScaledMatrix power{m, std::vector<double>(static_cast<std::size_t>(m) * m, 0.0), 0};
  for (int i = 0; i < m; ++i) power.at(i, i) = 1;
  for (long long e = n; e > 0; e >>= 1) {
    if (e & 1) power = multiply(power, hm);
    if (e > 1) hm = multiply(hm, hm);
  }

  // Times n!/n^n = prod (i/n), kept in range the same way.
  double s = power.at(k - 1, k - 1);
  long long exponent = power.exponent;
  const auto nn = static_cast<double>(n);
  for (long long i = 1; i <= n; ++i) {
    s *= static_cast<double>(i) / nn;
    if (s != 0 && std::fabs(s) < 0x1p-500) {
      s = std::ldexp(s, 500);
      exponent -= 500;
    }
  }
  return std::ldexp(s, static_cast<int>(std::clamp(exponent, -100000LL, 100000LL)));
}

// P(D_n^+ >= d), the one-sided Smirnov tail, by the exact finite sum of
// Birnbaum & Tingey (1951):
//   d * sum_{j=0}^{floor(n(1-d))} C(n,j) (1 - d - j/n)^(n-j) (d + j/n)^(j-1).
// All terms are positive, so the sum is accurate; each is formed in logs.
double smirnov_sf(long long n, double d) {
  const auto nn = static_cast<double>(n);
  const auto last = static_cast<long long>(std::floor(nn * (1 - d)));
  const double log_n_factorial = std::lgamma(nn + 1);
  double sum = 0;
  for (long long j = 0; j <= last; ++j) {
    const auto jj = static_cast<double>(j);
    const double below = (nn - jj - nn * d) / nn;  // 1 - d - j/n
    if (below <= 0) break;
    const double log_term = log_n_factorial - std::lgamma(jj + 1) - std::lgamma(nn - jj + 1) +
                            (nn - jj) * std::log(below) + (jj - 1) * std::log(d + jj / nn);
    sum += std::exp(log_term);
  }
  return std::min(1.0, d * sum);
}

// P(K >= lambda) for the limiting Kolmogorov distribution K of sqrt(n) D_n.
double kolmogorov_limit_sf(double lambda) {
  if (lambda <= 0) return 1;
  if (lambda < 1) {
    // The theta-function form converges fast for small lambda:
    // P(K < lambda) = sqrt(2 pi)/lambda sum_k exp(-(2k-1)^2 pi^2 / (8 lambda^2)).
    double cdf = 0;
    for (int k = 1; k <= 20; ++k) {
      const double odd = 2 * k - 1;
      cdf += std::exp(-odd * odd * std::numbers::pi * std::numbers::pi / (8 * lambda * lambda));
    }
    return 1 - std::sqrt(2 * std::numbers::pi) / lambda * cdf;
  }
  // P(K >= lambda) = 2 sum_k (-1)^(k-1) exp(-2 k^2 lambda^2).
  double sf = 0;
  for (int k = 1; k <= 100; ++k) {
    const double term = std::exp(-2.0 * k * k * lambda * lambda);
    sf += (k % 2 ? term : -term);
    if (term < 1e-17 * sf) break;
  }
  return std::clamp(2 * sf, 0.0, 1.0);
}

// Durbin's matrix grows with n d; beyond this size (n d > 150, reached only
// for n > ~10000 in the range where it is used) the limiting law takes over.
constexpr int durbin_max_k = 150;

}  // namespace

double kolmogorov_sf(long long n, double d) {
  if (n < 1) throw std::invalid_argument("kolmogorov_sf: n = " + std::to_string(n) + " < 1");
  if (std::isnan(d)) return d;
  if (d >= 1) return 0;
  if (d <= 0) return 1;
  const auto nn = static_cast<double>(n);
  const double t = nn * d;
  if (t <= 0.5) return 1;  // every sample has D_n >= 1/(2n)
  if (t <= 1) {
    // Ruben & Gambino (1982): P(D_n < d) = n!/n^n (2 n d - 1)^n here.
    double cdf = 1;
    for (long long i = 1; i <= n && cdf > 0; ++i) cdf *= static_cast<double>(i) / nn * (2 * t - 1);
    return 1 - cdf;
  }
  if (t >= nn - 1) return 2 * std::pow(1 - d, nn);  // Ruben & Gambino again
  const double n_d_squared = t * d;
  // Where the two one-sided tails cannot both be crossed (d >= 1/2) or doing
  // so is negligible, the two-sided tail is twice the one-sided (Miller 1956).
  if (d >= 0.5 || n_d_squared >= (n <= 140 ? 4.0 : 2.2)) return std::min(1.0, 2 * smirnov_sf(n, d));
  if (static_cast<int>(std::floor(t)) + 1 <= durbin_max_k)
    return std::max(0.0, 1 - durbin_cdf(n, d));
  // The limiting law at sqrt(n) d shifted by the small-sample correction of
  // Vrbik (2018), 1/(6 sqrt(n)) + (sqrt(n) d - 1)/(4n): within ~1e-4 relative
  // of the exact value for n > 10000 (tested against SciPy).
  const double root_n = std::sqrt(nn), z = root_n * d;
  return kolmogorov_limit_sf(z + 1 / (6 * root_n) + (z - 1) / (4 * nn));
}

}  // namespace perfgate::stats
