#include "stats/effect_size.hpp"

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

TEST(CliffsDelta, MatchesTheMeanSignOfAllPairwiseDifferences) {
  const std::vector<std::pair<std::vector<double>, std::vector<double>>> cases = {
      {uniform_sample(1, 9, 0), uniform_sample(2, 11, 0.2)},
      {uniform_sample(3, 30, 0.1), uniform_sample(4, 17, 0)},
      {integer_sample(5, 25, 5, 0), integer_sample(6, 40, 5, 0)},  // many ties
      {integer_sample(7, 12, 2, 0), integer_sample(8, 12, 2, 1)},  // partly overlapping
  };
  std::string request = "[";
  for (std::size_t i = 0; i < cases.size(); ++i)
    request += std::string(i ? "," : "") + R"({"op":"cliffs_delta","x":)" +
               json_array(cases[i].first) + R"(,"y":)" + json_array(cases[i].second) + "}";
  const auto answers = ask_oracle(request + "]");
  for (std::size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE("case " + std::to_string(i));
    EXPECT_NEAR(cliffs_delta(cases[i].first, cases[i].second), answers[i].num("delta"), 1e-12);
  }
}

TEST(CliffsDelta, IsOneWhenEveryYIsAboveEveryXAndMinusOneTheOtherWay) {
  const std::vector<double> x = {1, 2, 3}, y = {4, 5};
  EXPECT_EQ(cliffs_delta(x, y), 1);
  EXPECT_EQ(cliffs_delta(y, x), -1);
}

TEST(CliffsDelta, CountsTiesAsNeither) {
  // Pairs (y - x): 1-1=0, 1-2<0, 3-1>0, 3-2>0: (2 - 1) / 4.
  const std::vector<double> x = {1, 2}, y = {1, 3};
  EXPECT_DOUBLE_EQ(cliffs_delta(x, y), 0.25);
  const std::vector<double> same = {4, 4, 4};
  EXPECT_EQ(cliffs_delta(same, same), 0);
}

TEST(CliffsDelta, EmptyGivesZeroAndNanIsRejected) {
  const std::vector<double> none, some = {1, 2}, with_nan = {std::nan("")};
  EXPECT_EQ(cliffs_delta(none, some), 0);
  EXPECT_EQ(cliffs_delta(some, none), 0);
  EXPECT_THROW(cliffs_delta(with_nan, some), std::invalid_argument);
  EXPECT_THROW(cliffs_delta(some, with_nan), std::invalid_argument);
}

}  // namespace
}  // namespace perfgate::stats
