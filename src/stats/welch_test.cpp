#include "stats/welch.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
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

// welch_t_test(x, y) against scipy.stats.ttest_ind(y, x, equal_var=False):
// perfgate's t is positive when y (the contender) has the larger mean, so
// the oracle gets the samples the other way round.
void expect_matches_scipy(const std::vector<Pair>& pairs) {
  std::string request = "[";
  for (std::size_t i = 0; i < pairs.size(); ++i)
    request += std::string(i ? "," : "") + R"({"op":"ttest_welch","a":)" + json_array(pairs[i].y) +
               R"(,"b":)" + json_array(pairs[i].x) + "}";
  const auto answers = ask_oracle(request + "]");
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    SCOPED_TRACE(pairs[i].name);
    const WelchT got = welch_t_test(pairs[i].x, pairs[i].y);
    const double t = answers[i].num("t"), p = answers[i].num("p");
    EXPECT_NEAR(got.t, t, 1e-6 * std::fabs(t)) << "scipy t = " << t;
    EXPECT_NEAR(got.p_value, p, 1e-6 * p) << "scipy p = " << p;
  }
}

TEST(Welch, MatchesScipyOnEqualAndUnequalSizesAndVariances) {
  expect_matches_scipy({
      {"equal n, same distribution", normal_sample(1, 20, 10, 1), normal_sample(2, 20, 10, 1)},
      {"equal n, shifted by 1 sd", normal_sample(3, 15, 10, 1), normal_sample(4, 15, 11, 1)},
      {"unequal n 8 vs 30", normal_sample(5, 8, 5, 2), normal_sample(6, 30, 6, 2)},
      {"variances 1 vs 100", normal_sample(7, 12, 0, 1), normal_sample(8, 25, 3, 10)},
      {"variances 100 vs 1, n 40 vs 5", normal_sample(9, 40, 0, 10), normal_sample(10, 5, 1, 1)},
      {"smallest samples, 2 and 2", {1.0, 2.0}, {2.5, 4.0}},
      {"far apart (p ~ 1e-20)", normal_sample(11, 30, 0, 1), normal_sample(12, 30, 4, 1)},
  });
}

TEST(Welch, MatchesScipyOnLogsOfTimingLikeData) {
  // Log values of ~1 ms timings: large values with a spread of a few percent,
  // where a one-pass variance would lose digits.
  expect_matches_scipy({
      {"log timings, no change", logs(timing_sample(20, 30, 1e6, 0.02)),
       logs(timing_sample(21, 30, 1e6, 0.02))},
      {"log timings, 3% slower", logs(timing_sample(22, 25, 1e6, 0.02)),
       logs(timing_sample(23, 35, 1.03e6, 0.02))},
      {"log timings, noisier contender", logs(timing_sample(24, 20, 5e7, 0.01)),
       logs(timing_sample(25, 20, 5e7, 0.08))},
  });
}

TEST(Welch, TIsPositiveWhenTheSecondSampleHasTheLargerMean) {
  const std::vector<double> x = {1, 2, 3, 4}, y = {3, 4, 5, 6};
  EXPECT_GT(welch_t_test(x, y).t, 0);
  EXPECT_LT(welch_t_test(y, x).t, 0);
  EXPECT_DOUBLE_EQ(welch_t_test(x, y).p_value, welch_t_test(y, x).p_value);
}

TEST(Welch, DegreesOfFreedomFollowWelchSatterthwaite) {
  // Equal n and variances: df = 2 (n - 1). One variance 0: df = n - 1 of the other.
  const std::vector<double> a = {1, 2, 3, 4, 5}, b = {11, 12, 13, 14, 15};
  EXPECT_DOUBLE_EQ(welch_t_test(a, b).df, 8);
  const std::vector<double> constant = {7, 7, 7};
  const WelchT r = welch_t_test(constant, a);
  EXPECT_DOUBLE_EQ(r.df, 4);
  // se = sqrt(2.5 / 5); mean difference 3 - 7.
  EXPECT_DOUBLE_EQ(r.t, -4 / std::sqrt(0.5));
}

TEST(Welch, ConstantSamplesWithEqualMeansGiveNanP) {
  const std::vector<double> x = {5, 5, 5}, y = {5, 5};
  const WelchT r = welch_t_test(x, y);
  EXPECT_TRUE(std::isnan(r.p_value));
  EXPECT_TRUE(std::isnan(r.t));
  EXPECT_TRUE(std::isnan(r.df));
}

TEST(Welch, ConstantSamplesWithDifferentMeansAreCertainlyDifferentAsInScipy) {
  const std::vector<double> x = {5, 5, 5}, y = {6, 6};
  const WelchT r = welch_t_test(x, y);
  EXPECT_EQ(r.t, std::numeric_limits<double>::infinity());
  EXPECT_EQ(r.p_value, 0);
  const auto scipy = ask_oracle(R"({"op":"ttest_welch","a":[6,6],"b":[5,5,5]})");
  EXPECT_EQ(scipy.num("p"), 0);
}

