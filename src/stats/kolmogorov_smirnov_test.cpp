#include "stats/kolmogorov_smirnov.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "stats/testing/samples.hpp"
#include "stats/testing/scipy_oracle.hpp"

namespace perfgate::stats {
namespace {

using namespace testing;

struct Pair {
  std::string name;
  std::vector<double> x, y;
};

// Compares ks_2samp with scipy.stats.ks_2samp(method) for every pair.
void expect_matches_scipy(const std::vector<Pair>& pairs, const char* method, bool exact,
                          double p_rel_tol) {
  std::string request = "[";
  for (std::size_t i = 0; i < pairs.size(); ++i)
    request += std::string(i ? "," : "") + R"({"op":"ks_2samp","method":")" + method + R"(","x":)" +
               json_array(pairs[i].x) + R"(,"y":)" + json_array(pairs[i].y) + "}";
  const auto answers = ask_oracle(request + "]");
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    SCOPED_TRACE(pairs[i].name);
    const KolmogorovSmirnov got = ks_2samp(pairs[i].x, pairs[i].y);
    EXPECT_EQ(got.exact, exact);
    EXPECT_DOUBLE_EQ(got.d, answers[i].num("d"));
    const double p = answers[i].num("p");
    EXPECT_NEAR(got.p_value, p, p_rel_tol * p) << "scipy p = " << p;
  }
}

std::vector<Pair> small_pairs() {
  std::vector<Pair> pairs;
  const int sizes[][2] = {{1, 1},   {1, 5},   {3, 3},   {4, 7},   {6, 9},   {10, 10},
                          {12, 18}, {20, 20}, {25, 40}, {37, 53}, {60, 60}, {45, 60}};
  std::uint64_t seed = 100;
  for (const auto& s : sizes) {
    const std::string n = std::to_string(s[0]) + "x" + std::to_string(s[1]);
    pairs.push_back({"same distribution " + n, uniform_sample(seed, s[0], 0),
                     uniform_sample(seed + 1, s[1], 0)});
    pairs.push_back({"shifted by 0.3 " + n, uniform_sample(seed + 2, s[0], 0.3),
                     uniform_sample(seed + 3, s[1], 0)});
    pairs.push_back({"wider spread, same centre " + n, uniform_sample(seed + 4, s[0], 0),
                     uniform_sample(seed + 5, s[1], -1, 3)});
    seed += 6;
  }
  pairs.push_back({"fully separated 60x60 (p ~ 1e-35)", uniform_sample(200, 60, 0),
                   uniform_sample(201, 60, 1)});
  pairs.push_back(
      {"fully separated 30x50", uniform_sample(202, 30, 2), uniform_sample(203, 50, 0)});
  return pairs;
}

TEST(KolmogorovSmirnov, ExactPValuesMatchScipyUpToSixtyPerSample) {
  expect_matches_scipy(small_pairs(), "exact", /*exact=*/true, 1e-6);
}

TEST(KolmogorovSmirnov, AutoMethodIsExactUpToTenThousandAsInScipy) {
  expect_matches_scipy(small_pairs(), "auto", /*exact=*/true, 1e-6);
  expect_matches_scipy(
      {{"2000x3000 shifted by 0.05", uniform_sample(300, 2000, 0.05), uniform_sample(301, 3000, 0)},
       {"10000x200 same distribution", uniform_sample(302, 10000, 0), uniform_sample(303, 200, 0)}},
      "auto", /*exact=*/true, 1e-6);
}

TEST(KolmogorovSmirnov, TiesAreHandledAsScipyDoes) {
  // The statistic is taken at data values only; the p-value, as SciPy's,
  // ignores ties (conservative).
  expect_matches_scipy(
      {
          {"5x6 integers", integer_sample(10, 5, 4, 0), integer_sample(11, 6, 4, 0)},
          {"20x30 integers shifted", integer_sample(12, 20, 6, 1), integer_sample(13, 30, 6, 0)},
          {"40x40 integers, 3 levels", integer_sample(14, 40, 3, 0), integer_sample(15, 40, 3, 0)},
          {"50x60 integers shifted far", integer_sample(16, 50, 10, 5),
           integer_sample(17, 60, 10, 0)},
          {"one tie among distinct values", {1, 2, 3, 4, 5}, {5, 6, 7, 8, 9, 10}},
      },
      "exact", /*exact=*/true, 1e-6);
}

TEST(KolmogorovSmirnov, LargeSamplesUseTheAsymptoticDistributionAsScipy) {
  // max(n1, n2) > 10000. With n1 n2 / (n1 + n2) = 40, SciPy's kstwo is exact
  // and so is this; at ~8600 SciPy uses Pelz & Good's series, which the exact
  // value here matches to ~1e-6 (see kolmogorov_distribution_test.cpp).
  expect_matches_scipy(
      {{"12000x40 shifted by 0.2", uniform_sample(400, 12000, 0), uniform_sample(401, 40, 0.2)},
       {"12000x40 same distribution", uniform_sample(402, 12000, 0), uniform_sample(403, 40, 0)}},
      "auto", /*exact=*/false, 1e-9);
  expect_matches_scipy({{"15000x20000 shifted by 0.01", uniform_sample(404, 15000, 0.01),
                         uniform_sample(405, 20000, 0)},
                        {"20000x15000 same distribution", uniform_sample(406, 20000, 0),
                         uniform_sample(407, 15000, 0)}},
                       "auto", /*exact=*/false, 1e-6);
}

TEST(KolmogorovSmirnov, FullySeparatedSamplesOfFiveGetTwoOrderingsOutOfAll) {
  // D = 1 is reached by 2 of the C(10, 5) = 252 orderings (all x first or all y first).
  const std::vector<double> x = {1, 2, 3, 4, 5}, y = {6, 7, 8, 9, 10};
  const KolmogorovSmirnov r = ks_2samp(x, y);
  EXPECT_EQ(r.d, 1);
  EXPECT_TRUE(r.exact);
  EXPECT_NEAR(r.p_value, 2.0 / 252, 1e-15);
}

TEST(KolmogorovSmirnov, DetectsAChangeOfSpreadThatKeepsTheMedian) {
  // Same centre, four times the spread: the kind of change Mann-Whitney misses.
  const auto narrow = uniform_sample(500, 60, -0.5), wide = uniform_sample(501, 60, -2, 4);
  EXPECT_LT(ks_2samp(narrow, wide).p_value, 0.01);
}

TEST(KolmogorovSmirnov, IdenticalOrAllTiedSamplesGiveDZeroAndPOne) {
  const std::vector<double> a = {1, 2, 3}, tied = {4, 4, 4, 4}, tied2 = {4, 4};
  EXPECT_EQ(ks_2samp(a, a).d, 0);
  EXPECT_EQ(ks_2samp(a, a).p_value, 1);
  EXPECT_EQ(ks_2samp(tied, tied2).d, 0);
  EXPECT_EQ(ks_2samp(tied, tied2).p_value, 1);
}

TEST(KolmogorovSmirnov, SingleValuesThatDifferAreNotSignificant) {
  const std::vector<double> x = {1}, y = {2};
  const KolmogorovSmirnov r = ks_2samp(x, y);
  EXPECT_EQ(r.d, 1);
  EXPECT_EQ(r.p_value, 1);  // both orderings reach D = 1
}

TEST(KolmogorovSmirnov, SwappingTheSamplesChangesNothing) {
  const auto x = uniform_sample(600, 13, 0.2), y = uniform_sample(601, 21, 0);
  EXPECT_EQ(ks_2samp(x, y).d, ks_2samp(y, x).d);
  EXPECT_DOUBLE_EQ(ks_2samp(x, y).p_value, ks_2samp(y, x).p_value);
}

TEST(KolmogorovSmirnov, EmptySampleGivesPOne) {
  const std::vector<double> none, some = {1, 2, 3};
  EXPECT_EQ(ks_2samp(none, some).p_value, 1);
  EXPECT_EQ(ks_2samp(some, none).p_value, 1);
}

TEST(KolmogorovSmirnov, NanIsRejected) {
  const std::vector<double> x = {1, std::nan("")}, y = {1, 2};
  EXPECT_THROW(ks_2samp(x, y), std::invalid_argument);
  EXPECT_THROW(ks_2samp(y, x), std::invalid_argument);
}

}  // namespace
}  // namespace perfgate::stats
