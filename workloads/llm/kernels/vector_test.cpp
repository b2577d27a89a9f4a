// dot, rmsnorm and softmax against double-precision references, on each path.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "llm/kernels.hpp"
#include "testing.hpp"

namespace llm {
namespace {

using test::kUnit;
using test::random_floats;

// Lengths around every vector width and unroll factor (8, 16, 32) and a long one.
const std::size_t kLengths[] = {1,  2,  3,  7,  8,   9,   15,  16,  17,   31,  32,
                                33, 63, 64, 65, 127, 129, 255, 256, 1000, 4099};

class Dot : public test::OnEachPath {};
LLM_ON_EACH_PATH(Dot);

TEST_P(Dot, MatchesTheDoubleSumWithinTheFloatSummationBound) {
  for (std::size_t n : kLengths) {
    const auto a = random_floats(n, 1 + n), b = random_floats(n, 1000 + n);
    double exact = 0.0, magnitude = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      exact += static_cast<double>(a[i]) * b[i];
      magnitude += std::fabs(static_cast<double>(a[i]) * b[i]);
    }
    // Any order of n float products and additions (lanes, FMA) errs by at most
    // gamma_n * sum|a_i b_i|, gamma_n = n u / (1 - n u) < (n + 1) u here.
    const double bound = (n + 1) * kUnit * magnitude;
    EXPECT_NEAR(dot(a.data(), b.data(), n), exact, bound) << "n=" << n;
  }
}

TEST_P(Dot, OfZeroLengthIsZero) {
  const float x = 3.0f;
  EXPECT_EQ(dot(&x, &x, 0), 0.0f);
}

class RmsNorm : public test::OnEachPath {};
LLM_ON_EACH_PATH(RmsNorm);

TEST_P(RmsNorm, MatchesTheDoubleFormulaInPlaceAndOutOfPlace) {
  const float eps = 1e-5f;
  for (std::size_t n : kLengths) {
    const auto x = random_floats(n, 7 + n, -3.0f, 3.0f);
    const auto w = random_floats(n, 77 + n, 0.5f, 1.5f);
    double mean_square = 0.0;
    for (float v : x) mean_square += static_cast<double>(v) * v;
    mean_square /= static_cast<double>(n);
    const double scale = 1.0 / std::sqrt(mean_square + eps);
    std::vector<float> out(n), in_place = x;
    rmsnorm(out.data(), x.data(), w.data(), n, eps);
    rmsnorm(in_place.data(), in_place.data(), w.data(), n, eps);
    for (std::size_t i = 0; i < n; ++i) {
      const double exact = x[i] * scale * w[i];
      // The sum of squares errs by < (n + 1) u relative, the mean, eps, sqrt
      // and reciprocal add 4 u, and the two products 2 u: (n + 7) u relative;
      // (n + 10) u leaves room for the second-order terms.
      const double bound = (n + 10) * kUnit * std::fabs(exact);
      EXPECT_NEAR(out[i], exact, bound) << "n=" << n << " i=" << i;
      EXPECT_EQ(in_place[i], out[i]) << "aliasing out and x changes nothing";
    }
  }
}

TEST_P(RmsNorm, OfAllZerosIsZeroNotNan) {
  std::vector<float> x(19, 0.0f), w(19, 1.0f), out(19, 1.0f);
  rmsnorm(out.data(), x.data(), w.data(), x.size(), 1e-5f);
  for (float v : out) EXPECT_EQ(v, 0.0f);
}

class Softmax : public test::OnEachPath {};
LLM_ON_EACH_PATH(Softmax);

// The float result may differ from the exact softmax of the same inputs by:
// x_i - max rounds (relative error u |x_i - max| in e_i), e^d itself (< 2 u:
// the AVX2 polynomial measures 1.3 u at worst, libm < 1 u), the sum of n terms ((n - 1) u plus the
// terms' own errors), and the final scaling (2 u). Elements below
// e^-87 ~ 1.6e-38 of the largest may come out as 0 (the 1e-37 absolute slack).
void expect_softmax_of(const std::vector<float>& input, const char* what) {
  const std::size_t n = input.size();
  const double max = *std::max_element(input.begin(), input.end());
  std::vector<double> e(n);
  double sum = 0.0, sum_error = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double d = input[i] - max;
    e[i] = std::exp(d);
    sum += e[i];
    sum_error += e[i] * (std::fabs(d) + 2) * kUnit;
  }
  const double sum_relative = sum_error / sum + n * kUnit;
  std::vector<float> got = input;
  softmax(got.data(), n);
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double exact = e[i] / sum;
    const double d = input[i] - max;
    const double bound = ((std::fabs(d) + 2) * kUnit + sum_relative + 2 * kUnit) * exact + 1e-37;
    EXPECT_NEAR(got[i], exact, bound) << what << " n=" << n << " i=" << i;
    total += got[i];
  }
  EXPECT_NEAR(total, 1.0, 2 * n * kUnit + sum_relative) << what << " n=" << n;
}

TEST_P(Softmax, MatchesTheDoubleSoftmaxAtEveryLength) {
  for (std::size_t n : kLengths)
    expect_softmax_of(random_floats(n, 31 + n, -8.0f, 8.0f), "uniform");
}

TEST_P(Softmax, IsStableForLargeLogits) {
  std::vector<float> x = {1000.0f, 1001.0f};
  softmax(x.data(), x.size());
  const double e = std::exp(1.0);
  EXPECT_NEAR(x[0], 1.0 / (1.0 + e), 1e-6);
  EXPECT_NEAR(x[1], e / (1.0 + e), 1e-6);
  expect_softmax_of({1000.0f, 1001.0f, -1000.0f, 999.5f, 1001.0f, 0.0f, 990.0f, 1000.25f, 1001.0f},
                    "large");
}

TEST_P(Softmax, SpansTheWholeExponentRangeAndMinusInfinity) {
  // Differences from the maximum of 0 down to -120: the smallest underflow.
  std::vector<float> x;
  for (int i = 0; i <= 120; ++i) x.push_back(-static_cast<float>(i));
  expect_softmax_of(x, "range");
  std::vector<float> masked = {1.0f, -std::numeric_limits<float>::infinity(), 2.0f};
  softmax(masked.data(), masked.size());
  EXPECT_EQ(masked[1], 0.0f) << "a masked (-inf) logit gets probability 0";
  EXPECT_NEAR(masked[0] + masked[2], 1.0, 4 * kUnit);
}

TEST_P(Softmax, ExponentialIsAccurateAcrossTheWholeRange) {
  // softmax({0, d}) = {1, e^d} / (1 + e^d): the ratio isolates e^d (d - 0 is
  // exact), up to the exponential's error (< 2 u) and the two scalings and the
  // division of the ratio (3 u).
  for (double d = -86.0; d <= 0.0; d += 0.0173) {
    float x[2] = {0.0f, static_cast<float>(d)};
    const double exact = std::exp(static_cast<double>(x[1]));
    softmax(x, 2);
    EXPECT_NEAR(static_cast<double>(x[1]) / x[0], exact, 5 * kUnit * exact) << "d=" << d;
    if (HasFailure()) return;
  }
}

TEST_P(Softmax, OfOneElementIsExactlyOne) {
  float x = -42.5f;
  softmax(&x, 1);
  EXPECT_EQ(x, 1.0f);
}

}  // namespace
}  // namespace llm
