// Loading a llama-style model (shape checks) and its forward pass for one token.
#include "llm/transformer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>

#include "llm/kernels.hpp"

namespace llm {
namespace {

std::string dims_text(const std::vector<std::uint64_t>& dims) {
  std::string s = "{";
  for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
  return s + "}";
}

// Finds the f32 tensor `tensor` with GGUF dims `expected` (fastest-varying
// first: {cols, rows} for a matrix) and returns its data.
class TensorBinder {
 public:
  TensorBinder(const GgufFile& file, const std::string& name) : file_(file), name_(name) {
    for (const GgufTensorInfo& info : file.tensors()) by_name_.emplace(info.name, &info);
  }

  bool has(const std::string& tensor) const { return by_name_.count(tensor) != 0; }

  const float* bind(const std::string& tensor, const std::vector<std::uint64_t>& expected) const {
    const auto it = by_name_.find(tensor);
    if (it == by_name_.end())
      throw ModelError(name_ + ": tensor " + tensor + " is missing; a llama model needs it " +
                       "(model.hpp lists the tensors)");
    const GgufTensorInfo& info = *it->second;
    if (info.dims != expected)
      throw ModelError(name_ + ": tensor " + tensor + ": expected dims " + dims_text(expected) +
                       ", found " + dims_text(info.dims) +
                       " (GGUF order, fastest-varying first); the tensor does not match the "
                       "llama.* metadata, so the file is inconsistent: regenerate it");
    if (info.type != GgmlType::f32)
      throw ModelError(name_ + ": tensor " + tensor + " is " + to_string(info.type) +
                       "; this transformer runs f32 weights only (convert the model to f32)");
    return file_.tensor(tensor).f32().data();
  }

