// Matrix-vector product y = W x (W row-major, one row per output): the generic
// row kernel and the public entry point, which splits rows across a pool.

#include <algorithm>
#include <cstddef>

#include "dispatch.hpp"
#include "llm/parallel.hpp"
#include "variants.hpp"

namespace llm::detail {

void gemv_rows_generic(const float* w, const float* x, float* y, std::size_t rows, std::size_t k) {
  for (std::size_t r = 0; r < rows; ++r) y[r] = dot_generic(w + r * k, x, k);
}

}  // namespace llm::detail

namespace llm {

namespace {
// Below this many multiply-adds a wake-up of the pool costs more than it saves.
constexpr std::size_t kParallelMinMacs = std::size_t{1} << 16;
// Threads get whole groups of rows, aligned to the AVX2 kernel's 4-row blocks.
constexpr std::size_t kRowGroup = 4;
}  // namespace

void gemv(const float* w, const float* x, float* y, std::size_t m, std::size_t k,
          ThreadPool* pool) {
  const detail::KernelTable& kernels = detail::active_kernels();
  if (pool == nullptr || pool->size() == 1 || m * k < kParallelMinMacs) {
    kernels.gemv_rows(w, x, y, m, k);
    return;
  }
  const std::size_t groups = (m + kRowGroup - 1) / kRowGroup;
  pool->for_range(groups, [&](std::size_t g_begin, std::size_t g_end) {
    const std::size_t r_begin = g_begin * kRowGroup;
    const std::size_t r_end = std::min(g_end * kRowGroup, m);
    kernels.gemv_rows(w + r_begin * k, x, y + r_begin, r_end - r_begin, k);
  });
}

}  // namespace llm
