// The generation loop: prompt, then sampled tokens fed back one at a time.
#include <stdexcept>
#include <string>

#include "llm/kernels.hpp"
#include "llm/transformer.hpp"

namespace llm {

std::vector<std::uint32_t> generate(Transformer& model, std::span<const std::uint32_t> prompt,
                                    std::size_t n_tokens, const SamplerConfig& sampler,
                                    std::uint64_t seed, const TokenCallback& on_token) {
  if (prompt.empty()) throw std::invalid_argument("generate: the prompt is empty");
  if (prompt.size() + n_tokens > model.max_positions())
    throw std::invalid_argument("generate: " + std::to_string(prompt.size()) +
                                " prompt tokens plus " + std::to_string(n_tokens) +
                                " generated ones exceed the " +
                                std::to_string(model.max_positions()) + " positions of the model");

  // The prompt runs as batches (each weight read once per batch); only its
  // last token's logits are computed.
  std::span<const float> logits = model.forward_batch(prompt, 0);
  std::size_t pos = prompt.size();

  Rng rng(seed);
  SamplerScratch scratch;
  std::vector<std::uint32_t> out;
  out.reserve(n_tokens);
  for (std::size_t i = 0; i < n_tokens; ++i) {
    const std::uint32_t token = sample(logits.data(), logits.size(), sampler, rng, scratch);
    out.push_back(token);
    if (on_token) on_token(i, token);
    if (i + 1 < n_tokens) logits = model.forward(token, pos++);
  }
  return out;
}

std::string token_id_bytes(std::span<const std::uint32_t> tokens) {
  std::string bytes;
  bytes.reserve(tokens.size() * 4);
  for (const std::uint32_t t : tokens)
    for (int shift = 0; shift < 32; shift += 8) bytes += static_cast<char>((t >> shift) & 0xffu);
  return bytes;
}

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (const unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

}  // namespace llm
