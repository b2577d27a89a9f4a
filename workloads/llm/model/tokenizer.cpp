// The byte-level tokenizer: one token per byte, so any text round-trips and
// no vocabulary file is needed to run a model.
#include "llm/tokenizer.hpp"

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace llm {

namespace {
constexpr std::uint32_t kByteTokens = 256;
}  // namespace

std::vector<std::uint32_t> tokenize(std::string_view text) {
  std::vector<std::uint32_t> tokens;
  tokens.reserve(text.size());
  for (char c : text) tokens.push_back(static_cast<unsigned char>(c));
  return tokens;
}

std::string detokenize(const std::vector<std::uint32_t>& tokens) {
  std::string text;
  text.reserve(tokens.size());
  for (std::uint32_t t : tokens)
    if (t < kByteTokens) text.push_back(static_cast<char>(static_cast<unsigned char>(t)));
  return text;
}

std::vector<std::string> byte_vocabulary(std::size_t vocab_size) {
  if (vocab_size < kByteTokens)
    throw std::invalid_argument("byte_vocabulary: vocab_size " + std::to_string(vocab_size) +
                                " is below 256; the byte tokens alone need 256 ids");
  std::vector<std::string> tokens;
  tokens.reserve(vocab_size);
  for (std::uint32_t b = 0; b < kByteTokens; ++b) {
    if (b >= 0x20 && b <= 0x7e) {
      tokens.emplace_back(1, static_cast<char>(b));
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "<0x%02X>", b);
      tokens.emplace_back(hex);
    }
  }
  for (std::size_t id = kByteTokens; id < vocab_size; ++id)
    tokens.push_back("<extra_" + std::to_string(id - kByteTokens) + ">");
  return tokens;
}

}  // namespace llm
