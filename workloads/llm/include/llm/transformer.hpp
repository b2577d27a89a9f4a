// The llama-style transformer of model.hpp on the CPU (a prompt as batches,
// then one token at a time), and the generation loop around it.
//
// A Transformer owns the GgufFile it was loaded from: the weights are views
// into the file's read-only mapping (no copies), so they live exactly as long
// as the Transformer. Its only allocations are the KV cache
// (2 x layers x max_positions x kv_dim floats) and activation buffers for up
// to 64 tokens.
//
// Not thread-safe: one Transformer serves one sequence at a time; the
// parallelism is inside the kernels (set_thread_pool).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "llm/gguf.hpp"
#include "llm/kernels.hpp"
#include "llm/model.hpp"

namespace llm {

class ThreadPool;

// A file that is valid GGUF but not a model this code can run: a metadata key
// missing or of the wrong type, a tensor of the wrong shape or type.
// what() reads "<file>: <what is wrong>; <what to do>".
class ModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads the llama.* metadata (model.hpp) of `file`; `name` (the path) is used in
// errors. Throws ModelError naming the key when one is missing, of the wrong
// type or out of range, and when the values do not form a valid ModelConfig.
ModelConfig read_model_config(const GgufFile& file, const std::string& name);

class Transformer {
 public:
  // Takes over `file`, reads its config and checks every tensor's presence,
  // type (f32) and shape; throws ModelError naming the tensor, the expected and
  // the found dims. `max_positions` sizes the KV cache (0: the model's context
  // length); more than the context length is refused (std::invalid_argument).
  // An absent output.weight means tied embeddings (token_embd.weight is used).
  Transformer(GgufFile file, std::string name, std::size_t max_positions = 0);
  // GgufFile::open(path), then the constructor above. Throws what they throw.
  static Transformer open(const std::string& path, std::size_t max_positions = 0);

  Transformer(Transformer&&) noexcept = default;
  Transformer& operator=(Transformer&&) noexcept = default;

  const ModelConfig& config() const { return config_; }
  const GgufFile& file() const { return file_; }
  std::size_t max_positions() const { return max_positions_; }

  // The kernels run on `pool` (not owned; must outlive its use); nullptr runs
  // them on the calling thread. Results are identical for any thread count.
  void set_thread_pool(ThreadPool* pool) { pool_ = pool; }

  // Runs `token` at position `pos` and returns the logits over the vocabulary
  // (valid until the next call), or an empty span when `want_logits` is false.
  // Contract: pos <= the number of positions run so far (attention reads the
  // cached keys and values of 0..pos; running pos again overwrites it and
  // forgets later ones), pos < max_positions(), token < vocab_size; otherwise
  // throws std::out_of_range.
  std::span<const float> forward(std::uint32_t token, std::size_t pos, bool want_logits = true);

  // Runs `tokens` at positions pos, pos+1, ... as a batch (a prompt): each
  // weight matrix is read once per batch of up to 64 tokens (gemm_bt) instead
  // of once per token. Returns the logits of the last token only (or an empty
  // span). Same contract as forward() for every position; tokens not empty.
  // The logits agree with running the tokens one by one up to rounding
  // (different summation order), and are identical for any thread count.
  std::span<const float> forward_batch(std::span<const std::uint32_t> tokens, std::size_t pos,
                                       bool want_logits = true);

  // The kernels that have run so far, by name ("gemv_avx2_fma", "rmsnorm",
  // ...); the matrix products carry the dispatcher's path (kernel_path()).
  std::vector<std::string> kernels() const;

 private:
  struct Layer {
    const float* attn_norm;  // [dim]
    const float* wq;         // [dim x dim]
    const float* wk;         // [kv_dim x dim]
    const float* wv;         // [kv_dim x dim]
    const float* wo;         // [dim x dim]
    const float* ffn_norm;   // [dim]
    const float* w_gate;     // [hidden x dim]
    const float* w_up;       // [hidden x dim]
    const float* w_down;     // [dim x hidden]
  };

  GgufFile file_;
  std::string name_;
  ModelConfig config_;
  std::size_t max_positions_ = 0;
  std::size_t positions_run_ = 0;  // positions 0..positions_run_-1 are cached
  ThreadPool* pool_ = nullptr;

  const float* token_embd_ = nullptr;   // [vocab x dim]
  const float* output_norm_ = nullptr;  // [dim]
  const float* output_ = nullptr;       // [vocab x dim]
  std::vector<Layer> layers_;

  // Runs up to kMaxBatch tokens; the public calls check the contract.
  void run_batch(const std::uint32_t* tokens, std::size_t n, std::size_t pos);

  static constexpr std::size_t kMaxBatch = 64;
  bool ran_batch_ = false;  // a batch of more than one token has run (kernels())

  // KV cache per layer: [max_positions x kv_dim], position-major.
  std::vector<float> k_cache_, v_cache_;
  // Activations, one row per token of a batch: x (the residual stream), xb
  // (normed input of a product), att (attention output), q, hb and hb2 (the
  // FFN's gate and up); then the logits and the attention scratch.
  std::vector<float> x_, xb_, att_, q_, hb_, hb2_, logits_, att_scratch_;
};

// ---- Generation -----------------------------------------------------------

// Called after token `index` (0-based) of the generated ones is sampled: the
// caller's clock hook (time to first token, per-token latency).
using TokenCallback = std::function<void(std::size_t index, std::uint32_t token)>;

// Runs `prompt` through `model` from position 0 (forward_batch), then samples
// `n_tokens` tokens with `sampler` and an Rng seeded with `seed`, feeding each
// back in (forward) except the last. Returns the generated tokens (the prompt not included).
// Throws std::invalid_argument when the prompt is empty or
// prompt.size() + n_tokens > model.max_positions().
std::vector<std::uint32_t> generate(Transformer& model, std::span<const std::uint32_t> prompt,
                                    std::size_t n_tokens, const SamplerConfig& sampler,
                                    std::uint64_t seed, const TokenCallback& on_token = {});

// The bytes the output digest is taken of: each token id as 4 bytes,
// little-endian, in order.
std::string token_id_bytes(std::span<const std::uint32_t> tokens);
// FNV-1a, 64 bits, of `bytes` (offset basis 0xcbf29ce484222325, prime
// 0x100000001b3): the output digest of llm-generate.
std::uint64_t fnv1a64(std::string_view bytes);

}  // namespace llm
