// Matrix-matrix products C = A B and C = A B^T, blocked for the caches in the
// usual way: for each nc-column block of B and kc-deep slice of k, the slice of
// B is packed into nr-wide panels (kept in L3, one panel in L1 at a time); for
// each mc-row block of A, that block is packed into mr-high panels (kept in L2);
// a register-blocked micro-kernel then computes each mr x nr tile of C. Packed
// panels are zero-padded, so edges of any m, n, k reuse the same micro-kernel
// through a scratch tile.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "dispatch.hpp"
#include "llm/parallel.hpp"
#include "variants.hpp"

namespace llm::detail {

void gemm_micro_generic(std::size_t kc, const float* a_panel, const float* b_panel, float* c,
                        std::size_t ldc, bool accumulate) {
  constexpr std::size_t mr = kGemmGenericMr, nr = kGemmGenericNr;
  float acc[mr][nr] = {};
  for (std::size_t p = 0; p < kc; ++p) {
    const float* a = a_panel + p * mr;
    const float* b = b_panel + p * nr;
    for (std::size_t i = 0; i < mr; ++i)
      for (std::size_t j = 0; j < nr; ++j) acc[i][j] += a[i] * b[j];
  }
  for (std::size_t i = 0; i < mr; ++i)
    for (std::size_t j = 0; j < nr; ++j)
      c[i * ldc + j] = accumulate ? c[i * ldc + j] + acc[i][j] : acc[i][j];
}

}  // namespace llm::detail

namespace llm {

namespace {

using detail::GemmMicroKernel;

// A read-only matrix view: element (i, j) is at data[i * row_stride + j * col_stride].
struct MatrixView {
  const float* data;
  std::size_t row_stride, col_stride;
  const float* at(std::size_t i, std::size_t j) const {
    return data + i * row_stride + j * col_stride;
  }
};

// Per-thread packing space, kept between calls (allocated on a thread's first
// GEMM, grown when a larger micro-kernel asks), 64-byte aligned.
class PackBuffer {
 public:
  float* get(std::size_t floats) {
    constexpr std::size_t kAlignFloats = 16;
    if (storage_.size() < floats + kAlignFloats) storage_.resize(floats + kAlignFloats);
    const auto address = reinterpret_cast<std::uintptr_t>(storage_.data());
    const std::size_t skip_bytes = (64 - address % 64) % 64;
    return storage_.data() + skip_bytes / sizeof(float);
  }

