// GgufFile: a parsed GGUF file over a read-only mapping or a caller's buffer.
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "contents.hpp"
#include "llm/gguf.hpp"
#include "mapping.hpp"

namespace llm {

struct GgufFile::Impl {
  std::optional<gguf_detail::Mapping> mapping;  // empty for parse(): the caller owns the bytes
  gguf_detail::Contents contents;
};

GgufFile::GgufFile(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
GgufFile::GgufFile(GgufFile&&) noexcept = default;
GgufFile& GgufFile::operator=(GgufFile&&) noexcept = default;
GgufFile::~GgufFile() = default;

GgufFile GgufFile::open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->mapping.emplace(path);
  impl->contents.name = path;
  impl->contents.bytes = impl->mapping->bytes();
  gguf_detail::parse_contents(impl->contents);
  return GgufFile(std::move(impl));
}

GgufFile GgufFile::parse(std::span<const std::byte> bytes, const std::string& name) {
  auto impl = std::make_unique<Impl>();
  impl->contents.name = name;
  impl->contents.bytes = bytes;
  gguf_detail::parse_contents(impl->contents);
  return GgufFile(std::move(impl));
}

std::uint32_t GgufFile::version() const { return impl_->contents.version; }
std::uint64_t GgufFile::alignment() const { return impl_->contents.alignment; }
std::uint64_t GgufFile::file_size() const { return impl_->contents.bytes.size(); }
std::span<const std::byte> GgufFile::bytes() const { return impl_->contents.bytes; }
const std::vector<GgufKeyValue>& GgufFile::metadata() const { return impl_->contents.metadata; }
const std::vector<GgufTensorInfo>& GgufFile::tensors() const { return impl_->contents.tensors; }

const GgufValue* GgufFile::find(std::string_view key) const {
  const auto& c = impl_->contents;
  const auto it = c.key_index.find(key);
  return it == c.key_index.end() ? nullptr : &c.metadata[it->second].value;
}

const GgufValue& GgufFile::require(std::string_view key) const {
  if (const GgufValue* v = find(key)) return *v;
  throw GgufError(impl_->contents.name, 0,
                  "metadata key " + gguf_detail::quoted(key) +
                      " is missing; the file was not written for this reader");
}

GgufTensorView GgufFile::tensor(std::string_view name) const {
  const auto& c = impl_->contents;
  const auto it = c.tensor_index.find(name);
  if (it == c.tensor_index.end())
    throw GgufError(c.name, 0,
                    "no tensor named " + gguf_detail::quoted(name) + " (the file has " +
                        std::to_string(c.tensors.size()) +
                        " tensors); the file was not written for this reader");
  const GgufTensorInfo& info = c.tensors[it->second];
  return {&info, c.bytes.data() + c.data_offset + info.offset};
}

}  // namespace llm
