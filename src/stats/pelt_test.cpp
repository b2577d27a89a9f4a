#include "stats/pelt.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "stats/testing/samples.hpp"

namespace perfgate::stats {
namespace {

using testing::normal_sample;
using testing::steps;

TEST(Pelt, FindsStepsWithinTwoPointsOfWhereTheyAre) {
  for (std::uint64_t seed : {1, 2, 3, 4, 5}) {
    SCOPED_TRACE(seed);
    const auto xs = steps(seed * 10, {80, 120, 100}, {100, 105, 99.75}, 0.02);
    const ChangePointResult r = pelt(xs);
    ASSERT_EQ(r.change_points.size(), 2u);
    EXPECT_LE(std::abs(static_cast<int>(r.change_points[0].index) - 80), 2);
    EXPECT_LE(std::abs(static_cast<int>(r.change_points[1].index) - 200), 2);
    EXPECT_EQ(r.method, "pelt");
  }
}

TEST(Pelt, OutliersDoNotMakeChangePoints) {
  // A rank cost gives a 10x outlier the weight of the largest ordinary point.
  auto xs = normal_sample(77, 300, 100, 2);
  for (std::size_t i : {50, 51, 140, 220}) xs[i] *= 10;
  EXPECT_TRUE(pelt(xs).change_points.empty());
}

// PELT has no p threshold; its penalty (4 x BIC) is what keeps noise out.
// The same 3 % bound as E-Divisive's (measured: 0 of 200).
TEST(Pelt, PureNoiseRarelyGivesAChangePoint) {
  int with_false = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed)
    with_false += !pelt(normal_sample(5000 + seed, 200, 100, 3)).change_points.empty();
  EXPECT_LE(with_false, 6) << with_false << " of 200 noise series had a change point";
}

TEST(Pelt, AppendReanalysesAndEqualsTheFullAnalysis) {
  const auto xs = steps(3, {60, 60}, {10, 12}, 0.03);
  Pelt incremental;
  incremental.analyse(std::span<const double>(xs).first(100));
  for (std::size_t n = 101; n <= xs.size(); ++n) {
    const auto& got = incremental.append(xs[n - 1]);
    const auto want = pelt(std::span<const double>(xs).first(n));
    ASSERT_EQ(got.change_points.size(), want.change_points.size());
    for (std::size_t i = 0; i < got.change_points.size(); ++i)
      EXPECT_EQ(got.change_points[i].index, want.change_points[i].index);
  }
}

TEST(Pelt, BadInputIsSaidNotGuessed) {
  EXPECT_FALSE(pelt(std::vector<double>{}).enough_points);
  EXPECT_FALSE(pelt(std::vector<double>{1, 2, 3}).enough_points);
  const ChangePointResult constant = pelt(std::vector<double>(100, 3.0));
  EXPECT_TRUE(constant.change_points.empty());
  ASSERT_FALSE(constant.notes.empty());
  EXPECT_NE(constant.notes[0].find("constant"), std::string::npos);
  EXPECT_THROW(pelt(std::vector<double>{1, NAN, 3, 4, 5, 6, 7, 8, 9, 10, 11}),
               std::invalid_argument);
}

}  // namespace
}  // namespace perfgate::stats
