// The synthetic llama model (model.hpp): ModelConfig's checks and the
// deterministic writer.
//
// Weights are drawn per tensor from splitmix64 seeded with (seed, tensor
// name), so a tensor's values depend only on the seed, its name and its shape
// (not on the order of writing or on the other tensors). Scales follow a
// trained model's initialisation, which keeps activations bounded through the
// layers: linear weights uniform in [-a, a) with a = 1/sqrt(fan_in) (fan_in =
// the row length, GGUF dims[0]); RMSNorm weights 1 plus noise of +-0.01;
// embeddings uniform with standard deviation 0.02.
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "llm/gguf.hpp"
#include "llm/model.hpp"
#include "llm/tokenizer.hpp"

namespace llm {
namespace {

[[noreturn]] void invalid(const std::string& message) {
  throw std::invalid_argument("ModelConfig." + message);
}

void require_positive(std::string_view field, std::size_t value) {
  if (value == 0) invalid(std::string(field) + " is 0; it must be at least 1");
  // The file stores these as uint32.
  if (value > std::numeric_limits<std::uint32_t>::max())
    invalid(std::string(field) + " is " + std::to_string(value) +
            "; it must be at most 4294967295 (GGUF stores it as uint32)");
}

// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and every seed gives a
// full-period stream; plenty for weights.
class WeightStream {
 public:
  explicit WeightStream(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

  // Uniform in [-a, a): 53 random bits scaled in double, then rounded once.
  float uniform(double a) {
    const double u = static_cast<double>(next() >> 11) * 0x1.0p-53;
    return static_cast<float>((2.0 * u - 1.0) * a);
  }

 private:
  std::uint64_t state_;
};

// The stream of one tensor: the seed mixed with an FNV-1a hash of its name.
WeightStream stream_for(std::uint64_t seed, std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : name) h = (h ^ c) * 0x100000001b3ull;
  WeightStream mix(seed ^ h);
  return WeightStream(mix.next());
}

enum class Init { linear, norm, embedding };

// A tensor of GGUF dims `dims` (fastest-varying first: a row-major
// [rows x cols] weight is {cols, rows}, and its fan-in is cols = dims[0]).
void add_tensor(GgufWriter& w, std::uint64_t seed, const std::string& name,
                std::vector<std::uint64_t> dims, Init init) {
  WeightStream rng = stream_for(seed, name);
  std::uint64_t count = 1;
  for (std::uint64_t d : dims) count *= d;
  std::vector<float> data(count);
  switch (init) {
    case Init::linear: {
      const double a = 1.0 / std::sqrt(static_cast<double>(dims[0]));
      for (float& x : data) x = rng.uniform(a);
      break;
    }
    case Init::norm:
      for (float& x : data) x = 1.0f + rng.uniform(0.01);
      break;
    case Init::embedding: {
      const double a = 0.02 * std::sqrt(3.0);  // uniform(-a, a) has sd a / sqrt(3)
      for (float& x : data) x = rng.uniform(a);
      break;
    }
  }
  w.add_tensor(name, std::move(dims), data);
}

std::uint32_t u32(std::size_t v) { return static_cast<std::uint32_t>(v); }

}  // namespace

void ModelConfig::validate() const {
  require_positive("n_layers", n_layers);
  require_positive("dim", dim);
  require_positive("hidden_dim", hidden_dim);
  require_positive("n_heads", n_heads);
  require_positive("n_kv_heads", n_kv_heads);
  require_positive("vocab_size", vocab_size);
  require_positive("context_length", context_length);
  if (dim % n_heads != 0)
    invalid("dim is " + std::to_string(dim) + ", not a multiple of n_heads (" +
            std::to_string(n_heads) + "); dim must be n_heads * head_dim");
  if (head_dim() % 2 != 0)
    invalid("dim / n_heads (the head size) is " + std::to_string(head_dim()) +
            ", odd; rotary position embedding rotates pairs, so it must be even");
  if (n_heads % n_kv_heads != 0)
    invalid("n_kv_heads is " + std::to_string(n_kv_heads) + ", which does not divide n_heads (" +
            std::to_string(n_heads) + "); each key/value head serves a whole group of heads");
  if (vocab_size < 256)
    invalid("vocab_size is " + std::to_string(vocab_size) +
            "; it must be at least 256 (the byte tokens come first)");
  if (!std::isfinite(rope_theta) || rope_theta <= 0.0f)
    invalid("rope_theta is " + std::to_string(rope_theta) + "; it must be a positive number");
  if (!std::isfinite(norm_eps) || norm_eps <= 0.0f)
    invalid("norm_eps is " + std::to_string(norm_eps) + "; it must be a positive number");
}

void write_synthetic_model(const std::string& path, const ModelConfig& config, std::uint64_t seed) {
  config.validate();
  const ModelConfig& c = config;
  GgufWriter w;
  w.add("general.architecture", GgufValue::str("llama"));
  w.add("general.name", GgufValue::str("perfgate synthetic llama"));
  w.add("general.file_type", GgufValue::u32(0));  // all F32
  w.add("general.seed", GgufValue::u64(seed));
  w.add("llama.block_count", GgufValue::u32(u32(c.n_layers)));
  w.add("llama.context_length", GgufValue::u32(u32(c.context_length)));
  w.add("llama.embedding_length", GgufValue::u32(u32(c.dim)));
  w.add("llama.feed_forward_length", GgufValue::u32(u32(c.hidden_dim)));
  w.add("llama.attention.head_count", GgufValue::u32(u32(c.n_heads)));
  w.add("llama.attention.head_count_kv", GgufValue::u32(u32(c.n_kv_heads)));
  w.add("llama.rope.dimension_count", GgufValue::u32(u32(c.head_dim())));
  w.add("llama.rope.freq_base", GgufValue::f32(c.rope_theta));
  w.add("llama.attention.layer_norm_rms_epsilon", GgufValue::f32(c.norm_eps));
  w.add("llama.vocab_size", GgufValue::u32(u32(c.vocab_size)));
  w.add("tokenizer.ggml.model", GgufValue::str("bytes"));
  std::vector<GgufValue> tokens;
  for (std::string& t : byte_vocabulary(c.vocab_size))
    tokens.push_back(GgufValue::str(std::move(t)));
  w.add("tokenizer.ggml.tokens", GgufValue::array(GgufType::string, std::move(tokens)));

  const std::uint64_t dim = c.dim, kv_dim = c.kv_dim(), hidden = c.hidden_dim, vocab = c.vocab_size;
  add_tensor(w, seed, "token_embd.weight", {dim, vocab}, Init::embedding);
  for (std::size_t l = 0; l < c.n_layers; ++l) {
    const std::string p = "blk." + std::to_string(l) + ".";
    add_tensor(w, seed, p + "attn_norm.weight", {dim}, Init::norm);
    add_tensor(w, seed, p + "attn_q.weight", {dim, dim}, Init::linear);
    add_tensor(w, seed, p + "attn_k.weight", {dim, kv_dim}, Init::linear);
    add_tensor(w, seed, p + "attn_v.weight", {dim, kv_dim}, Init::linear);
    add_tensor(w, seed, p + "attn_output.weight", {dim, dim}, Init::linear);
    add_tensor(w, seed, p + "ffn_norm.weight", {dim}, Init::norm);
    add_tensor(w, seed, p + "ffn_gate.weight", {dim, hidden}, Init::linear);
    add_tensor(w, seed, p + "ffn_up.weight", {dim, hidden}, Init::linear);
    add_tensor(w, seed, p + "ffn_down.weight", {hidden, dim}, Init::linear);
  }
  add_tensor(w, seed, "output_norm.weight", {dim}, Init::norm);
  add_tensor(w, seed, "output.weight", {dim, vocab}, Init::linear);
  w.write(path);
}

}  // namespace llm
