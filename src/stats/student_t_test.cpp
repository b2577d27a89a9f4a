#include "stats/student_t.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace perfgate::stats {
namespace {

struct Case {
  const char* name;
  std::vector<double> x, y;
  double t, p;  // scipy
};

// Expected values from SciPy 1.10 (Debian bookworm), perfgate's y first since
// its t is positive when y is larger:
//   /usr/bin/python3 -c "from scipy import stats; print(stats.ttest_ind(y, x))"
// with x and y as below ("d" repeats its lists: x * 4, y * 3).
TEST(StudentT, MatchesScipyTtestIndWithEqualVariances) {
  std::vector<double> dx, dy;
  for (int i = 0; i < 4; ++i) dx.insert(dx.end(), {100, 101, 99, 100.5, 99.5});
  for (int i = 0; i < 3; ++i) dy.insert(dy.end(), {100.2, 100.9, 99.1, 100.4, 99.8});
  const std::vector<Case> cases = {
      {"a: small integers",
       {1, 2, 3, 4, 5},
       {3, 4, 5, 6, 7, 8},
       2.361887464866651,
       0.042469819619446424},
      {"b: 8 vs 4 around 10",
       {10.1, 9.8, 10.3, 10.0, 9.9, 10.2, 10.1, 9.7},
       {10.6, 10.4, 10.9, 10.5},
       4.633297327012952,
       0.0009314739725810674},
      {"d: 20 vs 15, no change", dx, dy, 0.3419258858827229, 0.7345746996493596},
      {"e: 4 vs 20, far apart",
       {0, 0, 0, 1},
       {5, 5, 6, 5, 4, 5, 5, 6, 5, 5, 4, 5, 6, 5, 5, 5, 5, 5, 4, 5},
       15.656419028313067,
       2.0685475513483055e-13},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const StudentT r = student_t_test(c.x, c.y);
    EXPECT_NEAR(r.t, c.t, 1e-9 * std::fabs(c.t));
    EXPECT_NEAR(r.p_value, c.p, 1e-7 * c.p);
    EXPECT_DOUBLE_EQ(r.df, static_cast<double>(c.x.size() + c.y.size() - 2));
  }
}

TEST(StudentT, SignFollowsTheSecondSample) {
  const std::vector<double> x = {1, 2, 3, 4}, y = {3, 4, 5, 6};
  EXPECT_GT(student_t_test(x, y).t, 0);
  EXPECT_LT(student_t_test(y, x).t, 0);
}

TEST(StudentT, NoSpreadGivesNanForEqualMeansAndZeroForDifferentOnes) {
  const std::vector<double> a = {5, 5, 5}, b = {5, 5}, c = {6, 6};
  EXPECT_TRUE(std::isnan(student_t_test(a, b).p_value));
  EXPECT_EQ(student_t_test(a, c).p_value, 0);
  EXPECT_EQ(student_t_test(a, c).t, std::numeric_limits<double>::infinity());
}

TEST(StudentT, FewerThanTwoValuesOrNanIsRejected) {
  const std::vector<double> one = {1}, two = {1, 2}, with_nan = {1, std::nan("")};
  EXPECT_THROW(student_t_test(one, two), std::invalid_argument);
  EXPECT_THROW(student_t_test(two, one), std::invalid_argument);
  EXPECT_THROW(student_t_test(two, with_nan), std::invalid_argument);
}

}  // namespace
}  // namespace perfgate::stats
