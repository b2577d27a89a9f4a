#include "stats/hodges_lehmann.hpp"

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

TEST(HodgesLehmann, IsTheMedianOfPairwiseDifferencesAsNumpyComputesIt) {
  const std::vector<std::pair<std::vector<double>, std::vector<double>>> cases = {
      {uniform_sample(1, 7, 0), uniform_sample(2, 9, 0.3)},        // 63 pairs: odd
      {uniform_sample(3, 10, 0), uniform_sample(4, 12, -0.2)},     // 120 pairs: even
      {integer_sample(5, 15, 4, 0), integer_sample(6, 20, 4, 1)},  // many tied differences
      {logs(timing_sample(7, 30, 1e6, 0.03)), logs(timing_sample(8, 30, 1.05e6, 0.03))},
      {uniform_sample(9, 400, 0), uniform_sample(10, 500, 0.01)},  // 200k pairs
  };
  std::string request = "[";
  for (std::size_t i = 0; i < cases.size(); ++i)
    request += std::string(i ? "," : "") + R"({"op":"hodges_lehmann","x":)" +
               json_array(cases[i].first) + R"(,"y":)" + json_array(cases[i].second) + "}";
  const auto answers = ask_oracle(request + "]");
  for (std::size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE("case " + std::to_string(i));
    const double want = answers[i].num("shift");
    EXPECT_NEAR(hodges_lehmann_shift(cases[i].first, cases[i].second), want,
                1e-12 * std::max(1.0, std::fabs(want)));
  }
}

TEST(HodgesLehmann, RecoversAnExactShift) {
  const std::vector<double> x = {1, 4, 9, 16, 25};
  std::vector<double> y = x;
  for (double& v : y) v += 2.5;
  EXPECT_DOUBLE_EQ(hodges_lehmann_shift(x, y), 2.5);
  EXPECT_DOUBLE_EQ(hodges_lehmann_shift(y, x), -2.5);
}

TEST(HodgesLehmann, IgnoresASingleWildValue) {
  // The mean difference would move by 1000 / 5; the median of differences barely does.
  const std::vector<double> x = {10, 11, 12, 13, 14}, y = {11, 12, 13, 14, 1015};
  EXPECT_DOUBLE_EQ(hodges_lehmann_shift(x, y), 1);
}

TEST(HodgesLehmann, SingleValuesGiveTheirDifference) {
  const std::vector<double> x = {3}, y = {7.5};
  EXPECT_EQ(hodges_lehmann_shift(x, y), 4.5);
}

TEST(HodgesLehmann, AllTiedGivesZero) {
  const std::vector<double> x = {2, 2, 2}, y = {2, 2};
  EXPECT_EQ(hodges_lehmann_shift(x, y), 0);
}

TEST(HodgesLehmann, EmptyOrNanIsRejected) {
  const std::vector<double> none, some = {1, 2}, with_nan = {1, std::nan("")};
  EXPECT_THROW(hodges_lehmann_shift(none, some), std::invalid_argument);
  EXPECT_THROW(hodges_lehmann_shift(some, none), std::invalid_argument);
  EXPECT_THROW(hodges_lehmann_shift(with_nan, some), std::invalid_argument);
  EXPECT_THROW(hodges_lehmann_shift(some, with_nan), std::invalid_argument);
}

}  // namespace
}  // namespace perfgate::stats
