// A byte-level tokenizer: token id b < 256 is the byte b; ids from 256 up to the
// vocabulary size are extra tokens that decode to nothing visible (their text is
// "<extra_N>" in the model's token list, and they decode to "").
// In that list, byte b's text is the character itself for printable ASCII
// (0x20-0x7E) and "<0xNN>" (two upper-case hex digits) otherwise, so that every
// token is valid UTF-8 as GGUF strings must be; extra token 256 + N is
// "<extra_N>".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace llm {

std::vector<std::uint32_t> tokenize(std::string_view text);
std::string detokenize(const std::vector<std::uint32_t>& tokens);
// The token list written into the model file (tokenizer.ggml.tokens).
std::vector<std::string> byte_vocabulary(std::size_t vocab_size);

}  // namespace llm
