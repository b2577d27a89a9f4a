// Ternary weights ({-1, 0, +1} times a per-block scale, 2 bits per weight):
// quantisation, dequantisation and the matrix-vector product.
//
// Packing: weight j of a row is in byte j / 4 of that row, at bits
// 2 * (j % 4) and 2 * (j % 4) + 1 (the first weight in the low bits);
// code 00 = 0, 01 = +1, 10 = -1 (11 is never written and reads as 0).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "dispatch.hpp"
#include "llm/parallel.hpp"
#include "variants.hpp"

namespace llm::detail {

namespace {
constexpr float kCodeValue[4] = {0.0f, 1.0f, -1.0f, 0.0f};
}  // namespace

void ternary_rows_generic(const std::uint8_t* packed, const float* scales, std::size_t cols,
                          std::size_t block, const float* x, float* y, std::size_t row_begin,
                          std::size_t row_end) {
  const std::size_t blocks = cols / block;
  for (std::size_t r = row_begin; r < row_end; ++r) {
    const std::uint8_t* row = packed + r * (cols / 4);
    float sum = 0.0f;
    for (std::size_t b = 0; b < blocks; ++b) {
      // Four lanes, one per position within a byte.
      float acc[4] = {};
      for (std::size_t j = b * block; j < (b + 1) * block; j += 4) {
        const std::uint8_t byte = row[j / 4];
        for (std::size_t l = 0; l < 4; ++l) acc[l] += kCodeValue[(byte >> (2 * l)) & 3] * x[j + l];
      }
      sum += scales[r * blocks + b] * ((acc[0] + acc[1]) + (acc[2] + acc[3]));
    }
    y[r - row_begin] = sum;
  }
}

}  // namespace llm::detail

namespace llm {

namespace {

void check_shape(std::size_t rows, std::size_t cols, std::size_t block) {
  if (block == 0 || block % 4 != 0 || cols % block != 0)
    throw std::invalid_argument("ternary: block (" + std::to_string(block) +
                                ") must be a positive multiple of 4 dividing cols (" +
                                std::to_string(cols) + ")");
  (void)rows;
}

std::uint8_t code_of(float q) { return q > 0.0f ? 1 : (q < 0.0f ? 2 : 0); }

}  // namespace

TernaryMatrix ternary_quantize(const float* w, std::size_t rows, std::size_t cols,
                               std::size_t block) {
  check_shape(rows, cols, block);
  TernaryMatrix m;
  m.rows = rows;
  m.cols = cols;
  m.block = block;
  m.packed.assign(rows * cols / 4, 0);
  m.scales.resize(rows * cols / block);
  for (std::size_t b = 0; b < m.scales.size(); ++b) {
    const float* src = w + b * block;  // blocks never straddle rows: cols % block == 0
    double abs_sum = 0.0;
    for (std::size_t j = 0; j < block; ++j) abs_sum += std::fabs(src[j]);
    const float scale = static_cast<float>(abs_sum / static_cast<double>(block));
    m.scales[b] = scale;
    if (scale == 0.0f) continue;  // an all-zero block: codes stay 0
    for (std::size_t j = 0; j < block; ++j) {
      const float q = std::fmax(-1.0f, std::fmin(1.0f, std::round(src[j] / scale)));
      const std::size_t index = b * block + j;
      m.packed[index / 4] |= static_cast<std::uint8_t>(code_of(q) << (2 * (index % 4)));
    }
  }
  return m;
}

std::vector<float> ternary_dequantize(const TernaryMatrix& m) {
  check_shape(m.rows, m.cols, m.block);
  constexpr float kValue[4] = {0.0f, 1.0f, -1.0f, 0.0f};
  std::vector<float> w(m.rows * m.cols);
  for (std::size_t i = 0; i < w.size(); ++i) {
    const int code = (m.packed[i / 4] >> (2 * (i % 4))) & 3;
    w[i] = kValue[code] * m.scales[i / m.block];
  }
  return w;
}

void ternary_gemv(const TernaryMatrix& m, const float* x, float* y, ThreadPool* pool) {
  check_shape(m.rows, m.cols, m.block);
  const detail::KernelTable& kernels = detail::active_kernels();
  const std::uint8_t* packed = m.packed.data();
  const float* scales = m.scales.data();
  // Below this many weights a wake-up of the pool costs more than it saves.
  constexpr std::size_t kParallelMinWeights = std::size_t{1} << 16;
  if (pool == nullptr || pool->size() == 1 || m.rows * m.cols < kParallelMinWeights) {
    kernels.ternary_rows(packed, scales, m.cols, m.block, x, y, 0, m.rows);
    return;
  }
  pool->for_range(m.rows, [&](std::size_t begin, std::size_t end) {
    kernels.ternary_rows(packed, scales, m.cols, m.block, x, y + begin, begin, end);
  });
}

}  // namespace llm
