// GgufError: every structural fault of a GGUF file, with the byte offset.
#include <string>

#include "llm/gguf.hpp"

namespace llm {

GgufError::GgufError(const std::string& path, std::uint64_t offset, const std::string& message)
    : std::runtime_error(path + ": offset " + std::to_string(offset) + ": " + message),
      offset_(offset) {}

}  // namespace llm
