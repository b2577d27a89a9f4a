// rope against the closed form: pair (2i, 2i+1) of every head rotated by
// pos * theta^(-2i / head_dim).

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <vector>

#include "llm/kernels.hpp"
#include "testing.hpp"

namespace llm {
namespace {

using test::kUnit;
using test::random_floats;

TEST(Rope, AtPositionZeroIsTheIdentity) {
  const auto x = random_floats(4 * 64, 9);
  std::vector<float> y = x;
  rope(y.data(), 4, 64, 0, 10000.0f);
  EXPECT_EQ(y, x);
}

TEST(Rope, RotatesEachPairByTheClosedFormAngle) {
  for (std::size_t head_dim : {2, 6, 64, 128})
    for (std::size_t pos : {1, 2, 17, 1000, 4095}) {
      const std::size_t heads = 3;
      const double theta = 10000.0;
      const auto x = random_floats(heads * head_dim, head_dim + pos);
      std::vector<float> y = x;
      rope(y.data(), heads, head_dim, pos, static_cast<float>(theta));
      for (std::size_t h = 0; h < heads; ++h)
        for (std::size_t i = 0; 2 * i < head_dim; ++i) {
          const double angle = pos * std::pow(theta, -2.0 * i / head_dim);
          const double x0 = x[h * head_dim + 2 * i], x1 = x[h * head_dim + 2 * i + 1];
          const double want0 = x0 * std::cos(angle) - x1 * std::sin(angle);
          const double want1 = x0 * std::sin(angle) + x1 * std::cos(angle);
          // cos and sin rounded to float (u each), two products (u each) and
          // one sum (u): at most 4 u (|x0| + |x1|), plus the angle's own
          // double rounding (negligible: ~1e-16 * pos).
          const double bound = 4 * kUnit * (std::fabs(x0) + std::fabs(x1));
          EXPECT_NEAR(y[h * head_dim + 2 * i], want0, bound)
              << "head_dim=" << head_dim << " pos=" << pos << " head " << h << " pair " << i;
          EXPECT_NEAR(y[h * head_dim + 2 * i + 1], want1, bound)
              << "head_dim=" << head_dim << " pos=" << pos << " head " << h << " pair " << i;
        }
    }
}

TEST(Rope, PreservesEachPairsLength) {
  const auto x = random_floats(2 * 32, 3);
  std::vector<float> y = x;
  rope(y.data(), 2, 32, 123, 500000.0f);
  for (std::size_t p = 0; p < x.size(); p += 2) {
    const double before = std::hypot(x[p], x[p + 1]), after = std::hypot(y[p], y[p + 1]);
    EXPECT_NEAR(after, before, 8 * kUnit * before) << "pair " << p / 2;
  }
}

}  // namespace
}  // namespace llm
