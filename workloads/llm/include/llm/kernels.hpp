// The fp32 compute kernels of the llm workload. Every kernel has a plain
// generic implementation and, where it pays, an AVX2/FMA one chosen once at run
// time (the CPU is asked; `kernel_path()` says which). Layouts are row-major;
// callers own every buffer, kernels allocate nothing unless they say so.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace llm {

class ThreadPool;  // parallel.hpp; nullptr everywhere means "this thread only"

// "avx2_fma" or "generic": the path the dispatcher chose for this process.
const char* kernel_path();
// Forces the generic path (tests compare both; `--generic` in llm-generate).
// Call before any kernel runs on another thread. false returns to the process
// default: AVX2/FMA when the CPU has it, unless the environment variable
// LLM_KERNELS=generic (allowed values: generic, auto) asks for generic.
void force_generic_kernels(bool on);

// Sum of a[i] * b[i], i < n.
float dot(const float* a, const float* b, std::size_t n);

// y[m] = W[m x k] * x[k]. W row-major (row i is output i), as GGUF weights are.
void gemv(const float* w, const float* x, float* y, std::size_t m, std::size_t k,
          ThreadPool* pool = nullptr);

// C[m x n] = A[m x k] * B[k x n]: blocked for the caches (packs panels of B).
// The packing space is per thread (about 1.2 MiB), allocated on a thread's
// first call and kept. With a pool, every element is still computed by one
// thread in a fixed order: results do not depend on the thread count.
void gemm(const float* a, const float* b, float* c, std::size_t m, std::size_t n, std::size_t k,
          ThreadPool* pool = nullptr);

// C[m x n] = A[m x k] * B^T, B given as [n x k] (a weight matrix: "transposed
// matmul"; m = 1 is a GEMV over the rows of B).
void gemm_bt(const float* a, const float* b, float* c, std::size_t m, std::size_t n,
             std::size_t k, ThreadPool* pool = nullptr);

// out[i] = x[i] / sqrt(mean(x^2) + eps) * weight[i]. out may alias x.
void rmsnorm(float* out, const float* x, const float* weight, std::size_t n, float eps);

// Rotary position embedding, in place, llama ("NeoX" off) pairing: within each
// head, elements (2i, 2i+1) rotate by pos * theta^(-2i / head_dim).
// x holds n_heads heads of head_dim (even) floats each.
void rope(float* x, std::size_t n_heads, std::size_t head_dim, std::size_t pos, float theta);

// In place, numerically stable (subtracts the maximum).
void softmax(float* x, std::size_t n);

// One query head over a KV cache: out[head_dim] = softmax(q·K^T / sqrt(head_dim)) · V.
// Position t's key is k + t * kv_stride (likewise v); seq_len >= 1 positions.
// scratch holds at least seq_len floats.
void attention(const float* q, const float* k, const float* v, std::size_t seq_len,
               std::size_t head_dim, std::size_t kv_stride, float* out, float* scratch);

// Grouped-query attention for one token: n_q_heads query heads (q is
// [n_q_heads x head_dim]) share n_kv_heads KV heads (n_q_heads % n_kv_heads == 0;
// query head h reads KV head h / (n_q_heads / n_kv_heads)). The caches are
// [seq_len x n_kv_heads x head_dim]. out is [n_q_heads x head_dim]. scratch holds
// at least n_q_heads * seq_len floats.
void gqa_attention(const float* q, const float* k_cache, const float* v_cache,
                   std::size_t seq_len, std::size_t n_q_heads, std::size_t n_kv_heads,
                   std::size_t head_dim, float* out, float* scratch,
                   ThreadPool* pool = nullptr);

// A small seeded generator (xoshiro256**, seeded through splitmix64): the same
// seed gives the same tokens on every machine.
class Rng {
 public:
  explicit Rng(std::uint64_t seed);
  std::uint64_t next();
  float uniform();  // [0, 1)
 private:
  std::uint64_t s_[4];
};

// temperature <= 0 is greedy (argmax; the lowest index on ties). top_k = 0 and
// top_p = 1 switch those filters off. Order: temperature, top-k, top-p, draw.
struct SamplerConfig {
  float temperature = 0.0f;
  std::size_t top_k = 0;
  float top_p = 1.0f;
};

// Picks a token from n logits. Uses `scratch` for probabilities and indices
// (resized as needed; reuse it across calls to avoid allocations).
struct SamplerScratch {
  std::vector<float> probs;
  std::vector<std::uint32_t> order;
};
std::uint32_t sample(const float* logits, std::size_t n, const SamplerConfig& config, Rng& rng,
                     SamplerScratch& scratch);

// A ternary weight matrix: every weight in {-1, 0, +1}, 2 bits each (00 = 0,
// 01 = +1, 10 = -1), packed 4 per byte (weight j of a row in bits 2 * (j % 4)
// of the row's byte j / 4: the first weight in the low bits), with one fp32
// scale per block of `block` consecutive weights of a row (cols % block == 0,
// block % 4 == 0).
struct TernaryMatrix {
  std::size_t rows = 0, cols = 0, block = 64;
  std::vector<std::uint8_t> packed;  // rows * cols / 4 bytes, row-major
  std::vector<float> scales;         // rows * cols / block
};
// Quantises w[rows x cols]: per block, scale = mean |w|, and each weight becomes
// round(w / scale) clamped to [-1, 1].
TernaryMatrix ternary_quantize(const float* w, std::size_t rows, std::size_t cols,
                               std::size_t block = 64);
// The matrix the packed form stands for (tests, references).
std::vector<float> ternary_dequantize(const TernaryMatrix& m);
// y[rows] = M * x[cols].
void ternary_gemv(const TernaryMatrix& m, const float* x, float* y, ThreadPool* pool = nullptr);

}  // namespace llm
