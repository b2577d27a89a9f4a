#include "stats/summary.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

#include "stats/rng.hpp"
#include "stats/testing/scipy_oracle.hpp"

namespace perfgate::stats {
namespace {

using testing::ask_oracle;
using testing::json_array;

// Skewed, timing-like values (lognormal), reproducible from the seed.
std::vector<double> lognormal_sample(std::uint64_t seed, int n) {
  Rng rng(seed);
  std::vector<double> xs;
  for (int i = 0; i < n; ++i) {
    const double u1 = 1 - rng.uniform(), u2 = rng.uniform();  // Box-Muller, u1 in (0, 1]
    xs.push_back(
        1e6 * std::exp(0.3 * std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2)));
  }
  return xs;
}

TEST(Summary, MedianIsTheMiddleValueOrTheMeanOfTheTwoMiddleValues) {
  const std::vector<double> odd = {9, 1, 5};
  const std::vector<double> even = {4, 10, 1, 6};
  EXPECT_EQ(median(odd), 5);
  EXPECT_EQ(median(even), 5);
  const std::vector<double> one = {7};
  EXPECT_EQ(median(one), 7);
}

TEST(Summary, QuantileInterpolatesLinearlyBetweenOrderStatistics) {
  const std::vector<double> xs = {40, 10, 30, 20};  // sorted: 10 20 30 40, index (n-1) q
  EXPECT_DOUBLE_EQ(quantile(xs, 0), 10);
  EXPECT_DOUBLE_EQ(quantile(xs, 0.25), 17.5);  // index 0.75
  EXPECT_DOUBLE_EQ(quantile(xs, 0.9), 37);     // index 2.7
  EXPECT_DOUBLE_EQ(quantile(xs, 1), 40);
}

TEST(Summary, QuantileMedianMeanAndStddevMatchNumpyForOddAndEvenSizes) {
  const std::vector<double> qs = {0, 0.01, 0.025, 0.1, 0.25, 0.5, 0.6, 0.75, 0.9, 0.975, 0.99, 1};
  const std::vector<int> sizes = {1, 2, 3, 6, 7, 30, 31, 100, 101};
  std::string request = "[";
  std::vector<std::vector<double>> samples;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    samples.push_back(lognormal_sample(100 + i, sizes[i]));
    const std::string x = json_array(samples.back());
    request += std::string(i ? "," : "") + R"({"op":"quantile","q":)" + json_array(qs) +
               R"(,"x":)" + x + R"(},{"op":"summary","x":)" + x + "}";
  }
  const auto answers = ask_oracle(request + "]");

  for (std::size_t i = 0; i < samples.size(); ++i) {
    SCOPED_TRACE("n = " + std::to_string(sizes[i]));
    const auto& xs = samples[i];
    const auto expected = answers[2 * i]["values"].numbers();
    for (std::size_t k = 0; k < qs.size(); ++k)
      EXPECT_NEAR(quantile(xs, qs[k]), expected[k], 1e-12 * expected[k]) << "q = " << qs[k];
    const auto& summary = answers[2 * i + 1];
    EXPECT_NEAR(median(xs), summary.num("median"), 1e-12 * summary.num("median"));
    EXPECT_NEAR(mean(xs), summary.num("mean"), 1e-12 * summary.num("mean"));
    EXPECT_NEAR(stddev(xs), summary.num("stddev"), 1e-9 * summary.num("mean"));
  }
}

TEST(Summary, QuantileInPlaceGivesTheSameValueAndKeepsTheValues) {
  const auto xs = lognormal_sample(7, 25);
  for (double q : {0.0, 0.3, 0.5, 0.975, 1.0}) {
    std::vector<double> scratch = xs;
    EXPECT_EQ(quantile_in_place(scratch, q), quantile(xs, q));
    std::sort(scratch.begin(), scratch.end());
    std::vector<double> sorted = xs;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(scratch, sorted);
  }
}

TEST(Summary, StddevUsesNMinusOneAndIsZeroForOneValue) {
  const std::vector<double> xs = {2, 4, 4, 4, 5, 5, 7, 9};  // squared deviations sum to 32
  EXPECT_DOUBLE_EQ(stddev(xs), std::sqrt(32.0 / 7));
  const std::vector<double> one = {3};
  EXPECT_EQ(stddev(one), 0);
}

TEST(Summary, StddevStaysAccurateForLargeValuesWithSmallSpread) {
  // Nanosecond timings around 1e9 with a spread of 1: the naive sum-of-squares
  // formula loses every significant digit here.
  const std::vector<double> xs = {1e9 + 1, 1e9 + 2, 1e9 + 3};
  EXPECT_NEAR(stddev(xs), 1.0, 1e-9);
}

TEST(Summary, EmptyInputIsRejected) {
  const std::vector<double> none;
  std::vector<double> scratch;
  EXPECT_THROW(median(none), std::invalid_argument);
  EXPECT_THROW(quantile(none, 0.5), std::invalid_argument);
  EXPECT_THROW(quantile_in_place(scratch, 0.5), std::invalid_argument);
  EXPECT_THROW(mean(none), std::invalid_argument);
  EXPECT_THROW(stddev(none), std::invalid_argument);
}

TEST(Summary, QuantileOutsideTheUnitIntervalOrOfNanIsRejected) {
  const std::vector<double> xs = {1, 2, 3};
  EXPECT_THROW(quantile(xs, -0.01), std::invalid_argument);
  EXPECT_THROW(quantile(xs, 1.01), std::invalid_argument);
  EXPECT_THROW(quantile(xs, std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
  const std::vector<double> with_nan = {1, std::numeric_limits<double>::quiet_NaN(), 3};
  EXPECT_THROW(median(with_nan), std::invalid_argument);
}

}  // namespace
}  // namespace perfgate::stats
