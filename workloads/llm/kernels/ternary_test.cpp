// Ternary quantisation: the packed format, the round trip, and ternary_gemv
// against the GEMV of the dequantised matrix.

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "llm/kernels.hpp"
#include "llm/parallel.hpp"
#include "testing.hpp"

namespace llm {
namespace {

using test::kUnit;
using test::random_floats;

TEST(TernaryQuantize, PacksTwoBitCodesLowBitsFirstWithTheMeanAbsoluteScale) {
  // One block of 4: mean |w| = (2 + 2 + 0 + 4) / 4 = 2; w / 2 = 1, -1, 0, 2 -> 1.
  const float w[4] = {2.0f, -2.0f, 0.0f, 4.0f};
  const TernaryMatrix m = ternary_quantize(w, 1, 4, 4);
  ASSERT_EQ(m.packed.size(), 1u);
  // codes +1 = 01, -1 = 10, 0 = 00, +1 = 01 from the low bits up: 01 00 10 01.
  EXPECT_EQ(m.packed[0], 0b01'00'10'01);
  ASSERT_EQ(m.scales.size(), 1u);
  EXPECT_EQ(m.scales[0], 2.0f);
  EXPECT_EQ(ternary_dequantize(m), (std::vector<float>{2.0f, -2.0f, 0.0f, 2.0f}));
}

TEST(TernaryQuantize, RoundsHalfwayAwayFromZeroAndSmallValuesToZero) {
  // mean |w| = (1 + 0.5 + 0.49 + 2.01) / 4 = 1: 1, -0.5, 0.49, -2.01 -> 1, -1, 0, -1.
  const float w[4] = {1.0f, -0.5f, 0.49f, -2.01f};
  const std::vector<float> back = ternary_dequantize(ternary_quantize(w, 1, 4, 4));
  EXPECT_EQ(back, (std::vector<float>{1.0f, -1.0f, 0.0f, -1.0f}));
}

TEST(TernaryQuantize, RoundTripsAMatrixThatIsAlreadyTernary) {
  // Every block is +-s_b (no zeros), so mean |w| = s_b exactly and the codes
  // reproduce every weight exactly.
  const std::size_t rows = 3, cols = 128, block = 64;
  const auto signs = random_floats(rows * cols, 4);
  std::vector<float> w(rows * cols);
  for (std::size_t i = 0; i < w.size(); ++i) {
    const float s = 0.25f * static_cast<float>(1 + i / block);  // exact in float
    w[i] = signs[i] < 0 ? -s : s;
  }
  EXPECT_EQ(ternary_dequantize(ternary_quantize(w.data(), rows, cols, block)), w);
}

TEST(TernaryQuantize, RequantisingTheDequantisedMatrixKeepsEveryCode) {
  const auto w = random_floats(5 * 192, 8);
  const TernaryMatrix m = ternary_quantize(w.data(), 5, 192, 64);
  const std::vector<float> back = ternary_dequantize(m);
  EXPECT_EQ(ternary_quantize(back.data(), 5, 192, 64).packed, m.packed);
}

TEST(TernaryQuantize, AnAllZeroBlockHasScaleZeroAndZeroCodes) {
  std::vector<float> w(8, 0.0f);
  w[5] = 3.0f;  // second block only
  const TernaryMatrix m = ternary_quantize(w.data(), 1, 8, 4);
  EXPECT_EQ(m.scales[0], 0.0f);
  EXPECT_EQ(m.packed[0], 0);
  EXPECT_EQ(ternary_dequantize(m)[5], 0.75f);
}

TEST(TernaryQuantize, RejectsABlockThatIsNotAMultipleOf4DividingCols) {
  std::vector<float> w(24);
  EXPECT_THROW(ternary_quantize(w.data(), 1, 24, 6), std::invalid_argument);   // 6 % 4
  EXPECT_THROW(ternary_quantize(w.data(), 1, 24, 16), std::invalid_argument);  // 24 % 16
  EXPECT_THROW(ternary_quantize(w.data(), 1, 24, 0), std::invalid_argument);
}

class TernaryGemv : public test::OnEachPath {};
LLM_ON_EACH_PATH(TernaryGemv);

TEST_P(TernaryGemv, EqualsTheGemvOfTheDequantisedMatrix) {
  struct Shape {
    std::size_t rows, cols, block;
  };
  // Blocks of 4 and 12 take the AVX2 kernel's 4-weight tail; 64 its main loop.
  for (Shape s : {Shape{1, 4, 4}, Shape{5, 36, 12}, Shape{7, 192, 64}, Shape{33, 256, 64},
                  Shape{3, 120, 8}, Shape{2, 48, 16}}) {
    const auto w = random_floats(s.rows * s.cols, s.cols + s.block);
    const auto x = random_floats(s.cols, s.rows);
    const TernaryMatrix m = ternary_quantize(w.data(), s.rows, s.cols, s.block);
    const std::vector<float> dq = ternary_dequantize(m);
    std::vector<float> y(s.rows);
    ternary_gemv(m, x.data(), y.data());
    for (std::size_t r = 0; r < s.rows; ++r) {
      double want = 0.0, magnitude = 0.0;
      for (std::size_t j = 0; j < s.cols; ++j) {
        want += static_cast<double>(dq[r * s.cols + j]) * x[j];
        magnitude += std::fabs(static_cast<double>(dq[r * s.cols + j]) * x[j]);
      }
      // A dot product of length cols with one more product per block (the
      // scale) and one more sum per block: (cols + 2) u sum |w x| bounds it.
      EXPECT_NEAR(y[r], want, (s.cols + 2) * kUnit * magnitude)
          << s.rows << "x" << s.cols << " block " << s.block << " row " << r;
    }
  }
}

TEST_P(TernaryGemv, GivesTheSameBitsWithOneOrThreeThreads) {
  const std::size_t rows = 301, cols = 512;
  const auto w = random_floats(rows * cols, 1), x = random_floats(cols, 2);
  const TernaryMatrix m = ternary_quantize(w.data(), rows, cols);
  std::vector<float> single(rows), three(rows);
  ternary_gemv(m, x.data(), single.data());
  ThreadPool pool(3);
  ternary_gemv(m, x.data(), three.data(), &pool);
  EXPECT_EQ(single, three);
}

}  // namespace
}  // namespace llm
