// What the parser makes of a GGUF file (internal to gguf/): the metadata, the
// tensor infos and where the data section starts, all checked. GgufFile holds
// one of these over the mapping (or the caller's buffer).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "llm/gguf.hpp"

namespace llm::gguf_detail {

// Arrays nest at most this deep (the spec sets no limit; this bounds the
// reader's recursion). The writer refuses deeper values, so it never writes a
// file the reader refuses.
constexpr std::size_t kMaxArrayDepth = 16;

struct Contents {
  std::string name;                  // the path, or the caller's name for a buffer
  std::span<const std::byte> bytes;  // the whole file
  std::uint32_t version = 3;
  std::uint64_t alignment = 32;
  std::uint64_t data_offset = 0;  // where the data section starts, from the file start
  std::vector<GgufKeyValue> metadata;
  std::map<std::string, std::size_t, std::less<>> key_index;  // key -> metadata index
  std::vector<GgufTensorInfo> tensors;
  std::map<std::string, std::size_t, std::less<>> tensor_index;  // name -> tensors index
};

// Parses `c.bytes` into `c` (name and bytes set by the caller). Throws
// GgufError on any structural fault; every tensor's data is then known to lie
// inside `c.bytes` at an aligned offset.
void parse_contents(Contents& c);

// `s` quoted for an error message: printable ASCII kept, other bytes as \xNN,
// long strings cut, so that a message stays one readable line.
std::string quoted(std::string_view s);

}  // namespace llm::gguf_detail
