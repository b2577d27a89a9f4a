#include "stats/trend.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "stats/testing/samples.hpp"
#include "stats/testing/scipy_oracle.hpp"

namespace perfgate::stats {
namespace {

using testing::ask_oracle;
using testing::json_array;
using testing::normal_sample;

struct Series {
  std::string name;
  std::vector<double> ys;
};

// A drift of `per_step` per point under normal noise of sd 1: distinct values,
// and p anywhere from 1 down to tiny as per_step grows.
Series drifting(std::uint64_t seed, int n, double per_step) {
  std::vector<double> ys = normal_sample(seed, n, 0, 1);
  for (int i = 0; i < n; ++i) ys[i] += per_step * i;
  return {"n " + std::to_string(n) + " drift " + std::to_string(per_step) + " seed " +
              std::to_string(seed),
          ys};
}

// Integer levels plus a drift: many ties, like medians of a coarse timer.
Series tied(std::uint64_t seed, int n, int levels, double per_step) {
  std::vector<double> ys = testing::integer_sample(seed, n, levels, 0);
  for (int i = 0; i < n; ++i) ys[i] = std::round(ys[i] + per_step * i);
  return {"tied n " + std::to_string(n) + " levels " + std::to_string(levels) + " drift " +
              std::to_string(per_step),
          ys};
}

// Compares mann_kendall with scipy.stats.kendalltau(range(n), ys, method).
void expect_matches_scipy(const std::vector<Series>& series, const char* method, bool exact,
                          int exact_max_n, double p_rel_tol) {
  std::string request = "[";
  for (std::size_t i = 0; i < series.size(); ++i)
    request += std::string(i ? "," : "") + R"({"op":"kendalltau","method":")" + method +
               R"(","y":)" + json_array(series[i].ys) + "}";
  const auto answers = ask_oracle(request + "]");
  for (std::size_t i = 0; i < series.size(); ++i) {
    SCOPED_TRACE(series[i].name);
    const MannKendall got = mann_kendall(series[i].ys, exact_max_n);
    EXPECT_EQ(got.exact, exact);
    EXPECT_NEAR(got.tau, answers[i].num("tau"), 1e-14);
    const double p = answers[i].num("p");
    ASSERT_GT(p, 0) << "pick series whose p does not underflow";
    EXPECT_NEAR(got.p_value, p, p_rel_tol * p) << "scipy p = " << p;
  }
}

TEST(MannKendall, FiveRisingPointsHaveTheSmallestTwoSidedExactP) {
  // Only 1 of the 5! orders rises throughout; two-sided, 2 / 120.
  const std::vector<double> ys = {0.1, 0.2, 0.35, 0.4, 0.9};
  const MannKendall r = mann_kendall(ys);
  EXPECT_TRUE(r.exact);
  EXPECT_EQ(r.s, 10);  // all C(5, 2) pairs rise
  EXPECT_DOUBLE_EQ(r.tau, 1);
  EXPECT_NEAR(r.p_value, 1.0 / 60, 1e-16);
}

TEST(MannKendall, SCountsRisingMinusFallingPairsAndTiesCountNeither) {
  // Pairs of {1, 3, 2, 2}: 1<3, 1<2, 1<2 rise; 3>2, 3>2 fall; 2=2 neither.
  const std::vector<double> ys = {1, 3, 2, 2};
  const MannKendall r = mann_kendall(ys);
  EXPECT_EQ(r.s, 1);
  EXPECT_FALSE(r.exact);  // a tie: the exact distribution assumes distinct values
  // tau-b = S / sqrt(6 pairs * (6 - 1 tied pair)).
  EXPECT_NEAR(r.tau, 1 / std::sqrt(30.0), 1e-15);
}

TEST(MannKendall, ReversingTheSeriesNegatesSAndTauAndKeepsP) {
  for (const Series& s :
       {drifting(1, 9, 0.3), drifting(2, 30, 0.05), tied(3, 40, 4, 0.05), drifting(4, 120, 0.01)}) {
    SCOPED_TRACE(s.name);
    std::vector<double> reversed(s.ys.rbegin(), s.ys.rend());
    const MannKendall forward = mann_kendall(s.ys), backward = mann_kendall(reversed);
    EXPECT_NE(forward.s, 0);
    EXPECT_EQ(backward.s, -forward.s);
    EXPECT_EQ(backward.tau, -forward.tau);
    EXPECT_EQ(backward.p_value, forward.p_value);
    EXPECT_EQ(backward.exact, forward.exact);
  }
}

