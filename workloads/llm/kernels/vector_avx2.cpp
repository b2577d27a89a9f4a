// AVX2/FMA versions of the vector kernels (see variants.hpp for the rules of
// *_avx2.cpp files). Tails shorter than 8 use masked loads, so every element
// goes through the same vector arithmetic.

#include <immintrin.h>

#include <cstddef>

#include "avx2_math.hpp"
#include "variants.hpp"

namespace llm::detail {

float dot_avx2(const float* a, const float* b, std::size_t n) {
  // Four accumulators cover the FMA latency (4 cycles, 2 per cycle would need
  // 8; 4 already reaches the load limit for a dot product).
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  __m256 acc2 = _mm256_setzero_ps(), acc3 = _mm256_setzero_ps();
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
    acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
    acc2 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 16), _mm256_loadu_ps(b + i + 16), acc2);
    acc3 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 24), _mm256_loadu_ps(b + i + 24), acc3);
  }
  for (; i + 8 <= n; i += 8)
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
  if (i < n) {
    const __m256i mask = tail_mask(n - i);
    acc1 = _mm256_fmadd_ps(_mm256_maskload_ps(a + i, mask), _mm256_maskload_ps(b + i, mask), acc1);
  }
  return hsum(_mm256_add_ps(_mm256_add_ps(acc0, acc1), _mm256_add_ps(acc2, acc3)));
}

void axpy_avx2(float alpha, const float* x, float* y, std::size_t n) {
  const __m256 a = _mm256_set1_ps(alpha);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8)
    _mm256_storeu_ps(y + i, _mm256_fmadd_ps(a, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i)));
  if (i < n) {
    const __m256i mask = tail_mask(n - i);
    const __m256 r =
        _mm256_fmadd_ps(a, _mm256_maskload_ps(x + i, mask), _mm256_maskload_ps(y + i, mask));
    _mm256_maskstore_ps(y + i, mask, r);
  }
}

void rmsnorm_avx2(float* out, const float* x, const float* weight, std::size_t n, float eps) {
  const float mean_square = dot_avx2(x, x, n) / static_cast<float>(n);
  const float root = _mm_cvtss_f32(_mm_sqrt_ss(_mm_set_ss(mean_square + eps)));
  const __m256 scale = _mm256_set1_ps(1.0f / root);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 v = _mm256_mul_ps(_mm256_loadu_ps(x + i), scale);
    _mm256_storeu_ps(out + i, _mm256_mul_ps(v, _mm256_loadu_ps(weight + i)));
  }
  if (i < n) {
    const __m256i mask = tail_mask(n - i);
    const __m256 v = _mm256_mul_ps(_mm256_maskload_ps(x + i, mask), scale);
    _mm256_maskstore_ps(out + i, mask, _mm256_mul_ps(v, _mm256_maskload_ps(weight + i, mask)));
  }
}

void softmax_avx2(float* x, std::size_t n) {
  const std::size_t full = n - n % 8;
  const __m256i mask = tail_mask(n - full);
  const __m256 neg_inf = _mm256_set1_ps(-__builtin_inff());

  __m256 vmax = neg_inf;
  for (std::size_t i = 0; i < full; i += 8) vmax = _mm256_max_ps(vmax, _mm256_loadu_ps(x + i));
  if (full < n)  // masked-off lanes read as -inf so they never win
    vmax = _mm256_max_ps(vmax, _mm256_blendv_ps(neg_inf, _mm256_maskload_ps(x + full, mask),
                                                _mm256_castsi256_ps(mask)));
  const __m256 max = _mm256_set1_ps(hmax(vmax));

  __m256 sum = _mm256_setzero_ps();
  for (std::size_t i = 0; i < full; i += 8) {
    const __m256 e = exp_nonpositive(_mm256_sub_ps(_mm256_loadu_ps(x + i), max));
    _mm256_storeu_ps(x + i, e);
    sum = _mm256_add_ps(sum, e);
  }
  if (full < n) {
    __m256 e = exp_nonpositive(_mm256_sub_ps(_mm256_maskload_ps(x + full, mask), max));
    e = _mm256_and_ps(e, _mm256_castsi256_ps(mask));
    _mm256_maskstore_ps(x + full, mask, e);
    sum = _mm256_add_ps(sum, e);
  }

  const __m256 inv_sum = _mm256_set1_ps(1.0f / hsum(sum));
  for (std::size_t i = 0; i < full; i += 8)
    _mm256_storeu_ps(x + i, _mm256_mul_ps(_mm256_loadu_ps(x + i), inv_sum));
  if (full < n)
    _mm256_maskstore_ps(x + full, mask, _mm256_mul_ps(_mm256_maskload_ps(x + full, mask), inv_sum));
}

}  // namespace llm::detail
