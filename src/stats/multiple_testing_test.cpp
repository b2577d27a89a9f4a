#include "stats/multiple_testing.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "stats/testing/samples.hpp"
#include "stats/testing/scipy_oracle.hpp"

namespace perfgate::stats {
namespace {

using testing::ask_oracle;

// JSON has no NaN; the oracle reads null as NaN.
std::string json_p_values(const std::vector<double>& p) {
  std::string out = "[";
  char buf[32];
  for (std::size_t i = 0; i < p.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%.17g", p[i]);
    out += (i ? "," : "");
    out += std::isnan(p[i]) ? "null" : buf;
  }
  return out + "]";
}

void expect_equal_vectors(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-12) << "at " << i;
}

TEST(MultipleTesting, MatchesTheTextbookProceduresWrittenInNumpy) {
  std::vector<std::vector<double>> families = {
      {0.01, 0.04, 0.03, 0.005, 0.2},
      {0.04, 0.01, 0.04, 0.04, 0.5, 0.01},             // ties
      {0.3, std::nan(""), 0.001, 0.02, std::nan("")},  // undefined tests
      {1e-10, 0.9, 0.5, 0.049, 0.051, 0.0, 1.0},
      testing::uniform_sample(1, 200, 0, 0.1),  // a suite of 200 benchmarks
  };
  std::string request = "[";
  for (std::size_t i = 0; i < families.size(); ++i)
    request +=
        std::string(i ? "," : "") + R"({"op":"adjust","p":)" + json_p_values(families[i]) + "}";
  const auto answers = ask_oracle(request + "]");
  for (std::size_t i = 0; i < families.size(); ++i) {
    SCOPED_TRACE("family " + std::to_string(i));
    expect_equal_vectors(benjamini_hochberg(families[i]), answers[i]["bh"].numbers());
    expect_equal_vectors(holm(families[i]), answers[i]["holm"].numbers());
  }
}

TEST(MultipleTesting, BenjaminiHochbergWorkedExample) {
  // Sorted 0.005, 0.01, 0.03, 0.04, 0.2 with m = 5: p m / rank =
  // 0.025, 0.025, 0.05, 0.05, 0.2; already monotone.
  const std::vector<double> p = {0.01, 0.04, 0.03, 0.005, 0.2};
  expect_equal_vectors(benjamini_hochberg(p), {0.025, 0.05, 0.05, 0.025, 0.2});
}

TEST(MultipleTesting, HolmWorkedExample) {
  // Sorted 0.005, 0.01, 0.03, 0.04, 0.2 times 5, 4, 3, 2, 1: 0.025, 0.04,
  // 0.09, 0.08 -> 0.09 (monotone), 0.2.
  const std::vector<double> p = {0.01, 0.04, 0.03, 0.005, 0.2};
  expect_equal_vectors(holm(p), {0.04, 0.09, 0.09, 0.025, 0.2});
}

TEST(MultipleTesting, AdjustedValuesAreCappedAtOneAndNeverBelowTheRawP) {
  const std::vector<double> p = {0.6, 0.7, 0.01, 0.5};
  for (const auto& adjusted : {benjamini_hochberg(p), holm(p)})
    for (std::size_t i = 0; i < p.size(); ++i) {
      EXPECT_LE(adjusted[i], 1);
      EXPECT_GE(adjusted[i], p[i]);
    }
  EXPECT_EQ(holm(p)[0], 1);  // 0.5 * 3 capped, then carried up to 0.6 and 0.7
}

TEST(MultipleTesting, TiedPValuesGetTheSameAdjustedValue) {
  const std::vector<double> p = {0.02, 0.02, 0.02, 0.9};
  const auto bh = benjamini_hochberg(p), h = holm(p);
  EXPECT_EQ(bh[0], bh[1]);
  EXPECT_EQ(bh[1], bh[2]);
  EXPECT_EQ(h[0], h[1]);
  EXPECT_EQ(h[1], h[2]);
  EXPECT_DOUBLE_EQ(bh[0], 0.02 * 4 / 3);
  EXPECT_DOUBLE_EQ(h[0], 0.02 * 4);
}

TEST(MultipleTesting, NanCountsAsOne) {
  const std::vector<double> p = {std::nan(""), 0.01};
  EXPECT_EQ(benjamini_hochberg(p), (std::vector<double>{1, 0.02}));
  EXPECT_EQ(holm(p), (std::vector<double>{1, 0.02}));
}

TEST(MultipleTesting, ASingleTestIsUnchangedAndNoTestsGiveNothing) {
  const std::vector<double> one = {0.03}, none;
  EXPECT_EQ(benjamini_hochberg(one), one);
  EXPECT_EQ(holm(one), one);
  EXPECT_TRUE(benjamini_hochberg(none).empty());
  EXPECT_TRUE(holm(none).empty());
}

TEST(MultipleTesting, ValuesThatAreNotProbabilitiesAreRejected) {
  const std::vector<double> negative = {0.1, -0.01}, above_one = {1.5};
  EXPECT_THROW(benjamini_hochberg(negative), std::invalid_argument);
  EXPECT_THROW(holm(negative), std::invalid_argument);
  EXPECT_THROW(benjamini_hochberg(above_one), std::invalid_argument);
  EXPECT_THROW(holm(above_one), std::invalid_argument);
}

}  // namespace
}  // namespace perfgate::stats