TEST(MannKendall, ExactPValuesMatchScipyWithoutTiesUpToFiftyPoints) {
  std::vector<Series> series;
  std::uint64_t seed = 10;
  for (int n = 3; n <= 12; ++n) {
    series.push_back(drifting(seed++, n, 0));
    series.push_back(drifting(seed++, n, 0.4));
  }
  for (int n : {30, 31, 50}) {
    series.push_back(drifting(seed++, n, 0));
    series.push_back(drifting(seed++, n, 0.03));
    series.push_back(drifting(seed++, n, 0.2));  // p down to ~1e-21
  }
  series.push_back({"two points", {2, 1}});                 // p = 1
  series.push_back({"the middle of n = 4", {3, 2, 1, 4}});  // 3 of 6 pairs fall: p = 1
  series.push_back({"one fall in 12", {1, 2, 3, 4, 5, 6, 8, 7, 9, 10, 11, 12}});
  expect_matches_scipy(series, "exact", true, 50, 1e-12);
}

TEST(MannKendall, ExactPathStaysFiniteAndRightForHundredsOfPoints) {
  // n!, the number of orders, passes 2^64 at n = 21 and a double at n = 171; the
  // distribution is kept as probabilities, so it holds at n = 300.
  const std::vector<Series> series = {drifting(40, 100, 0.005), drifting(41, 171, 0.002),
                                      drifting(42, 200, 0.003), drifting(43, 300, 0.001),
                                      drifting(44, 200, 0.03)};  // p ~ 2e-55
  expect_matches_scipy(series, "exact", true, 400, 1e-12);
}

TEST(MannKendall, AsymptoticPValuesMatchScipyWithTiesAndBeyondFiftyPoints) {
  std::vector<Series> series = {drifting(50, 51, 0.02), drifting(51, 60, 0), drifting(52, 60, 0.03),
                                drifting(53, 200, 0.005), drifting(54, 200, 0.02)};
  for (int n : {5, 12, 25, 40, 60})
    for (int levels : {2, 5}) series.push_back(tied(60 + n + levels, n, levels, 0.05));
  series.push_back({"a tie in a short series", {1, 3, 2, 2}});
  expect_matches_scipy(series, "asymptotic", false, 50, 1e-12);
}

TEST(MannKendall, SeriesOfOneRepeatedValueShowNoTrendWhereScipySaysNaN) {
  const std::vector<double> flat(8, 4.25);
  const auto answer =
      ask_oracle(R"({"op":"kendalltau","method":"asymptotic","y":)" + json_array(flat) + "}");
  EXPECT_TRUE(std::isnan(answer.num("tau")));  // SciPy: undefined
  EXPECT_TRUE(std::isnan(answer.num("p")));
  const MannKendall r = mann_kendall(flat);
  EXPECT_EQ(r.s, 0);
  EXPECT_EQ(r.tau, 0);
  EXPECT_EQ(r.p_value, 1);
  EXPECT_FALSE(r.exact);
}

TEST(MannKendall, FewerThanTwoValuesOrANaNAreCallerErrors) {
  EXPECT_THROW(mann_kendall(std::vector<double>{}), std::invalid_argument);
  EXPECT_THROW(mann_kendall(std::vector<double>{1}), std::invalid_argument);
  EXPECT_THROW(mann_kendall(std::vector<double>{1, std::nan(""), 3}), std::invalid_argument);
  // Infinities have an order: a slowest-possible run still ranks last.
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_NEAR(mann_kendall(std::vector<double>{1, 2, 3, 4, inf}).p_value, 1.0 / 60, 1e-16);
}

// Compares theil_sen with scipy.stats.theilslopes(ys, range(n), method="joint").
void expect_theil_sen_matches_scipy(const std::vector<Series>& series) {
  std::string request = "[";
  for (std::size_t i = 0; i < series.size(); ++i)
    request +=
        std::string(i ? "," : "") + R"({"op":"theilslopes","y":)" + json_array(series[i].ys) + "}";
  const auto answers = ask_oracle(request + "]");
  for (std::size_t i = 0; i < series.size(); ++i) {
    SCOPED_TRACE(series[i].name);
    const TheilSen got = theil_sen(series[i].ys);
    const double slope = answers[i].num("slope"), intercept = answers[i].num("intercept");
    EXPECT_NEAR(got.slope, slope, 1e-15 + 1e-13 * std::abs(slope));
    EXPECT_NEAR(got.intercept, intercept, 1e-15 + 1e-13 * std::abs(intercept));
  }
}

