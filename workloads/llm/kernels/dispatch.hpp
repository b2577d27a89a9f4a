// Internal to the kernels layer: the table of implementations the public
// functions in kernels.hpp call, and how the dispatcher picks one.
//
// Two tables exist: generic (plain C++, any x86-64) and avx2_fma (the *_avx2.cpp
// files, built with -mavx2 -mfma). The choice is made once per process from the
// CPU and LLM_KERNELS, and can be overridden by force_generic_kernels().
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "llm/kernels.hpp"

namespace llm::detail {

// The register-blocked core of the blocked GEMM (gemm.cpp drives it).
// run: c[mr x nr] (row stride ldc) = (accumulate ? c : 0) + sum over p < kc of
// a_panel[p * mr + i] * b_panel[p * nr + j]. The sum is formed from zero and
// then added to c, so a tile computed into scratch and copied out gives the same
// bits as one computed in place (edges and thread splits do not change results).
struct GemmMicroKernel {
  std::size_t mr, nr;      // register tile
  std::size_t mc, kc, nc;  // cache blocks: mc % mr == 0, nc % nr == 0
  void (*run)(std::size_t kc, const float* a_panel, const float* b_panel, float* c, std::size_t ldc,
              bool accumulate);
};

struct KernelTable {
  const char* name;  // what kernel_path() reports
  float (*dot)(const float* a, const float* b, std::size_t n);
  // y[i] += alpha * x[i]
  void (*axpy)(float alpha, const float* x, float* y, std::size_t n);
  void (*rmsnorm)(float* out, const float* x, const float* weight, std::size_t n, float eps);
  void (*softmax)(float* x, std::size_t n);
  // y[r] = w[r * k ...] . x for r < rows. A row's result does not depend on
  // which other rows are in the same call (thread splits give the same bits).
  void (*gemv_rows)(const float* w, const float* x, float* y, std::size_t rows, std::size_t k);
  GemmMicroKernel gemm;
  // y[r - row_begin] = row r of a ternary matrix (TernaryMatrix's packed and
  // scales, cols, block) times x, for r in [row_begin, row_end); same
  // independence as gemv_rows.
  void (*ternary_rows)(const std::uint8_t* packed, const float* scales, std::size_t cols,
                       std::size_t block, const float* x, float* y, std::size_t row_begin,
                       std::size_t row_end);
};

// The table for the current choice (cheap: one relaxed atomic load after the
// first call).
const KernelTable& active_kernels();

// Whether this CPU can run the avx2_fma table.
bool cpu_has_avx2_fma();

// How LLM_KERNELS is read: unset, "auto" or "" keep the automatic choice;
// "generic" forces the generic table; anything else keeps auto and yields the
// one-line warning the dispatcher prints to stderr.
struct KernelChoice {
  bool force_generic = false;
  std::string warning;  // empty when the value was understood
};
KernelChoice parse_kernel_choice(const char* env_value);

}  // namespace llm::detail
