#include "stats/outliers.hpp"

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

TEST(Outliers, MadIqrAndTukeyFencesMatchNumpy) {
  const std::vector<std::vector<double>> samples = {
      timing_sample(1, 30, 1e6, 0.02),  // every 10th run slow
      uniform_sample(2, 7, 0),          // quartiles between order statistics
      integer_sample(3, 40, 6, 10),     // ties
      {1, 2, 3, 4, 100},                // one far out
      normal_sample(4, 101, 0, 1),
  };
  for (double k : {1.5, 3.0}) {
    std::string request = "[";
    for (std::size_t i = 0; i < samples.size(); ++i)
      request += std::string(i ? "," : "") + R"({"op":"spread","k":)" + std::to_string(k) +
                 R"(,"x":)" + json_array(samples[i]) + "}";
    const auto answers = ask_oracle(request + "]");
    for (std::size_t i = 0; i < samples.size(); ++i) {
      SCOPED_TRACE("sample " + std::to_string(i) + ", k = " + std::to_string(k));
      const auto& a = answers[i];
      const double scale = std::max(1.0, std::fabs(a.num("high")));
      EXPECT_NEAR(mad(samples[i]), a.num("mad"), 1e-12 * scale);
      EXPECT_NEAR(iqr(samples[i]), a.num("iqr"), 1e-12 * scale);
      const Outliers o = tukey_outliers(samples[i], k);
      EXPECT_NEAR(o.low_fence, a.num("low"), 1e-12 * scale);
      EXPECT_NEAR(o.high_fence, a.num("high"), 1e-12 * scale);
      std::vector<std::size_t> want;
      for (double v : a["outliers"].numbers()) want.push_back(static_cast<std::size_t>(v));
      EXPECT_EQ(o.indices, want);
    }
  }
}

TEST(Outliers, FindsTheSlowRunsAndReportsInputPositions) {
  const std::vector<double> xs = {10, 50, 11, 10, 12, 11, 10, 11, 12, 10};
  const Outliers o = tukey_outliers(xs);
  EXPECT_EQ(o.indices, std::vector<std::size_t>{1});
  // Q1 = 10, Q3 = 11.75 (type 7): fences 10 -/+ 1.5 * 1.75.
  EXPECT_DOUBLE_EQ(o.low_fence, 10 - 1.5 * 1.75);
  EXPECT_DOUBLE_EQ(o.high_fence, 11.75 + 1.5 * 1.75);
}

TEST(Outliers, AValueOnAFenceIsNotAnOutlier) {
  // Type-7 quartiles Q1 = 2, Q3 = 4, IQR = 2: the high fence at k = 2 is exactly 8.
  const std::vector<double> ys = {2, 2, 4, 4, 8};
  EXPECT_EQ(iqr(ys), 2);
  EXPECT_TRUE(tukey_outliers(ys, 2).indices.empty());
  EXPECT_EQ(tukey_outliers(ys, 1.9).indices, std::vector<std::size_t>{4});
}

TEST(Outliers, MadIsUnscaled) {
  // Median 3, absolute deviations {2, 1, 0, 1, 2}: median 1.
  const std::vector<double> xs = {1, 2, 3, 4, 5};
  EXPECT_EQ(mad(xs), 1);
}

TEST(Outliers, ASingleValueOrAllTiesHaveNoSpreadAndNoOutliers) {
  const std::vector<double> one = {42}, tied = {7, 7, 7, 7};
  EXPECT_EQ(mad(one), 0);
  EXPECT_EQ(iqr(one), 0);
  EXPECT_TRUE(tukey_outliers(one).indices.empty());
  EXPECT_EQ(mad(tied), 0);
  EXPECT_EQ(iqr(tied), 0);
  EXPECT_TRUE(tukey_outliers(tied).indices.empty());
  // With zero IQR, anything different from the tied bulk is outside both fences.
  const std::vector<double> bulk = {7, 7, 7, 7, 7, 8};
  EXPECT_EQ(tukey_outliers(bulk).indices, std::vector<std::size_t>{5});
}

TEST(Outliers, EmptyNanAndNegativeFactorAreRejected) {
  const std::vector<double> none, with_nan = {1, std::nan(""), 2}, some = {1, 2, 3};
  EXPECT_THROW(mad(none), std::invalid_argument);
  EXPECT_THROW(iqr(none), std::invalid_argument);
  EXPECT_THROW(tukey_outliers(none), std::invalid_argument);
  EXPECT_THROW(mad(with_nan), std::invalid_argument);
  EXPECT_THROW(iqr(with_nan), std::invalid_argument);
  EXPECT_THROW(tukey_outliers(with_nan), std::invalid_argument);
  EXPECT_THROW(tukey_outliers(some, -1), std::invalid_argument);
}

}  // namespace
}  // namespace perfgate::stats
