// Internal to the *_avx2.cpp files (compiled with -mavx2 -mfma): small vector
// helpers. Everything is in an anonymous namespace so each AVX2 file has its own
// copy and none can be merged with code that runs on CPUs without AVX2.
#pragma once

#include <immintrin.h>

#include <cstddef>

namespace {

// Sum of the 8 lanes, in a fixed order.
inline float hsum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

inline float hmax(__m256 v) {
  __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_max_ps(s, _mm_movehl_ps(s, s));
  s = _mm_max_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

// Lanes [0, count) set, count in [0, 8]: for maskload/maskstore of a tail.
inline __m256i tail_mask(std::size_t count) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(count)),
                            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

// e^x for x <= 0 (softmax's inputs after subtracting the maximum), relative
// error below 2 units of 2^-24 (1.3 measured over [-87, 0]). x < -87 (where e^x is below 1.7e-38,
// near FLT_MIN) gives 0, as does -inf; NaN stays NaN.
//
// e^x = 2^n * e^r with n = round(x / ln 2) and |r| <= ln2 / 2; ln 2 is split in
// a part with few significant bits (so n * ln2_hi is exact) and the rest.
// e^r is its Taylor polynomial of degree 7: the truncation error is below
// r^8 / 8! * e^r < 1e-8 * e^r, under float's half ulp.
inline __m256 exp_nonpositive(__m256 x) {
  const __m256 too_small = _mm256_cmp_ps(x, _mm256_set1_ps(-87.0f), _CMP_LT_OQ);
  // Operand order: max/min return their second operand when one is NaN.
  x = _mm256_max_ps(_mm256_set1_ps(-87.0f), x);  // keeps 2^n normal below
  x = _mm256_min_ps(_mm256_set1_ps(0.0f), x);
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 p = _mm256_set1_ps(1.0f / 5040.0f);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 720.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
  const __m256i bits =
      _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
  const __m256 e = _mm256_mul_ps(p, _mm256_castsi256_ps(bits));
  return _mm256_andnot_ps(too_small, e);
}

}  // namespace
