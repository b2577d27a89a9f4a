#include "cursor.hpp"

#include <string>

namespace llm::gguf_detail {

void Cursor::fail(std::uint64_t offset, const std::string& message) const {
  throw GgufError(name_, offset, message);
}

void Cursor::truncated(std::uint64_t needed, const std::string& what) const {
  fail(position_, "file ends inside " + what + ": " + std::to_string(remaining()) +
                      " bytes left, " + std::to_string(needed) +
                      " needed — the file is truncated; write or download it again");
}

void Cursor::corrupt_length(std::uint64_t at, std::uint64_t length, const std::string& what) const {
  fail(at, "the length of " + what + " is " + std::to_string(length) +
               " bytes, more than the whole file (" + std::to_string(size()) +
               " bytes) — the file is corrupt");
}

}  // namespace llm::gguf_detail
