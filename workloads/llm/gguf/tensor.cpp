// Tensor infos and views: sizes of the ggml types this code knows, and the
// checked fp32 view of a tensor's bytes.
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "ggml_types.hpp"
#include "llm/gguf.hpp"

namespace llm {
namespace gguf_detail {

const char* ggml_type_name(std::uint32_t type) {
  // Index = the type's number in the GGUF spec; nullptr for removed numbers.
  static constexpr std::array<const char*, 40> names = {
      "F32",     "F16",    "Q4_0",    "Q4_1",  nullptr,  nullptr, "Q5_0",  "Q5_1",
      "Q8_0",    "Q8_1",   "Q2_K",    "Q3_K",  "Q4_K",   "Q5_K",  "Q6_K",  "Q8_K",
      "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ2_S", "IQ4_XS",
      "I8",      "I16",    "I32",     "I64",   "F64",    "IQ1_M", "BF16",  nullptr,
      nullptr,   nullptr,  "TQ1_0",   "TQ2_0", nullptr,  nullptr, nullptr, "MXFP4"};
  return type < names.size() ? names[type] : nullptr;
}

std::uint64_t ggml_type_bytes(std::uint32_t type) {
  switch (type) {
    case static_cast<std::uint32_t>(GgmlType::f32):
      return 4;
    case static_cast<std::uint32_t>(GgmlType::f16):
      return 2;
    default:
      return 0;
  }
}

}  // namespace gguf_detail

const char* to_string(GgmlType type) {
  const char* name = gguf_detail::ggml_type_name(static_cast<std::uint32_t>(type));
  return name ? name : "unknown";
}

std::uint64_t GgufTensorInfo::element_count() const {
  std::uint64_t n = 1;
  for (std::uint64_t d : dims) n *= d;
  return n;
}

std::uint64_t GgufTensorInfo::byte_size() const {
  return element_count() * gguf_detail::ggml_type_bytes(static_cast<std::uint32_t>(type));
}

std::span<const float> GgufTensorView::f32() const {
  if (info == nullptr || data == nullptr)
    throw std::runtime_error("GGUF tensor view: empty view (no tensor)");
  if (info->type != GgmlType::f32)
    throw std::runtime_error("GGUF tensor '" + info->name + "' is " + to_string(info->type) +
                             ", not F32; this code reads F32 weights only");
  // The data section and offsets are aligned in the file; the buffer holding
  // the file must be too (a mapping is; a caller's buffer may not be).
  if (reinterpret_cast<std::uintptr_t>(data) % alignof(float) != 0)
    throw std::runtime_error("GGUF tensor '" + info->name +
                             "' is not 4-byte aligned in memory; parse the file from an aligned "
                             "buffer (or open() it, which maps it aligned)");
  return {reinterpret_cast<const float*>(data), static_cast<std::size_t>(info->element_count())};
}

}  // namespace llm
