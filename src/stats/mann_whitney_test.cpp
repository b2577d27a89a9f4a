#include "stats/mann_whitney.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "stats/rng.hpp"
#include "stats/testing/scipy_oracle.hpp"

namespace perfgate::stats {
namespace {

using testing::ask_oracle;
using testing::json_array;

// n values uniform in [shift, shift + 1): distinct, so no ties.
std::vector<double> uniform_sample(std::uint64_t seed, int n, double shift) {
  Rng rng(seed);
  std::vector<double> xs;
  for (int i = 0; i < n; ++i) xs.push_back(shift + rng.uniform());
  return xs;
}

// n integers in [shift, shift + levels): many ties, like coarse timer readings.
std::vector<double> integer_sample(std::uint64_t seed, int n, int levels, int shift) {
  Rng rng(seed);
  std::vector<double> xs;
  for (int i = 0; i < n; ++i) xs.push_back(shift + static_cast<double>(rng.below(levels)));
  return xs;
}

struct Pair {
  std::string name;
  std::vector<double> x, y;
};

// Compares mann_whitney_u with scipy.stats.mannwhitneyu for every pair.
void expect_matches_scipy(const std::vector<Pair>& pairs, const char* method, bool exact,
                          double p_rel_tol, int exact_max_n = 50) {
  std::string request = "[";
  for (std::size_t i = 0; i < pairs.size(); ++i)
    request += std::string(i ? "," : "") + R"({"op":"mannwhitneyu","method":")" + method +
               R"(","x":)" + json_array(pairs[i].x) + R"(,"y":)" + json_array(pairs[i].y) + "}";
  const auto answers = ask_oracle(request + "]");
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    SCOPED_TRACE(pairs[i].name);
    const MannWhitney got = mann_whitney_u(pairs[i].x, pairs[i].y, exact_max_n);
    EXPECT_EQ(got.exact, exact);
    EXPECT_EQ(got.u, answers[i].num("u"));
    const double p = answers[i].num("p");
    EXPECT_NEAR(got.p_value, p, p_rel_tol * p) << "scipy p = " << p;
  }
}

TEST(MannWhitney, ReproducesTheTextbookExample) {
  // Shier (2004), also scipy's docstring: U = 17 for the males, exact p = 1/9.
  const std::vector<double> males = {19, 22, 16, 29, 24}, females = {20, 11, 17, 12};
  const MannWhitney r = mann_whitney_u(males, females);
  EXPECT_EQ(r.u, 17);
  EXPECT_TRUE(r.exact);
  EXPECT_NEAR(r.p_value, 1.0 / 9, 1e-15);
}

TEST(MannWhitney, FullySeparatedSamplesGetTwiceOneOverTheNumberOfOrderings) {
  // Only 1 of the C(20, 10) = 184756 orderings puts every x below every y.
  const auto x = uniform_sample(1, 10, 0), y = uniform_sample(2, 10, 5);
  const MannWhitney r = mann_whitney_u(x, y);
  EXPECT_EQ(r.u, 0);
  EXPECT_NEAR(r.p_value, 2.0 / 184756, 1e-12 / 184756);
}

TEST(MannWhitney, ExactPValuesMatchScipyForSmallSamplesOfDifferentSizes) {
  std::vector<Pair> pairs;
  const int sizes[][2] = {{3, 3}, {3, 5}, {4, 7}, {8, 6}, {10, 10}, {12, 9}, {15, 20}, {20, 20}};
  std::uint64_t seed = 10;
  for (const auto& s : sizes) {
    const std::string n = std::to_string(s[0]) + "x" + std::to_string(s[1]);
    pairs.push_back({"same distribution " + n, uniform_sample(seed, s[0], 0),
                     uniform_sample(seed + 1, s[1], 0)});
    pairs.push_back({"shifted by 0.3 " + n, uniform_sample(seed + 2, s[0], 0.3),
                     uniform_sample(seed + 3, s[1], 0)});
    seed += 4;
  }
  pairs.push_back(
      {"fully separated 12x15 (p ~ 1e-7)", uniform_sample(50, 12, 0), uniform_sample(51, 15, 1)});
  pairs.push_back(
      {"nearly separated 20x18", uniform_sample(52, 20, 0.85), uniform_sample(53, 18, 0)});
  pairs.push_back({"U at the centre (p clipped to 1)", {1, 4}, {2, 3}});
  expect_matches_scipy(pairs, "exact", /*exact=*/true, 1e-9);
}