 private:
  std::vector<float> storage_;
};

// Rows [0, mc) x columns [0, kc) of a into mr-high panels: panel q holds rows
// [q * mr, q * mr + mr) column by column (a_packed[q * mr * kc + p * mr + i]).
void pack_a(MatrixView a, std::size_t mc, std::size_t kc, std::size_t mr, float* out) {
  for (std::size_t i0 = 0; i0 < mc; i0 += mr) {
    const std::size_t rows = std::min(mr, mc - i0);
    float* panel = out + i0 * kc;
    for (std::size_t p = 0; p < kc; ++p) {
      for (std::size_t i = 0; i < rows; ++i) panel[p * mr + i] = *a.at(i0 + i, p);
      for (std::size_t i = rows; i < mr; ++i) panel[p * mr + i] = 0.0f;
    }
  }
}

// Rows [0, kc) x columns [0, nc) of b into nr-wide panels: panel q holds
// columns [q * nr, q * nr + nr) row by row (b_packed[q * nr * kc + p * nr + j]).
void pack_b(MatrixView b, std::size_t kc, std::size_t nc, std::size_t nr, float* out) {
  for (std::size_t j0 = 0; j0 < nc; j0 += nr) {
    const std::size_t cols = std::min(nr, nc - j0);
    float* panel = out + j0 * kc;
    if (b.col_stride == 1) {  // B row-major: each panel row is a contiguous run
      for (std::size_t p = 0; p < kc; ++p) {
        std::memcpy(panel + p * nr, b.at(p, j0), cols * sizeof(float));
        std::fill(panel + p * nr + cols, panel + p * nr + nr, 0.0f);
      }
    } else {  // B^T given row-major: read along its rows, write strided
      for (std::size_t j = 0; j < cols; ++j) {
        const float* src = b.at(0, j0 + j);
        for (std::size_t p = 0; p < kc; ++p) panel[p * nr + j] = src[p * b.row_stride];
      }
      for (std::size_t p = 0; p < kc; ++p)
        std::fill(panel + p * nr + cols, panel + p * nr + nr, 0.0f);
    }
  }
}

// C[m x n] (row stride ldc) = A[m x k] B[k x n] on this thread.
void gemm_blocked(const GemmMicroKernel& uk, MatrixView a, MatrixView b, float* c, std::size_t ldc,
                  std::size_t m, std::size_t n, std::size_t k) {
  thread_local PackBuffer a_buffer, b_buffer;
  float* a_packed = a_buffer.get(uk.mc * uk.kc);
  float* b_packed = b_buffer.get(uk.kc * uk.nc);
  float tile[16 * 32];  // scratch for edge tiles: mr * nr <= 512
  for (std::size_t jc = 0; jc < n; jc += uk.nc) {
    const std::size_t nc = std::min(uk.nc, n - jc);
    for (std::size_t pc = 0; pc < k; pc += uk.kc) {
      const std::size_t kc = std::min(uk.kc, k - pc);
      const bool accumulate = pc > 0;
      pack_b(MatrixView{b.at(pc, jc), b.row_stride, b.col_stride}, kc, nc, uk.nr, b_packed);
      for (std::size_t ic = 0; ic < m; ic += uk.mc) {
        const std::size_t mc = std::min(uk.mc, m - ic);
        pack_a(MatrixView{a.at(ic, pc), a.row_stride, a.col_stride}, mc, kc, uk.mr, a_packed);
        for (std::size_t jr = 0; jr < nc; jr += uk.nr) {
          const std::size_t cols = std::min(uk.nr, nc - jr);
          const float* b_panel = b_packed + jr * kc;
          for (std::size_t ir = 0; ir < mc; ir += uk.mr) {
            const std::size_t rows = std::min(uk.mr, mc - ir);
            const float* a_panel = a_packed + ir * kc;
            float* c_tile = c + (ic + ir) * ldc + jc + jr;
            if (rows == uk.mr && cols == uk.nr) {
              uk.run(kc, a_panel, b_panel, c_tile, ldc, accumulate);
              continue;
            }
            uk.run(kc, a_panel, b_panel, tile, uk.nr, false);
            for (std::size_t i = 0; i < rows; ++i)
              for (std::size_t j = 0; j < cols; ++j) {
                float& out = c_tile[i * ldc + j];
                out = accumulate ? out + tile[i * uk.nr + j] : tile[i * uk.nr + j];
              }
          }
        }
      }
    }
  }
}

// Below this many multiply-adds a wake-up of the pool costs more than it saves.
constexpr std::size_t kParallelMinMacs = std::size_t{1} << 18;

// C = A B for views; splits the larger of m and n across the pool, in whole
// micro-kernel tiles. Every element of C is computed by one thread with the
// same arithmetic whatever the split.
void gemm_views(MatrixView a, MatrixView b, float* c, std::size_t m, std::size_t n, std::size_t k,
                ThreadPool* pool) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    std::fill(c, c + m * n, 0.0f);
    return;
  }
  const GemmMicroKernel& uk = detail::active_kernels().gemm;
  if (pool == nullptr || pool->size() == 1 || m * n * k < kParallelMinMacs) {
    gemm_blocked(uk, a, b, c, n, m, n, k);
    return;
  }
  if (m >= n) {
    pool->for_range((m + uk.mr - 1) / uk.mr, [&](std::size_t begin, std::size_t end) {
      const std::size_t i0 = begin * uk.mr, i1 = std::min(end * uk.mr, m);
      gemm_blocked(uk, MatrixView{a.at(i0, 0), a.row_stride, a.col_stride}, b, c + i0 * n, n,
                   i1 - i0, n, k);
    });
  } else {
    pool->for_range((n + uk.nr - 1) / uk.nr, [&](std::size_t begin, std::size_t end) {
      const std::size_t j0 = begin * uk.nr, j1 = std::min(end * uk.nr, n);
      gemm_blocked(uk, a, MatrixView{b.at(0, j0), b.row_stride, b.col_stride}, c + j0, n, m,
                   j1 - j0, k);
    });
  }
}

}  // namespace

void gemm(const float* a, const float* b, float* c, std::size_t m, std::size_t n, std::size_t k,
          ThreadPool* pool) {
  gemm_views(MatrixView{a, k, 1}, MatrixView{b, n, 1}, c, m, n, k, pool);
}

void gemm_bt(const float* a, const float* b, float* c, std::size_t m, std::size_t n, std::size_t k,
             ThreadPool* pool) {
  // A few rows of A: each is a GEMV over the rows of B, which streams B once
  // per row without packing it (packing would cost as much as the product).
  constexpr std::size_t kGemvRows = 3;
  if (m <= kGemvRows) {
    for (std::size_t i = 0; i < m; ++i) gemv(b, a + i * k, c + i * n, n, k, pool);
    return;
  }
  gemm_views(MatrixView{a, k, 1}, MatrixView{b, 1, k}, c, m, n, k, pool);
}

}  // namespace llm
