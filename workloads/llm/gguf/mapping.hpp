// A read-only memory mapping of a whole file (internal to gguf/).
#pragma once

#include <cstddef>
#include <span>
#include <string>

namespace llm::gguf_detail {

class Mapping {
 public:
  // Maps `path` read-only. Throws std::system_error naming the path when it
  // cannot be opened, is not a regular file, or cannot be mapped. An empty
  // file gives an empty span (there is nothing to map).
  explicit Mapping(const std::string& path);
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  ~Mapping();

  std::span<const std::byte> bytes() const { return {data_, size_bytes_}; }

 private:
  const std::byte* data_ = nullptr;
  std::size_t size_bytes_ = 0;
};

}  // namespace llm::gguf_detail