TEST(MannWhitney, ExactPValuesMatchScipyUpToFiftyPerSample) {
  // C(100, 50) ~ 1e29 orderings: counts that overflow any integer type.
  const std::vector<Pair> pairs = {
      {"50x50 same distribution", uniform_sample(60, 50, 0), uniform_sample(61, 50, 0)},
      {"50x50 shifted by 0.2", uniform_sample(62, 50, 0.2), uniform_sample(63, 50, 0)},
      {"50x50 shifted by 0.6 (tiny p)", uniform_sample(64, 50, 0), uniform_sample(65, 50, 0.6)},
      {"50x31 shifted by 0.1", uniform_sample(66, 50, 0.1), uniform_sample(67, 31, 0)},
  };
  expect_matches_scipy(pairs, "exact", /*exact=*/true, 1e-9);
}

TEST(MannWhitney, TiesUseTheTieCorrectedNormalApproximationOfScipy) {
  const std::vector<Pair> pairs = {
      {"5x6 integers", integer_sample(70, 5, 4, 0), integer_sample(71, 6, 4, 0)},
      {"15x20 integers", integer_sample(72, 15, 6, 0), integer_sample(73, 20, 6, 0)},
      {"30x30 integers shifted", integer_sample(74, 30, 6, 1), integer_sample(75, 30, 6, 0)},
      {"8x40 integers, 3 levels", integer_sample(76, 8, 3, 0), integer_sample(77, 40, 3, 0)},
      {"40x40 integers shifted far", integer_sample(78, 40, 10, 6), integer_sample(79, 40, 10, 0)},
      {"one tie among distinct values", {1, 2, 3, 4, 5}, {5, 6, 7, 8, 9, 10}},
      {"every value tied", {3, 3, 3}, {3, 3}},
  };
  expect_matches_scipy(pairs, "asymptotic", /*exact=*/false, 1e-7);
}

TEST(MannWhitney, SamplesLargerThanExactMaxNUseScipysNormalApproximation) {
  const std::vector<Pair> pairs = {
      {"51x50 same distribution", uniform_sample(80, 51, 0), uniform_sample(81, 50, 0)},
      {"50x80 shifted by 0.15", uniform_sample(82, 50, 0.15), uniform_sample(83, 80, 0)},
      {"120x60 shifted by 0.5 (tiny p)", uniform_sample(84, 120, 0), uniform_sample(85, 60, 0.5)},
      {"60x60 integers mixed with fractions",
       [] {
         auto v = integer_sample(86, 30, 5, 0);
         for (double f : uniform_sample(87, 30, 0)) v.push_back(5 * f);
         return v;
       }(),
       integer_sample(88, 60, 5, 0)},
  };
  expect_matches_scipy(pairs, "asymptotic", /*exact=*/false, 1e-7);
}

TEST(MannWhitney, ExactMaxNChoosesBetweenExactAndApproximateP) {
  const auto x = uniform_sample(90, 10, 0.2), y = uniform_sample(91, 12, 0);
  EXPECT_TRUE(mann_whitney_u(x, y, 12).exact);
  EXPECT_FALSE(mann_whitney_u(x, y, 11).exact);
  expect_matches_scipy({{"10x12 limited to 11", x, y}}, "asymptotic", false, 1e-7, 11);
}

TEST(MannWhitney, SwappingTheSamplesGivesTheComplementaryUAndTheSameP) {
  const auto x = uniform_sample(95, 9, 0.3), y = uniform_sample(96, 14, 0);
  const MannWhitney xy = mann_whitney_u(x, y), yx = mann_whitney_u(y, x);
  EXPECT_EQ(xy.u + yx.u, 9 * 14);
  EXPECT_GT(xy.u, 9 * 14 / 2);  // x is shifted up, so x wins most comparisons
  EXPECT_DOUBLE_EQ(xy.p_value, yx.p_value);
}

TEST(MannWhitney, EmptySampleGivesPOne) {
  const std::vector<double> none, some = {1, 2, 3};
  EXPECT_EQ(mann_whitney_u(none, some).p_value, 1);
  EXPECT_EQ(mann_whitney_u(some, none).p_value, 1);
}

TEST(MannWhitney, NanIsRejected) {
  const std::vector<double> x = {1, std::numeric_limits<double>::quiet_NaN()}, y = {1, 2};
  EXPECT_THROW(mann_whitney_u(x, y), std::invalid_argument);
}

}  // namespace
}  // namespace perfgate::stats
