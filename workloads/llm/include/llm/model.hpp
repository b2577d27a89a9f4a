// A llama-style decoder-only transformer stored as GGUF, in llama.cpp's names:
//
//   metadata  general.architecture = "llama", llama.block_count,
//             llama.embedding_length, llama.feed_forward_length,
//             llama.attention.head_count, llama.attention.head_count_kv,
//             llama.context_length, llama.rope.freq_base,
//             llama.attention.layer_norm_rms_epsilon, llama.vocab_size,
//             general.seed (the generator's), tokenizer.ggml.model = "bytes",
//             tokenizer.ggml.tokens (one string per token id)
//   tensors   token_embd.weight [vocab x dim], output_norm.weight [dim],
//             output.weight [vocab x dim], and per layer N:
//             blk.N.attn_norm.weight [dim], blk.N.attn_q.weight [dim x dim],
//             blk.N.attn_k.weight / attn_v.weight [kv_dim x dim],
//             blk.N.attn_output.weight [dim x dim], blk.N.ffn_norm.weight [dim],
//             blk.N.ffn_gate.weight / ffn_up.weight [hidden x dim],
//             blk.N.ffn_down.weight [dim x hidden]
//   ([rows x cols] row-major, so GGUF dims are {cols, rows}; all f32.)
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace llm {

struct ModelConfig {
  std::size_t n_layers = 6;
  std::size_t dim = 384;
  std::size_t hidden_dim = 1024;   // SwiGLU inner size
  std::size_t n_heads = 6;         // head_dim = dim / n_heads
  std::size_t n_kv_heads = 2;      // n_heads % n_kv_heads == 0
  std::size_t vocab_size = 512;    // >= 256 (the byte tokens come first)
  std::size_t context_length = 1024;
  float rope_theta = 10000.0f;
  float norm_eps = 1e-5f;

  std::size_t head_dim() const { return dim / n_heads; }
  std::size_t kv_dim() const { return head_dim() * n_kv_heads; }
  // Throws std::invalid_argument saying which field is wrong and why.
  void validate() const;
};

// Writes a deterministic synthetic model: the same config and seed give the
// same bytes. Weights are drawn from a seeded generator with scales that keep
// activations bounded through the layers (so generation does not degenerate).
void write_synthetic_model(const std::string& path, const ModelConfig& config,
                           std::uint64_t seed);

}  // namespace llm
