// AVX2/FMA ternary matrix-vector product (see variants.hpp for the rules of
// *_avx2.cpp files and ternary.cpp for the packing). Eight weights (two bytes)
// are unpacked at a time: the 16 bits are broadcast to eight lanes, each lane
// shifts its own 2-bit code down, and code c becomes (c & 1) - (c >> 1), i.e.
// 0, +1, -1 (and 0 for the unused code 3).

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "avx2_math.hpp"
#include "variants.hpp"

namespace llm::detail {

namespace {

// Lane l gets the weight in bits 2l, 2l + 1 of `bits`.
inline __m256 unpack_bits(int bits, __m256i shifts) {
  const __m256i codes =
      _mm256_and_si256(_mm256_srlv_epi32(_mm256_set1_epi32(bits), shifts), _mm256_set1_epi32(3));
  const __m256i values =
      _mm256_sub_epi32(_mm256_and_si256(codes, _mm256_set1_epi32(1)), _mm256_srli_epi32(codes, 1));
  return _mm256_cvtepi32_ps(values);
}

// Eight weights from two bytes.
inline __m256 unpack8(const std::uint8_t* bytes, __m256i shifts) {
  return unpack_bits(bytes[0] | (bytes[1] << 8), shifts);
}

}  // namespace

void ternary_rows_avx2(const std::uint8_t* packed, const float* scales, std::size_t cols,
                       std::size_t block, const float* x, float* y, std::size_t row_begin,
                       std::size_t row_end) {
  const __m256i shifts = _mm256_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14);
  const std::size_t blocks = cols / block;
  for (std::size_t r = row_begin; r < row_end; ++r) {
    const std::uint8_t* row = packed + r * (cols / 4);
    __m256 sum = _mm256_setzero_ps();
    for (std::size_t b = 0; b < blocks; ++b) {
      __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
      std::size_t j = b * block;
      const std::size_t end = j + block;
      for (; j + 16 <= end; j += 16) {
        acc0 = _mm256_fmadd_ps(unpack8(row + j / 4, shifts), _mm256_loadu_ps(x + j), acc0);
        acc1 = _mm256_fmadd_ps(unpack8(row + j / 4 + 2, shifts), _mm256_loadu_ps(x + j + 8), acc1);
      }
      for (; j + 8 <= end; j += 8)
        acc0 = _mm256_fmadd_ps(unpack8(row + j / 4, shifts), _mm256_loadu_ps(x + j), acc0);
      if (j < end) {  // block % 8 == 4: one byte left; lanes 4..7 read as code 0
        const __m256 xs = _mm256_maskload_ps(x + j, tail_mask(4));
        acc1 = _mm256_fmadd_ps(unpack_bits(row[j / 4], shifts), xs, acc1);
      }
      sum = _mm256_fmadd_ps(_mm256_set1_ps(scales[r * blocks + b]), _mm256_add_ps(acc0, acc1), sum);
    }
    y[r - row_begin] = hsum(sum);
  }
}

}  // namespace llm::detail
