#include "stats/kolmogorov_distribution.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "stats/testing/scipy_oracle.hpp"

namespace perfgate::stats {
namespace {

using testing::ask_oracle;
using testing::json_array;

struct Points {
  long long n;
  std::vector<double> ds;
};

// kolmogorov_sf(n, d) at every point against the oracle's `op`, in one
// request: "kstwo_sf" (scipy.stats.kstwo.sf) or "kstwo_sf_pomeranz" (SciPy's
// exact Pomeranz recursion, reliable for n <= 1000 and n d^2 <= 4).
void expect_matches(const char* op, const std::vector<Points>& points, double rel_tol) {
  std::string request = "[";
  for (std::size_t i = 0; i < points.size(); ++i)
    request += std::string(i ? "," : "") + R"({"op":")" + op + R"(","n":)" +
               std::to_string(points[i].n) + R"(,"d":)" + json_array(points[i].ds) + "}";
  const auto answers = ask_oracle(request + "]");
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::vector<double> want = answers[i]["values"].numbers();
    for (std::size_t j = 0; j < want.size(); ++j) {
      const long long n = points[i].n;
      const double d = points[i].ds[j];
      SCOPED_TRACE(std::string(op) + ": n = " + std::to_string(n) + ", d = " + std::to_string(d));
      EXPECT_NEAR(kolmogorov_sf(n, d), want[j], rel_tol * want[j]) << "SciPy: " << want[j];
    }
  }
}

// d = z / sqrt(n) for each z below sqrt(n).
std::vector<double> scaled(long long n, std::initializer_list<double> zs) {
  const double root_n = std::sqrt(static_cast<double>(n));
  std::vector<double> ds;
  for (double z : zs)
    if (z < root_n) ds.push_back(z / root_n);
  return ds;
}

TEST(KolmogorovDistribution, MatchesScipyKstwoOverTheWholeRangeUpTo140) {
  // Up to n = 140 SciPy is exact everywhere, as this is.
  std::vector<Points> points;
  for (long long n : {1, 2, 3, 5, 10, 40, 100, 140}) {
    auto ds = scaled(n, {0.3, 0.6, 0.8, 1.0, 1.2, 1.5, 1.8, 2.2, 3.0});
    const auto nn = static_cast<double>(n);
    for (double nd : {0.4, 0.7, 0.95}) ds.push_back(nd / nn);  // n d <= 1: closed form
    ds.push_back(0.6);                                         // d >= 1/2: Smirnov tail
    ds.push_back(1 - 0.5 / nn);                                // n d >= n - 1: closed form
    points.push_back({n, ds});
  }
  // n d^2 just below and above 0.754693 and 4, where methods switch.
  std::vector<double> ds;
  for (double nd2 : {0.7546, 0.7548, 3.99, 4.01, 10.0, 30.0}) ds.push_back(std::sqrt(nd2 / 50));
  points.push_back({50, ds});
  expect_matches("kstwo_sf", points, 1e-9);
}

TEST(KolmogorovDistribution, MatchesScipyInTheTailAbove140) {
  // For n > 140 and n d^2 >= 2.2 both take twice the one-sided tail (whose
  // own error against the exact two-sided value is ~1e-6 at n d^2 = 2.2).
  std::vector<Points> points;
  for (long long n : {141, 500, 3000, 20000})
    points.push_back({n, scaled(n, {1.49, 1.6, 2.0, 3.0, 6.0})});
  expect_matches("kstwo_sf", points, 1e-9);
}

TEST(KolmogorovDistribution, IsExactInTheBodyAbove140WhereScipyUsesAnAsymptoticSeries) {
  // There kstwo.sf uses Pelz & Good's series; this is exact, so it matches
  // SciPy's exact Pomeranz recursion tightly and kstwo.sf only to the
  // series' error, measured at up to 2e-5 (n = 141, n d^2 = 2.1).
  std::vector<Points> points;
  for (long long n : {141, 400, 1000}) points.push_back({n, scaled(n, {0.4, 0.6, 0.9, 1.2, 1.45})});
  expect_matches("kstwo_sf_pomeranz", points, 1e-9);
  expect_matches("kstwo_sf", points, 5e-5);
}

TEST(KolmogorovDistribution, BeyondDurbinsRangeTheCorrectedLimitingLawIsWithinOneInTenThousand) {
  // n d > 150 with n d^2 < 2.2 only happens for n > ~10000; SciPy's series
  // is accurate there to ~1e-6, the corrected limiting law to ~3e-5.
  expect_matches("kstwo_sf",
                 {{12000, scaled(12000, {1.4, 1.45})}, {40000, scaled(40000, {0.9, 1.2, 1.45})}},
                 1e-4);
}

TEST(KolmogorovDistribution, EndsOfTheRange) {
  EXPECT_EQ(kolmogorov_sf(10, 0.0), 1);
  EXPECT_EQ(kolmogorov_sf(10, 0.05), 1);  // D_n >= 1/(2n) always
  EXPECT_EQ(kolmogorov_sf(10, 1.0), 0);
  // n = 1: D_1 = max(U, 1 - U) for uniform U, so P(D_1 >= d) = 2 (1 - d) for d >= 1/2.
  EXPECT_NEAR(kolmogorov_sf(1, 0.8), 0.4, 1e-15);
  EXPECT_THROW(kolmogorov_sf(0, 0.5), std::invalid_argument);
}

}  // namespace
}  // namespace perfgate::stats
