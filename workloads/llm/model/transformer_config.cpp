// Reading a ModelConfig from a GGUF file's llama.* metadata, with errors that
// name the file and the key.
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "llm/transformer.hpp"

namespace llm {
namespace {

const GgufValue& require_key(const GgufFile& file, const std::string& name, std::string_view key) {
  const GgufValue* value = file.find(key);
  if (value == nullptr)
    throw ModelError(name + ": metadata key " + std::string(key) +
                     " is missing; a llama model needs it (model.hpp lists the keys; "
                     "llm-make-model writes a complete model)");
  return *value;
}

[[noreturn]] void wrong_type(const std::string& name, std::string_view key, const char* expected,
                             GgufType found) {
  throw ModelError(name + ": metadata key " + std::string(key) + " is " + to_string(found) +
                   ", expected " + expected + "; the file was written for another reader");
}

// A count (layers, heads, lengths): any integer type, at least 1.
std::size_t read_count(const GgufFile& file, const std::string& name, std::string_view key) {
  const GgufValue& value = require_key(file, name, key);
  std::uint64_t count = 0;
  switch (value.type) {
    case GgufType::uint8:
    case GgufType::uint16:
    case GgufType::uint32:
    case GgufType::uint64:
      count = value.as_uint();
      break;
    case GgufType::int8:
    case GgufType::int16:
    case GgufType::int32:
    case GgufType::int64: {
      const std::int64_t v = value.as_int();
      if (v < 0)
        throw ModelError(name + ": metadata key " + std::string(key) + " is " + std::to_string(v) +
                         ", a negative count; it must be at least 1");
      count = static_cast<std::uint64_t>(v);
      break;
    }
    default:
      wrong_type(name, key, "an integer", value.type);
  }
  if (count == 0)
    throw ModelError(name + ": metadata key " + std::string(key) + " is 0; it must be at least 1");
  return static_cast<std::size_t>(count);
}

// A positive real (rope base, epsilon): float32 or float64 (an integer is
// accepted too, as some writers store a round base so).
float read_positive_real(const GgufFile& file, const std::string& name, std::string_view key) {
  const GgufValue& value = require_key(file, name, key);
  double v = 0;
  switch (value.type) {
    case GgufType::float32:
    case GgufType::float64:
      v = value.as_float();
      break;
    case GgufType::uint8:
    case GgufType::uint16:
    case GgufType::uint32:
    case GgufType::uint64:
      v = static_cast<double>(value.as_uint());
      break;
    case GgufType::int8:
    case GgufType::int16:
    case GgufType::int32:
    case GgufType::int64:
      v = static_cast<double>(value.as_int());
      break;
    default:
      wrong_type(name, key, "a number", value.type);
  }
  const float f = static_cast<float>(v);
  if (!std::isfinite(f) || f <= 0.0f)
    throw ModelError(name + ": metadata key " + std::string(key) + " is " + std::to_string(v) +
                     "; it must be a positive finite number");
  return f;
}

}  // namespace

ModelConfig read_model_config(const GgufFile& file, const std::string& name) {
  const GgufValue& arch = require_key(file, name, "general.architecture");
  if (arch.type != GgufType::string)
    wrong_type(name, "general.architecture", "a string", arch.type);
  if (arch.as_string() != "llama")
    throw ModelError(name + ": general.architecture is \"" + arch.as_string() +
                     "\"; this transformer runs \"llama\" models only");

  ModelConfig c;
  c.n_layers = read_count(file, name, "llama.block_count");
  c.dim = read_count(file, name, "llama.embedding_length");
  c.hidden_dim = read_count(file, name, "llama.feed_forward_length");
  c.n_heads = read_count(file, name, "llama.attention.head_count");
  c.n_kv_heads = read_count(file, name, "llama.attention.head_count_kv");
  c.context_length = read_count(file, name, "llama.context_length");
  c.vocab_size = read_count(file, name, "llama.vocab_size");
  c.rope_theta = read_positive_real(file, name, "llama.rope.freq_base");
  c.norm_eps = read_positive_real(file, name, "llama.attention.layer_norm_rms_epsilon");

  // The checks the forward pass's indexing relies on, in the file's words
  // (validate() below names ModelConfig fields instead).
  if (c.dim % c.n_heads != 0)
    throw ModelError(name + ": llama.embedding_length " + std::to_string(c.dim) +
                     " is not a multiple of llama.attention.head_count " +
                     std::to_string(c.n_heads));
  if (c.n_heads % c.n_kv_heads != 0)
    throw ModelError(name + ": llama.attention.head_count " + std::to_string(c.n_heads) +
                     " is not a multiple of llama.attention.head_count_kv " +
                     std::to_string(c.n_kv_heads));
  if (c.vocab_size < 256)
    throw ModelError(name + ": llama.vocab_size " + std::to_string(c.vocab_size) +
                     " is below 256; the byte-level tokenizer needs one token per byte");
  // rope rotates pairs of elements within a head.
  if (c.head_dim() % 2 != 0)
    throw ModelError(name + ": head size " + std::to_string(c.head_dim()) +
                     " (llama.embedding_length / llama.attention.head_count) is odd; rotary "
                     "position embedding needs an even head size");
  try {
    c.validate();
  } catch (const std::invalid_argument& e) {
    throw ModelError(name + ": the llama.* metadata do not form a valid model: " + e.what());
  }
  return c;
}

}  // namespace llm
