// Internal to the kernels layer: the two sets of implementations that
// dispatch.cpp puts into its tables. Contracts are those of KernelTable
// (dispatch.hpp).
//
// The *_avx2 functions are defined in *_avx2.cpp files, the only ones compiled
// with -mavx2 -mfma, and must only run when cpu_has_avx2_fma(). Those files use
// intrinsics and raw loops with everything else in an anonymous namespace: an
// inline or template function instantiated there could be merged by the linker
// with a generic copy and then execute AVX2 code on a CPU without it. For the
// same reason they hold no dynamically initialised statics.
#pragma once

#include <cstddef>
#include <cstdint>

namespace llm::detail {

float dot_generic(const float* a, const float* b, std::size_t n);
void axpy_generic(float alpha, const float* x, float* y, std::size_t n);
void rmsnorm_generic(float* out, const float* x, const float* weight, std::size_t n, float eps);
void softmax_generic(float* x, std::size_t n);
void gemv_rows_generic(const float* w, const float* x, float* y, std::size_t rows, std::size_t k);
void gemm_micro_generic(std::size_t kc, const float* a_panel, const float* b_panel, float* c,
                        std::size_t ldc, bool accumulate);
void ternary_rows_generic(const std::uint8_t* packed, const float* scales, std::size_t cols,
                          std::size_t block, const float* x, float* y, std::size_t row_begin,
                          std::size_t row_end);
inline constexpr std::size_t kGemmGenericMr = 4, kGemmGenericNr = 8;

float dot_avx2(const float* a, const float* b, std::size_t n);
void axpy_avx2(float alpha, const float* x, float* y, std::size_t n);
void rmsnorm_avx2(float* out, const float* x, const float* weight, std::size_t n, float eps);
void softmax_avx2(float* x, std::size_t n);
void gemv_rows_avx2(const float* w, const float* x, float* y, std::size_t rows, std::size_t k);
void gemm_micro_avx2(std::size_t kc, const float* a_panel, const float* b_panel, float* c,
                     std::size_t ldc, bool accumulate);
void ternary_rows_avx2(const std::uint8_t* packed, const float* scales, std::size_t cols,
                       std::size_t block, const float* x, float* y, std::size_t row_begin,
                       std::size_t row_end);
inline constexpr std::size_t kGemmAvx2Mr = 6, kGemmAvx2Nr = 16;

}  // namespace llm::detail