 private:
  const GgufFile& file_;
  const std::string& name_;
  std::unordered_map<std::string, const GgufTensorInfo*> by_name_;
};

// n_layers * max_positions * kv_dim, refusing a product that does not fit.
std::size_t cache_floats(const ModelConfig& c, std::size_t max_positions, const std::string& name) {
  const std::size_t limit = std::numeric_limits<std::size_t>::max() / sizeof(float);
  const std::size_t per_position = c.n_layers * c.kv_dim();  // both bounded by the tensors
  if (per_position != 0 && max_positions > limit / per_position)
    throw ModelError(name + ": a KV cache of " + std::to_string(max_positions) +
                     " positions does not fit in memory; use fewer positions");
  return per_position * max_positions;
}

}  // namespace

Transformer::Transformer(GgufFile file, std::string name, std::size_t max_positions)
    : file_(std::move(file)), name_(std::move(name)) {
  config_ = read_model_config(file_, name_);
  const ModelConfig& c = config_;
  if (max_positions > c.context_length)
    throw std::invalid_argument(name_ + ": " + std::to_string(max_positions) +
                                " positions asked for, but the model's context is " +
                                std::to_string(c.context_length));
  max_positions_ = max_positions == 0 ? c.context_length : max_positions;

  const std::uint64_t dim = c.dim, kv_dim = c.kv_dim(), hidden = c.hidden_dim, vocab = c.vocab_size;
  const TensorBinder t(file_, name_);
  token_embd_ = t.bind("token_embd.weight", {dim, vocab});
  output_norm_ = t.bind("output_norm.weight", {dim});
  output_ = t.has("output.weight") ? t.bind("output.weight", {dim, vocab}) : token_embd_;
  layers_.reserve(c.n_layers);
  for (std::size_t l = 0; l < c.n_layers; ++l) {
    const std::string p = "blk." + std::to_string(l) + ".";
    Layer layer{};
    layer.attn_norm = t.bind(p + "attn_norm.weight", {dim});
    layer.wq = t.bind(p + "attn_q.weight", {dim, dim});
    layer.wk = t.bind(p + "attn_k.weight", {dim, kv_dim});
    layer.wv = t.bind(p + "attn_v.weight", {dim, kv_dim});
    layer.wo = t.bind(p + "attn_output.weight", {dim, dim});
    layer.ffn_norm = t.bind(p + "ffn_norm.weight", {dim});
    layer.w_gate = t.bind(p + "ffn_gate.weight", {dim, hidden});
    layer.w_up = t.bind(p + "ffn_up.weight", {dim, hidden});
    layer.w_down = t.bind(p + "ffn_down.weight", {hidden, dim});
    layers_.push_back(layer);
  }

  const std::size_t cache = cache_floats(c, max_positions_, name_);
  k_cache_.assign(cache, 0.0f);
  v_cache_.assign(cache, 0.0f);
  logits_.resize(c.vocab_size);
  att_scratch_.resize(c.n_heads * max_positions_);
  // The per-token rows grow to a batch's size on the first batch.
  x_.resize(c.dim);
  xb_.resize(c.dim);
  att_.resize(c.dim);
  q_.resize(c.dim);
  hb_.resize(c.hidden_dim);
  hb2_.resize(c.hidden_dim);
}

Transformer Transformer::open(const std::string& path, std::size_t max_positions) {
  return Transformer(GgufFile::open(path), path, max_positions);
}

std::span<const float> Transformer::forward(std::uint32_t token, std::size_t pos,
                                            bool want_logits) {
  return forward_batch(std::span<const std::uint32_t>(&token, 1), pos, want_logits);
}

std::span<const float> Transformer::forward_batch(std::span<const std::uint32_t> tokens,
                                                  std::size_t pos, bool want_logits) {
  if (tokens.empty()) throw std::out_of_range("Transformer: no tokens to run");
  if (pos > positions_run_ || pos + tokens.size() > max_positions_)
    throw std::out_of_range("Transformer: positions " + std::to_string(pos) + ".." +
                            std::to_string(pos + tokens.size() - 1) + " after " +
                            std::to_string(positions_run_) + " positions run, of " +
                            std::to_string(max_positions_));
  for (const std::uint32_t token : tokens)
    if (token >= config_.vocab_size)
      throw std::out_of_range("Transformer: token " + std::to_string(token) +
                              " is outside the vocabulary of " +
                              std::to_string(config_.vocab_size));
  for (std::size_t done = 0; done < tokens.size(); done += kMaxBatch) {
    const std::size_t n = std::min(kMaxBatch, tokens.size() - done);
    run_batch(tokens.data() + done, n, pos + done);
  }
  if (!want_logits) return {};
  // The last token's row of the residual stream.
  const ModelConfig& c = config_;
  const std::size_t last = (tokens.size() - 1) % kMaxBatch;
  float* x = x_.data() + last * c.dim;
  rmsnorm(xb_.data(), x, output_norm_, c.dim, c.norm_eps);
  gemv(output_, xb_.data(), logits_.data(), c.vocab_size, c.dim, pool_);
  return logits_;
}

void Transformer::run_batch(const std::uint32_t* tokens, std::size_t n, std::size_t pos) {
  const ModelConfig& c = config_;
  const std::size_t dim = c.dim, kv_dim = c.kv_dim(), head_dim = c.head_dim(),
                    hidden = c.hidden_dim;
  if (x_.size() < n * dim) {
    for (auto* rows : {&x_, &xb_, &att_, &q_}) rows->resize(n * dim);
    for (auto* rows : {&hb_, &hb2_}) rows->resize(n * hidden);
  }
  if (n > 1) ran_batch_ = true;
  float* x = x_.data();
  float* xb = xb_.data();
  float* q = q_.data();
  float* att = att_.data();
  for (std::size_t i = 0; i < n; ++i)
    std::copy_n(token_embd_ + static_cast<std::size_t>(tokens[i]) * dim, dim, x + i * dim);

  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const Layer& w = layers_[l];
    float* k_layer = k_cache_.data() + l * max_positions_ * kv_dim;
    float* v_layer = v_cache_.data() + l * max_positions_ * kv_dim;
    // The batch's keys and values are rows pos..pos+n-1 of the cache.
    float* k_rows = k_layer + pos * kv_dim;
    float* v_rows = v_layer + pos * kv_dim;

    // Attention (for a single token, gemm_bt is a gemv: kernels.hpp).
    for (std::size_t i = 0; i < n; ++i)
      rmsnorm(xb + i * dim, x + i * dim, w.attn_norm, dim, c.norm_eps);
    gemm_bt(xb, w.wq, q, n, dim, dim, pool_);
    gemm_bt(xb, w.wk, k_rows, n, kv_dim, dim, pool_);
    gemm_bt(xb, w.wv, v_rows, n, kv_dim, dim, pool_);
    for (std::size_t i = 0; i < n; ++i) {
      rope(q + i * dim, c.n_heads, head_dim, pos + i, c.rope_theta);
      rope(k_rows + i * kv_dim, c.n_kv_heads, head_dim, pos + i, c.rope_theta);
    }
    // Causal: token i attends to positions 0..pos+i.
    for (std::size_t i = 0; i < n; ++i)
      gqa_attention(q + i * dim, k_layer, v_layer, pos + i + 1, c.n_heads, c.n_kv_heads, head_dim,
                    att + i * dim, att_scratch_.data(), pool_);
    gemm_bt(att, w.wo, xb, n, dim, dim, pool_);
    for (std::size_t i = 0; i < n * dim; ++i) x[i] += xb[i];

    // SwiGLU feed-forward: down(silu(gate(x)) * up(x)).
    for (std::size_t i = 0; i < n; ++i)
      rmsnorm(xb + i * dim, x + i * dim, w.ffn_norm, dim, c.norm_eps);
    gemm_bt(xb, w.w_gate, hb_.data(), n, hidden, dim, pool_);
    gemm_bt(xb, w.w_up, hb2_.data(), n, hidden, dim, pool_);
    for (std::size_t i = 0; i < n * hidden; ++i) {
      const float g = hb_[i];
      hb_[i] = g / (1.0f + std::exp(-g)) * hb2_[i];
    }
    gemm_bt(hb_.data(), w.w_down, xb, n, dim, hidden, pool_);
    for (std::size_t i = 0; i < n * dim; ++i) x[i] += xb[i];
  }
  positions_run_ = pos + n;
}

std::vector<std::string> Transformer::kernels() const {
  std::vector<std::string> names = {std::string("gemv_") + kernel_path()};
  if (ran_batch_) names.push_back(std::string("gemm_bt_") + kernel_path());
  for (const char* k : {"rmsnorm", "rope", "gqa_attention", "swiglu"}) names.emplace_back(k);
  return names;
}

}  // namespace llm
