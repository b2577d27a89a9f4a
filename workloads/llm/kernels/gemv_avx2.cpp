// AVX2/FMA matrix-vector product (see variants.hpp for the rules of *_avx2.cpp
// files). Rows go four at a time so each load of x serves four rows; a lone
// row goes through the same per-row arithmetic, so a row's result never
// depends on its neighbours (thread splits give the same bits).

#include <immintrin.h>

#include <cstddef>

#include "avx2_math.hpp"
#include "variants.hpp"

namespace llm::detail {

namespace {

// One row's accumulation over columns [j, k) after the 16-wide main loop, and
// its final reduction; shared by both row kernels so their bits agree.
inline float finish_row(__m256 acc0, __m256 acc1, const float* w, const float* x, std::size_t j,
                        std::size_t k) {
  if (j + 8 <= k) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(w + j), _mm256_loadu_ps(x + j), acc0);
    j += 8;
  }
  if (j < k) {
    const __m256i mask = tail_mask(k - j);
    acc1 = _mm256_fmadd_ps(_mm256_maskload_ps(w + j, mask), _mm256_maskload_ps(x + j, mask), acc1);
  }
  return hsum(_mm256_add_ps(acc0, acc1));
}

inline float one_row(const float* w, const float* x, std::size_t k) {
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  std::size_t j = 0;
  for (; j + 16 <= k; j += 16) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(w + j), _mm256_loadu_ps(x + j), acc0);
    acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(w + j + 8), _mm256_loadu_ps(x + j + 8), acc1);
  }
  return finish_row(acc0, acc1, w, x, j, k);
}

inline void four_rows(const float* w, const float* x, float* y, std::size_t k) {
  const float* w0 = w;
  const float* w1 = w + k;
  const float* w2 = w + 2 * k;
  const float* w3 = w + 3 * k;
  __m256 a00 = _mm256_setzero_ps(), a01 = _mm256_setzero_ps();
  __m256 a10 = _mm256_setzero_ps(), a11 = _mm256_setzero_ps();
  __m256 a20 = _mm256_setzero_ps(), a21 = _mm256_setzero_ps();
  __m256 a30 = _mm256_setzero_ps(), a31 = _mm256_setzero_ps();
  std::size_t j = 0;
  for (; j + 16 <= k; j += 16) {
    const __m256 x0 = _mm256_loadu_ps(x + j), x1 = _mm256_loadu_ps(x + j + 8);
    a00 = _mm256_fmadd_ps(_mm256_loadu_ps(w0 + j), x0, a00);
    a01 = _mm256_fmadd_ps(_mm256_loadu_ps(w0 + j + 8), x1, a01);
    a10 = _mm256_fmadd_ps(_mm256_loadu_ps(w1 + j), x0, a10);
    a11 = _mm256_fmadd_ps(_mm256_loadu_ps(w1 + j + 8), x1, a11);
    a20 = _mm256_fmadd_ps(_mm256_loadu_ps(w2 + j), x0, a20);
    a21 = _mm256_fmadd_ps(_mm256_loadu_ps(w2 + j + 8), x1, a21);
    a30 = _mm256_fmadd_ps(_mm256_loadu_ps(w3 + j), x0, a30);
    a31 = _mm256_fmadd_ps(_mm256_loadu_ps(w3 + j + 8), x1, a31);
  }
  y[0] = finish_row(a00, a01, w0, x, j, k);
  y[1] = finish_row(a10, a11, w1, x, j, k);
  y[2] = finish_row(a20, a21, w2, x, j, k);
  y[3] = finish_row(a30, a31, w3, x, j, k);
}

}  // namespace

void gemv_rows_avx2(const float* w, const float* x, float* y, std::size_t rows, std::size_t k) {
  std::size_t r = 0;
  for (; r + 4 <= rows; r += 4) four_rows(w + r * k, x, y + r, k);
  for (; r < rows; ++r) y[r] = one_row(w + r * k, x, k);
}

}  // namespace llm::detail
