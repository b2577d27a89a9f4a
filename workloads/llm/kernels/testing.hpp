// Shared by the kernels' tests: running a test on each kernel path, seeded
// inputs, and the floating-point unit the tolerances are stated in.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "dispatch.hpp"
#include "llm/kernels.hpp"

namespace llm::test {

// The unit roundoff of float: |fl(x) - x| <= kUnit * |x| for every rounding.
inline constexpr double kUnit = 0x1.0p-24;

enum class Path { generic, avx2 };

inline void PrintTo(Path path, std::ostream* os) {
  *os << (path == Path::generic ? "generic" : "avx2_fma");
}

inline std::string path_name(const ::testing::TestParamInfo<Path>& info) {
  return info.param == Path::generic ? "generic" : "avx2_fma";
}

// A test run once per kernel path. The AVX2 run is skipped, saying why, when
// the CPU lacks AVX2/FMA or LLM_KERNELS=generic keeps the dispatcher off it.
class OnEachPath : public ::testing::TestWithParam<Path> {
 protected:
  void SetUp() override {
    if (GetParam() == Path::generic) {
      force_generic_kernels(true);
      ASSERT_STREQ(kernel_path(), "generic");
      return;
    }
    force_generic_kernels(false);
    if (!detail::cpu_has_avx2_fma()) GTEST_SKIP() << "this CPU lacks AVX2 or FMA";
    if (std::string(kernel_path()) != "avx2_fma")
      GTEST_SKIP() << "LLM_KERNELS=generic keeps the dispatcher on the generic path";
  }
  void TearDown() override { force_generic_kernels(false); }
};

#define LLM_ON_EACH_PATH(suite)                                                                    \
  INSTANTIATE_TEST_SUITE_P(Paths, suite,                                                           \
                           ::testing::Values(::llm::test::Path::generic, ::llm::test::Path::avx2), \
                           ::llm::test::path_name)

// n values uniform in [lo, hi), the same on every machine for a seed (the
// conversion from the engine's bits is done here, not by a std distribution).
inline std::vector<float> random_floats(std::size_t n, std::uint64_t seed, float lo = -1.0f,
                                        float hi = 1.0f) {
  std::mt19937_64 engine(seed);
  std::vector<float> out(n);
  for (auto& v : out) {
    const double unit = static_cast<double>(engine() >> 11) * 0x1.0p-53;
    v = static_cast<float>(lo + (hi - lo) * unit);
  }
  return out;
}

}  // namespace llm::test
