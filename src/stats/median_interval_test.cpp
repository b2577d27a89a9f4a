#include "stats/median_interval.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "stats/testing/scipy_oracle.hpp"

namespace perfgate::stats {
namespace {

using namespace testing;

// The order statistic and its exact coverage against SciPy's binomial
// distribution (tests/oracle/stats_oracle.py, op median_order), from the
// smallest n that can reach a level to n = 100,000.
TEST(SignTest, OrderAndCoverageMatchScipysBinomial) {
  const std::vector<std::pair<int, double>> cases = {
      {8, 0.005},  {9, 0.005},     {10, 0.005},   {30, 0.01},          {31, 0.01},
      {100, 0.05}, {101, 0.05},    {1000, 0.01 / 240}, {4567, 1e-3}, {100000, 1e-4},
      {3, 0.25},   {2, 0.5},       {1, 0.999}};
  std::string request = "[";
  for (std::size_t i = 0; i < cases.size(); ++i)
    request += std::string(i ? "," : "") + R"({"op":"median_order","n":)" +
               std::to_string(cases[i].first) + R"(,"level":)" + json_number(cases[i].second) +
               "}";
  const Json answers = ask_oracle(request + "]");
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto [n, level] = cases[i];
    SCOPED_TRACE("n " + std::to_string(n) + " level " + std::to_string(level));
    const int expected = static_cast<int>(answers[i]["j"].number);
    const std::optional<int> j = sign_test_order(n, level);
    if (expected == 0) {
      EXPECT_FALSE(j.has_value());
      EXPECT_LT(n, sign_test_min_n(level));
      continue;
    }
    ASSERT_TRUE(j.has_value());
    EXPECT_EQ(*j, expected);
    EXPECT_GE(n, sign_test_min_n(level));
  }
}

TEST(SignTest, TheSmallestNIsWhereMinimumToMaximumReachesTheLevel) {
  EXPECT_EQ(sign_test_min_n(0.005), 9);  // 2/2^9 = 0.0039 <= 0.005 < 2/2^8
  EXPECT_EQ(sign_test_min_n(0.25), 3);   // 2/2^3 = 0.25 exactly
  EXPECT_EQ(sign_test_min_n(0.01 / 240), 16);  // 2/2^16 = 3.1e-5 <= 4.2e-5 < 2/2^15
}

TEST(SignTest, IntervalIsTheOrderStatisticsWithTheirExactCoverage) {
  // 30 values 1..30 in scrambled order; at level 0.01 SciPy's j is 8, so
  // the interval is [8, 23] and the median 15.5.
  std::vector<double> x;
  for (int i = 0; i < 30; ++i) x.push_back((i * 7) % 30 + 1);
  const auto m = median_interval(x, 0.01);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->j, 8);
  EXPECT_DOUBLE_EQ(m->low, 8);
  EXPECT_DOUBLE_EQ(m->high, 23);
  EXPECT_DOUBLE_EQ(m->median, 15.5);
  EXPECT_NEAR(m->coverage, 0.9947771206498146, 1e-12);  // 1 - 2 binom.cdf(7, 30, 0.5)
  EXPECT_FALSE(median_interval(std::vector<double>(8, 1.0), 0.005).has_value());
}

TEST(SignTest, AFewWildValuesMoveTheIntervalByOneOrderStatisticAtMost) {
  std::vector<double> x;
  for (int i = 0; i < 100; ++i) x.push_back(i * 0.01);
  const auto calm = median_interval(x, 0.01);
  x[0] = -1e6;
  x[99] = 1e6;
  x[98] = 1e5;
  const auto wild = median_interval(x, 0.01);
  ASSERT_TRUE(calm && wild);
  EXPECT_DOUBLE_EQ(wild->low, calm->low);
  EXPECT_DOUBLE_EQ(wild->high, calm->high);
  EXPECT_DOUBLE_EQ(wild->median, calm->median);
}

TEST(SignTest, PValueMatchesScipysBinomtest) {
  const std::vector<std::pair<int, int>> cases = {{7, 2}, {10, 0}, {3, 3}, {1450, 1401}, {60, 40},
                                                  {0, 12}, {1, 0}};
  std::string request = "[";
  for (std::size_t i = 0; i < cases.size(); ++i)
    request += std::string(i ? "," : "") + R"({"op":"sign_test","above":)" +
               std::to_string(cases[i].first) + R"(,"below":)" + std::to_string(cases[i].second) +
               "}";
  const Json answers = ask_oracle(request + "]");
  for (std::size_t i = 0; i < cases.size(); ++i)
    EXPECT_NEAR(sign_test_p(cases[i].first, cases[i].second), answers[i]["p"].number,
                1e-12 + 1e-9 * answers[i]["p"].number)
        << cases[i].first << " above, " << cases[i].second << " below";
  EXPECT_EQ(sign_test_p(0, 0), 1);  // all ties: no evidence either way
}

}  // namespace
}  // namespace perfgate::stats