TEST(Welch, FewerThanTwoValuesOnASideIsRejected) {
  const std::vector<double> one = {1}, two = {1, 2}, none;
  EXPECT_THROW(welch_t_test(one, two), std::invalid_argument);
  EXPECT_THROW(welch_t_test(two, one), std::invalid_argument);
  EXPECT_THROW(welch_t_test(none, two), std::invalid_argument);
}

TEST(Welch, NanIsRejected) {
  const std::vector<double> x = {1, std::nan(""), 3}, y = {1, 2};
  EXPECT_THROW(welch_t_test(x, y), std::invalid_argument);
  EXPECT_THROW(welch_t_test(y, x), std::invalid_argument);
}

TEST(WelchFromSummary, MatchesScipyTtestIndFromStats) {
  struct Case {
    double mx, sx, nx, my, sy, ny;
  };
  const std::vector<Case> cases = {
      {100, 5, 5, 110, 6, 5},        // 10 % apart, llama-bench-like
      {1e6, 2e4, 30, 1.01e6, 3e4, 12},
      {50, 0.5, 2, 50.2, 3, 100},
      {7, 1, 10, 7, 1, 10},          // t = 0, p = 1
      {3, 0, 4, 3.5, 0.2, 6},        // one side without spread
  };
  std::string request = "[";
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    // SciPy's t is mean1 - mean2; perfgate's is contender (y) - base (x).
    request += std::string(i ? "," : "") + "{\"op\":\"ttest_welch_from_stats\",\"mean1\":" +
               std::to_string(c.my) + ",\"std1\":" + std::to_string(c.sy) + ",\"n1\":" +
               std::to_string(c.ny) + ",\"mean2\":" + std::to_string(c.mx) + ",\"std2\":" +
               std::to_string(c.sx) + ",\"n2\":" + std::to_string(c.nx) + "}";
  }
  const auto answers = ask_oracle(request + "]");
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    SCOPED_TRACE(i);
    const WelchT got = welch_t_test_from_summary(c.mx, c.sx, c.nx, c.my, c.sy, c.ny);
    EXPECT_NEAR(got.t, answers[i].num("t"), 1e-9 * (1 + std::fabs(answers[i].num("t"))));
    EXPECT_NEAR(got.p_value, answers[i].num("p"), 1e-9 * (1 + answers[i].num("p")));
  }
}

TEST(WelchFromSummary, AgreesWithTheSampleVersion) {
  const std::vector<double> x = {1, 2, 3, 4, 5.5}, y = {2, 3.25, 4, 6};
  const WelchT a = welch_t_test(x, y);
  // x: mean 3.1, variance 12.2 / 4 = 3.05; y computed below.
  double my = 0, vy = 0;
  for (double v : y) my += v / 4;
  for (double v : y) vy += (v - my) * (v - my) / 3;
  const WelchT b = welch_t_test_from_summary(3.1, std::sqrt(3.05), 5, my, std::sqrt(vy), 4);
  EXPECT_NEAR(a.t, b.t, 1e-12);
  EXPECT_NEAR(a.df, b.df, 1e-12);
  EXPECT_NEAR(a.p_value, b.p_value, 1e-12);
}

TEST(WelchFromSummary, RejectsWhatHasNoTest) {
  EXPECT_THROW(welch_t_test_from_summary(1, 1, 1, 2, 1, 5), std::invalid_argument);  // n = 1
  EXPECT_THROW(welch_t_test_from_summary(1, -1, 5, 2, 1, 5), std::invalid_argument);
  EXPECT_THROW(welch_t_test_from_summary(1, std::nan(""), 5, 2, 1, 5), std::invalid_argument);
}

TEST(StudentsT, QuantileMatchesScipy) {
  const std::vector<double> q = {0.975, 0.975, 0.975, 0.995, 0.025, 0.9};
  const std::vector<double> df = {1, 4, 7.37, 30, 12.5, 1000};
  const auto answer = ask_oracle("{\"op\":\"t_ppf\",\"q\":" + json_array(q) +
                                 ",\"df\":" + json_array(df) + "}");
  const std::vector<double> want = answer["values"].numbers();
  for (std::size_t i = 0; i < q.size(); ++i)
    EXPECT_NEAR(students_t_quantile(q[i], df[i]), want[i], 1e-9 * std::fabs(want[i])) << i;
  EXPECT_THROW(students_t_quantile(1, 5), std::invalid_argument);
  EXPECT_THROW(students_t_quantile(0.5, 0), std::invalid_argument);
}

}  // namespace
}  // namespace perfgate::stats
