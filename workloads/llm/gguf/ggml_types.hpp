// Names of the ggml tensor types a GGUF file may declare (internal to gguf/),
// so that a type this code cannot size is refused by name ("Q4_K (12)").
#pragma once

#include <cstdint>

namespace llm::gguf_detail {

// The type's name in the GGUF spec without the GGML_TYPE_ prefix ("Q4_K"), or
// nullptr for a number the spec does not define (or no longer does).
const char* ggml_type_name(std::uint32_t type);

// Bytes per element for the types this code sizes (F32, F16); 0 otherwise.
std::uint64_t ggml_type_bytes(std::uint32_t type);

}  // namespace llm::gguf_detail