TEST(TheilSen, ACleanRampIsRecoveredExactly) {
  std::vector<double> ys;
  for (int i = 0; i < 9; ++i) ys.push_back(5 + 0.25 * i);  // exact in binary
  const TheilSen line = theil_sen(ys);
  EXPECT_EQ(line.slope, 0.25);
  EXPECT_EQ(line.intercept, 5);
}

// Log medians rising 1 % per run; two runs twice as slow near the head and one
// twice as fast early on. Least squares reports 3.26 % per run, 3.3 times the
// drift; Theil-Sen stays on it (within rounding).
TEST(TheilSen, AFewWildRunsDoNotMoveTheSlopeWhereLeastSquaresTriplesIt) {
  std::vector<double> ys;
  for (int i = 0; i < 20; ++i) ys.push_back(0.01 * i);
  ys[16] += 0.7;
  ys[18] += 0.7;
  ys[3] -= 0.7;

  const double mean_x = 9.5;  // of 0..19
  double mean_y = 0;
  for (double y : ys) mean_y += y / 20;
  double sxy = 0, sxx = 0;
  for (int i = 0; i < 20; ++i) {
    sxy += (i - mean_x) * (ys[i] - mean_y);
    sxx += (i - mean_x) * (i - mean_x);
  }
  const double least_squares = sxy / sxx;
  EXPECT_NEAR(least_squares, 0.0326315789, 1e-9);

  const TheilSen line = theil_sen(ys);
  EXPECT_NEAR(line.slope, 0.01, 1e-15);
  EXPECT_NEAR(line.intercept, 0, 1e-15);
}

TEST(TheilSen, SlopeAndInterceptMatchScipy) {
  std::vector<Series> series = {
      {"two points", {3, 1}},
      {"3 pairs (odd)", {1, 4, 2}},
      {"6 pairs (even)", {1, 4, 2, 7}},
      {"10 pairs (even), 5 residuals (odd)", {0.5, 0.1, 0.9, 1.3, 1.0}},
      {"15 pairs (odd), 6 residuals (even)", {2, 2.5, 1, 3, 4.5, 3.5}},
      {"28 pairs (even), 8 residuals (even)", {8, 6, 7, 5, 3, 4, 1, 2}},
      {"flat", std::vector<double>(7, 1.5)},
      {"wild runs", {0, 0.01, 0.02, -0.67, 0.04, 0.05, 0.06, 0.77, 0.08, 0.79}}};
  for (int n : {5, 12, 40}) series.push_back(tied(70 + n, n, 3, 0.1));  // many equal slopes
  for (int n : {13, 40, 300}) series.push_back(drifting(80 + n, n, 0.02));
  expect_theil_sen_matches_scipy(series);
}

TEST(TheilSen, HalfTheResidualsLieOnEitherSideOfTheLine) {
  const Series s = drifting(90, 31, 0.05);
  const TheilSen line = theil_sen(s.ys);
  int above = 0, below = 0;
  for (std::size_t i = 0; i < s.ys.size(); ++i) {
    const double residual = s.ys[i] - (line.intercept + line.slope * static_cast<double>(i));
    above += residual > 1e-12;
    below += residual < -1e-12;
  }
  EXPECT_EQ(above, 15);  // 31 residuals: 15 above, the median on the line, 15 below
  EXPECT_EQ(below, 15);
}

TEST(TheilSen, FewerThanTwoValuesOrANonFiniteValueAreCallerErrors) {
  EXPECT_THROW(theil_sen(std::vector<double>{}), std::invalid_argument);
  EXPECT_THROW(theil_sen(std::vector<double>{1}), std::invalid_argument);
  EXPECT_THROW(theil_sen(std::vector<double>{1, std::nan(""), 3}), std::invalid_argument);
  EXPECT_THROW(theil_sen(std::vector<double>{1, 2, std::numeric_limits<double>::infinity()}),
               std::invalid_argument);
}

}  // namespace
}  // namespace perfgate::stats
