#include "stats/changepoint_score.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace perfgate::stats {
namespace {

// The worked examples of /work/shared/data/cpd/METRICS.md.
const std::vector<ChangePointList> annotators = {{10, 20}, {11, 20}, {10}, {0, 5}};

TEST(ChangePointScore, PerfectPredictionOfTheWorkedExample) {
  const ChangePointScore s = score_change_points(annotators, {10, 20}, 30);
  EXPECT_DOUBLE_EQ(s.precision, 1.0);
  EXPECT_DOUBLE_EQ(s.recall, 1.0);
  EXPECT_DOUBLE_EQ(s.f1, 1.0);
  EXPECT_NEAR(s.cover, 0.755, 5e-4);
}

TEST(ChangePointScore, OnePointOfTwoGivesTheWorkedRecall) {
  const ChangePointScore s = score_change_points(annotators, {10}, 30);
  EXPECT_DOUBLE_EQ(s.precision, 1.0);
  EXPECT_NEAR(s.recall, 0.8333, 5e-5);
  EXPECT_NEAR(s.f1, 0.9091, 5e-5);
}

TEST(ChangePointScore, ReportingNothingHasPrecisionOne) {
  const ChangePointScore s = score_change_points(annotators, {}, 30);
  EXPECT_DOUBLE_EQ(s.precision, 1.0);
  EXPECT_NEAR(s.recall, 0.4167, 5e-5);
  EXPECT_NEAR(s.f1, 0.5882, 5e-5);
}

TEST(ChangePointScore, EndsAndDuplicatesAreCleanedFromThePrediction) {
  // 0, 29 (= n - 1) and the second 10 are dropped: the same as predicting {10, 20}.
  const ChangePointScore s = score_change_points(annotators, {0, 10, 10, 20, 29}, 30);
  EXPECT_DOUBLE_EQ(s.f1, 1.0);
}

TEST(ChangePointScore, AMatchMustLieWithinTheMarginAndIsUsedOnce) {
  // One annotator at 10: a prediction at 16 is 6 away (no match), at 15 it matches.
  EXPECT_DOUBLE_EQ(score_change_points({{10}}, {16}, 100).recall, 0.5);
  EXPECT_DOUBLE_EQ(score_change_points({{10}}, {15}, 100).recall, 1.0);
  // Two true points 10 and 12, one prediction at 11: it matches only one of them.
  const ChangePointScore s = score_change_points({{10, 12}}, {11}, 100);
  EXPECT_NEAR(s.recall, 2.0 / 3, 1e-12);
  EXPECT_DOUBLE_EQ(s.precision, 1.0);
  // Precision: a second prediction near the same true point is a false one.
  EXPECT_NEAR(score_change_points({{10}}, {9, 11}, 100).precision, 2.0 / 3, 1e-12);
}

TEST(ChangePointScore, CoverOfIdenticalPartitionsIsOneAndOfOneSegmentIsTheLargestShare) {
  EXPECT_DOUBLE_EQ(partition_cover({10, 20}, {10, 20}, 30), 1.0);
  // a = [0,10) [10,30) covered by b = [0,30): (10 * 10/30 + 20 * 20/30) / 30.
  EXPECT_NEAR(partition_cover({10}, {}, 30), (10.0 * 10 / 30 + 20.0 * 20 / 30) / 30, 1e-12);
}

TEST(ChangePointScore, NoAnnotatorsOrAnEmptySeriesIsACallerError) {
  EXPECT_THROW(score_change_points({}, {1}, 10), std::invalid_argument);
  EXPECT_THROW(score_change_points({{1}}, {1}, 0), std::invalid_argument);
}

}  // namespace
}  // namespace perfgate::stats
