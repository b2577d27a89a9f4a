// The vector kernels: dot, axpy, rmsnorm, softmax (generic versions and the
// public entry points, which dispatch).

#include <cmath>
#include <cstddef>
#include <limits>

#include "dispatch.hpp"
#include "variants.hpp"

namespace llm::detail {

namespace {
// Independent partial sums: no -ffast-math is used, so g++ only vectorises a
// float reduction that is written as separate lanes.
constexpr std::size_t kLanes = 16;

float reduce_lanes(float (&acc)[kLanes]) {
  for (std::size_t width = kLanes / 2; width > 0; width /= 2)
    for (std::size_t l = 0; l < width; ++l) acc[l] += acc[l + width];
  return acc[0];
}
}  // namespace

float dot_generic(const float* a, const float* b, std::size_t n) {
  float acc[kLanes] = {};
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (std::size_t l = 0; l < kLanes; ++l) acc[l] += a[i + l] * b[i + l];
  for (std::size_t l = 0; i < n; ++i, ++l) acc[l] += a[i] * b[i];
  return reduce_lanes(acc);
}

void axpy_generic(float alpha, const float* x, float* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] += alpha * x[i];
}

void rmsnorm_generic(float* out, const float* x, const float* weight, std::size_t n, float eps) {
  const float mean_square = dot_generic(x, x, n) / static_cast<float>(n);
  const float scale = 1.0f / std::sqrt(mean_square + eps);
  for (std::size_t i = 0; i < n; ++i) out[i] = x[i] * scale * weight[i];
}

void softmax_generic(float* x, std::size_t n) {
  float max = -std::numeric_limits<float>::infinity();
  for (std::size_t i = 0; i < n; ++i) max = x[i] > max ? x[i] : max;
  float acc[kLanes] = {};
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = std::exp(x[i] - max);
    acc[i % kLanes] += x[i];
  }
  const float inv_sum = 1.0f / reduce_lanes(acc);
  for (std::size_t i = 0; i < n; ++i) x[i] *= inv_sum;
}

}  // namespace llm::detail

namespace llm {

float dot(const float* a, const float* b, std::size_t n) {
  return detail::active_kernels().dot(a, b, n);
}

void rmsnorm(float* out, const float* x, const float* weight, std::size_t n, float eps) {
  if (n == 0) return;
  detail::active_kernels().rmsnorm(out, x, weight, n, eps);
}

void softmax(float* x, std::size_t n) {
  if (n == 0) return;
  detail::active_kernels().softmax(x, n);
}

}  // namespace llm
