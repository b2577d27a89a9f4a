// The AVX2/FMA GEMM micro-kernel: a 6 x 16 tile of C in 12 ymm accumulators,
// fed per step of k by two 8-wide loads of the B panel and six broadcasts from
// the A panel (15 of the 16 ymm registers). See variants.hpp for the rules of
// *_avx2.cpp files and dispatch.hpp for the contract.

#include <immintrin.h>

#include <cstddef>

#include "variants.hpp"

namespace llm::detail {

namespace {

inline void store_row(float* c, __m256 lo, __m256 hi, bool accumulate) {
  if (accumulate) {
    lo = _mm256_add_ps(_mm256_loadu_ps(c), lo);
    hi = _mm256_add_ps(_mm256_loadu_ps(c + 8), hi);
  }
  _mm256_storeu_ps(c, lo);
  _mm256_storeu_ps(c + 8, hi);
}

}  // namespace

void gemm_micro_avx2(std::size_t kc, const float* a_panel, const float* b_panel, float* c,
                     std::size_t ldc, bool accumulate) {
  static_assert(kGemmAvx2Mr == 6 && kGemmAvx2Nr == 16, "the register tile below is 6 x 16");
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
  __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
  __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  const float* a = a_panel;
  const float* b = b_panel;
  for (std::size_t p = 0; p < kc; ++p, a += 6, b += 16) {
    const __m256 b0 = _mm256_loadu_ps(b);
    const __m256 b1 = _mm256_loadu_ps(b + 8);
    __m256 ai = _mm256_broadcast_ss(a + 0);
    c00 = _mm256_fmadd_ps(ai, b0, c00);
    c01 = _mm256_fmadd_ps(ai, b1, c01);
    ai = _mm256_broadcast_ss(a + 1);
    c10 = _mm256_fmadd_ps(ai, b0, c10);
    c11 = _mm256_fmadd_ps(ai, b1, c11);
    ai = _mm256_broadcast_ss(a + 2);
    c20 = _mm256_fmadd_ps(ai, b0, c20);
    c21 = _mm256_fmadd_ps(ai, b1, c21);
    ai = _mm256_broadcast_ss(a + 3);
    c30 = _mm256_fmadd_ps(ai, b0, c30);
    c31 = _mm256_fmadd_ps(ai, b1, c31);
    ai = _mm256_broadcast_ss(a + 4);
    c40 = _mm256_fmadd_ps(ai, b0, c40);
    c41 = _mm256_fmadd_ps(ai, b1, c41);
    ai = _mm256_broadcast_ss(a + 5);
    c50 = _mm256_fmadd_ps(ai, b0, c50);
    c51 = _mm256_fmadd_ps(ai, b1, c51);
  }
  store_row(c + 0 * ldc, c00, c01, accumulate);
  store_row(c + 1 * ldc, c10, c11, accumulate);
  store_row(c + 2 * ldc, c20, c21, accumulate);
  store_row(c + 3 * ldc, c30, c31, accumulate);
  store_row(c + 4 * ldc, c40, c41, accumulate);
  store_row(c + 5 * ldc, c50, c51, accumulate);
}

}  // namespace llm::detail
