// Scaled dot-product attention of one token's query over a KV cache, per head
// and grouped (GQA). Built from the dispatched dot, softmax and axpy.

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>

#include "dispatch.hpp"
#include "llm/parallel.hpp"

namespace llm {

namespace {

void attend(const detail::KernelTable& kernels, const float* q, const float* k, const float* v,
            std::size_t seq_len, std::size_t head_dim, std::size_t kv_stride, float* out,
            float* scores) {
  const float scale = 1.0f / std::sqrt(static_cast<float>(head_dim));
  for (std::size_t t = 0; t < seq_len; ++t)
    scores[t] = kernels.dot(q, k + t * kv_stride, head_dim) * scale;
  kernels.softmax(scores, seq_len);
  for (std::size_t i = 0; i < head_dim; ++i) out[i] = 0.0f;
  for (std::size_t t = 0; t < seq_len; ++t)
    kernels.axpy(scores[t], v + t * kv_stride, out, head_dim);
}

}  // namespace

void attention(const float* q, const float* k, const float* v, std::size_t seq_len,
               std::size_t head_dim, std::size_t kv_stride, float* out, float* scratch) {
  attend(detail::active_kernels(), q, k, v, seq_len, head_dim, kv_stride, out, scratch);
}

void gqa_attention(const float* q, const float* k_cache, const float* v_cache, std::size_t seq_len,
                   std::size_t n_q_heads, std::size_t n_kv_heads, std::size_t head_dim, float* out,
                   float* scratch, ThreadPool* pool) {
  if (n_kv_heads == 0 || n_q_heads % n_kv_heads != 0)
    throw std::invalid_argument("gqa_attention: n_q_heads (" + std::to_string(n_q_heads) +
                                ") must be a multiple of n_kv_heads (" +
                                std::to_string(n_kv_heads) + ")");
  const detail::KernelTable& kernels = detail::active_kernels();
  const std::size_t group = n_q_heads / n_kv_heads;
  const std::size_t kv_stride = n_kv_heads * head_dim;
  // Each query head has its own slice of scratch and of out, so heads are
  // independent: any split across threads gives the same bits.
  auto heads = [&](std::size_t h_begin, std::size_t h_end) {
    for (std::size_t h = h_begin; h < h_end; ++h) {
      const std::size_t kv_head = h / group;
      attend(kernels, q + h * head_dim, k_cache + kv_head * head_dim, v_cache + kv_head * head_dim,
             seq_len, head_dim, kv_stride, out + h * head_dim, scratch + h * seq_len);
    }
  };
  // Below ~16k multiply-adds per call the pool's wake-up costs more than it saves.
  constexpr std::size_t kParallelMinMacs = std::size_t{1} << 14;
  if (pool == nullptr || pool->size() == 1 || n_q_heads < 2 ||
      n_q_heads * seq_len * head_dim < kParallelMinMacs) {
    heads(0, n_q_heads);
    return;
  }
  pool->for_range(n_q_heads, heads);
}

}  // namespace llm
