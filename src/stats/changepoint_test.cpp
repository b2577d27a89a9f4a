#include "stats/changepoint.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "stats/changepoint_detect.hpp"
#include "stats/testing/samples.hpp"

namespace perfgate::stats {
namespace {

TEST(DescribeChange, RelativeChangeOfTheMediansWithAnIntervalAroundIt) {
  const std::vector<double> before = {9, 10, 11, 10, 10, 9.5, 10.5, 10, 10.2, 9.8};
  const std::vector<double> after = {11, 12, 13, 12, 12, 11.5, 12.5, 12, 12.2, 11.8};
  const SegmentChange c = describe_change(before, after);
  EXPECT_EQ(c.n_before, 10u);
  EXPECT_EQ(c.n_after, 10u);
  EXPECT_DOUBLE_EQ(c.median_before, 10);
  EXPECT_DOUBLE_EQ(c.median_after, 12);
  EXPECT_DOUBLE_EQ(c.magnitude, 0.2);
  // n = 10 at sqrt(0.95): the sign-test interval is [x_(2), x_(9)] (coverage
  // 1 - 2 P(Bin(10, 1/2) <= 1) = 0.9785 >= 0.9747; x_(3) would give 0.891),
  // i.e. [9.5, 10.5] and [11.5, 12.5]; the extremes are at opposite corners.
  EXPECT_NEAR(c.magnitude_low, 11.5 / 10.5 - 1, 1e-12);
  EXPECT_NEAR(c.magnitude_high, 12.5 / 9.5 - 1, 1e-12);
}

TEST(DescribeChange, TooFewPointsForAnIntervalGiveNanBounds) {
  const std::vector<double> before = {1, 2, 3}, after = {4, 5, 6, 7, 8, 9, 10, 11};
  const SegmentChange c = describe_change(before, after);
  EXPECT_DOUBLE_EQ(c.magnitude, 7.5 / 2 - 1);
  EXPECT_TRUE(std::isnan(c.magnitude_low));
  EXPECT_TRUE(std::isnan(c.magnitude_high));
}

TEST(DescribeChange, AZeroMedianBeforeHasNoRelativeChange) {
  const std::vector<double> before = {-1, 0, 1}, after = {1, 2, 3};
  EXPECT_TRUE(std::isnan(describe_change(before, after).magnitude));
}

TEST(DetectChangePoints, MissingPointsAreSkippedAndIndicesCountThem) {
  std::vector<double> xs;
  for (int i = 0; i < 100; ++i) xs.push_back(i < 50 ? 1.0 + 0.01 * (i % 3) : 2.0 + 0.01 * (i % 3));
  // Five missing points before the step, one on it: the step's first present
  // point is at index 51 of the series as given.
  for (std::size_t i : {3, 10, 20, 30, 40, 50}) xs[i] = NAN;
  for (auto method : {ChangePointMethod::edivisive, ChangePointMethod::pelt}) {
    DetectOptions o;
    o.method = method;
    const ChangePointResult r = detect_change_points(xs, o);
    SCOPED_TRACE(r.method);
    EXPECT_EQ(r.n, 94u);
    ASSERT_EQ(r.change_points.size(), 1u);
    EXPECT_EQ(r.change_points[0].index, 51u);
    ASSERT_FALSE(r.notes.empty());
    EXPECT_EQ(r.notes.back(), "6 missing points skipped; indices count them");
  }
}

TEST(DetectChangePoints, AllMissingIsNotEnoughPoints) {
  const std::vector<double> xs(20, NAN);
  const ChangePointResult r = detect_change_points(xs);
  EXPECT_FALSE(r.enough_points);
  EXPECT_TRUE(r.change_points.empty());
}

TEST(DetectChangePoints, MethodsByName) {
  EXPECT_EQ(parse_change_point_method("pelt"), ChangePointMethod::pelt);
  EXPECT_EQ(parse_change_point_method("edivisive"), ChangePointMethod::edivisive);
  EXPECT_FALSE(parse_change_point_method("binseg"));
}

}  // namespace
}  // namespace perfgate::stats
