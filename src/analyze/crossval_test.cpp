// Cross-validation's comparison of two outputs, against NumPy (through the
// SciPy oracle's python3): max |c - r|, MSE, the worst index and allclose's
// verdict must agree with numpy's on the same arrays.
#include "analyze/crossval.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "model/error.hpp"
#include "stats/rng.hpp"
#include "stats/testing/scipy_oracle.hpp"
#include "support/expect_error.hpp"

namespace perfgate {
namespace {

using stats::testing::ask_oracle;
using stats::testing::json_array;

OutputComparison compare(const std::vector<double>& r, const std::vector<double>& c,
                         Tolerance t = {}) {
  return compare_outputs({"reference output", r}, {"candidate output", c}, t);
}

// The message of the input_error `f` throws (exit 2); fails the test if it throws none.
template <class F>
std::string error_of(F f) {
  return test_support::input_error_message(f);
}

// Reference values of mixed scale, and a candidate off by rounding-sized
// noise, with (when `spoil` >= 0) one element pushed just beyond the tolerance.
struct Case {
  std::vector<double> ref, cand;
};
Case make_case(std::uint64_t seed, int n, double noise, int spoil) {
  stats::Rng rng(seed);
  Case c;
  for (int i = 0; i < n; ++i) {
    const double r =
        (rng.uniform() - 0.5) * std::pow(10.0, static_cast<int>(rng.uniform() * 6) - 3);
    c.ref.push_back(r);
    c.cand.push_back(r + (rng.uniform() - 0.5) * noise * std::fabs(r));
  }
  if (spoil >= 0) c.cand[spoil] = c.ref[spoil] + 3e-6 + 2e-4 * std::fabs(c.ref[spoil]);
  return c;
}

TEST(Crossval, StatisticsAndVerdictAgreeWithNumpy) {
  const Tolerance t{1e-6, 1e-4};
  for (const auto& [seed, spoil] : {std::pair{1, -1}, std::pair{2, 17}, std::pair{3, 250}}) {
    const Case c = make_case(seed, 300, 1e-5, spoil);
    const OutputComparison got = compare(c.ref, c.cand, t);
    const auto want =
        ask_oracle(R"({"op": "allclose", "ref": )" + json_array(c.ref) + R"(, "cand": )" +
                   json_array(c.cand) + R"(, "atol": 1e-6, "rtol": 1e-4})");
    SCOPED_TRACE(seed);
    EXPECT_DOUBLE_EQ(got.max_abs_error, want.num("max_abs"));
    EXPECT_NEAR(got.mse, want.num("mse"), 1e-12 * want.num("mse"));
    EXPECT_EQ(got.worst_index, static_cast<std::size_t>(want.num("argmax_abs")));
    EXPECT_EQ(got.match(), want.num("allclose") != 0);
    if (spoil < 0) {
      EXPECT_TRUE(got.match());
      EXPECT_FALSE(got.first_mismatch);
    } else {
      ASSERT_TRUE(got.first_mismatch);
      EXPECT_EQ(*got.first_mismatch, static_cast<std::size_t>(want.num("first_fail")));
      EXPECT_EQ(*got.first_mismatch, static_cast<std::size_t>(spoil));
      EXPECT_EQ(got.first_mismatch_candidate, c.cand[spoil]);
      EXPECT_EQ(got.mismatches, 1u);
    }
  }
}

TEST(Crossval, ToleranceIsAtolPlusRtolTimesReference) {
  // 1e-6 + 1e-4 * 100 = 0.010001: just inside and just outside.
  EXPECT_TRUE(compare({100}, {100.0100}).match());
  EXPECT_FALSE(compare({100}, {100.0101}).match());
  // The reference sets the scale: a candidate of 0 against 1e-3 fails, the
  // relative error is 1 (not infinite).
  const OutputComparison z = compare({1e-3}, {0});
  EXPECT_FALSE(z.match());
  EXPECT_DOUBLE_EQ(z.max_rel_error, 1.0);
}

TEST(Crossval, IdenticalOutputsHaveZeroErrors) {
  const OutputComparison same = compare({1, -2, 3}, {1, -2, 3}, {0, 0});
  EXPECT_TRUE(same.match());
  EXPECT_EQ(same.max_abs_error, 0);
  EXPECT_EQ(same.mse, 0);
  EXPECT_EQ(same.elements, 3u);
}

TEST(Crossval, DifferentLengthsNameBothCounts) {
  const std::string msg = error_of([] { compare({1, 2, 3}, {1, 2}); });
  EXPECT_NE(msg.find("reference output has 3 elements, candidate output has 2"), std::string::npos)
      << msg;
}

TEST(Crossval, NanOrInfinityNamesTheSideAndIndex) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NE(error_of([&] {
              compare({1, 2, 3}, {1, nan, 3});
            }).find("candidate output: element 1 is NaN"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              compare({1, -INFINITY, 3}, {1, 2, 3});
            }).find("reference output: element 1 is -inf"),
            std::string::npos);
}

TEST(Crossval, EmptyOutputsOrBadTolerancesAreRefused) {
  EXPECT_NE(error_of([] { compare({}, {}); }).find("nothing to compare"), std::string::npos);
  EXPECT_NE(error_of([] { compare({1}, {1}, {-1, 0}); }).find("--atol"), std::string::npos);
}

TEST(Crossval, SpeedIsJudgedAsWallTimeOfCandidateAgainstReference) {
  std::vector<double> ref, cand;
  for (int i = 0; i < 10; ++i) {
    ref.push_back(10e6 + i * 1e4);
    cand.push_back(5e6 + i * 1e4);
  }
  const SpeedComparison s = compare_speed(ref, cand, CompareOptions{});
  ASSERT_TRUE(s.verdict.change);
  EXPECT_LT(s.verdict.change->ratio, 0.6);
  EXPECT_EQ(s.verdict.status, Status::improvement);
  EXPECT_EQ(s.verdict.base.n, 10);
  EXPECT_EQ(s.verdict.contender.n, 10);
}

}  // namespace
}  // namespace perfgate
