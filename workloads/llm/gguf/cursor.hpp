// A bounds-checked little-endian reader over a byte span (internal to gguf/).
//
// Every read checks the bytes left before touching them and copies with
// memcpy (no unaligned loads, no reads past the end, on any input); running
// out throws GgufError at the offset where the read began, naming what was
// being read. `describe` is a callable returning that name ("the string of
// metadata key 3 ('general.name')"); it is called only on the error path, so a
// well-formed file pays nothing for the description.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <type_traits>

#include "llm/gguf.hpp"

namespace llm::gguf_detail {

static_assert(std::endian::native == std::endian::little,
              "GGUF files are little-endian; this reader copies values as they are in memory");

class Cursor {
 public:
  // `name` (used in errors) must outlive the cursor.
  Cursor(std::span<const std::byte> bytes, const std::string& name) : bytes_(bytes), name_(name) {}

  std::uint64_t position() const { return position_; }
  std::uint64_t remaining() const { return bytes_.size() - position_; }
  std::uint64_t size() const { return bytes_.size(); }

  // A trivially copyable value of sizeof(T) bytes.
  template <class T, class Describe>
  T read(const Describe& describe) {
    static_assert(std::is_trivially_copyable_v<T>);
    require(sizeof(T), describe);
    T value;
    std::memcpy(&value, bytes_.data() + position_, sizeof(T));
    position_ += sizeof(T);
    return value;
  }

  // A GGUF string: uint64 length, then that many bytes (no terminator).
  template <class Describe>
  std::string read_string(const Describe& describe) {
    const std::uint64_t at = position_;
    const auto length = read<std::uint64_t>([&] { return "the length of " + describe(); });
    // A length beyond the whole file is a corrupt field, not a short file.
    if (length > size()) corrupt_length(at, length, describe());
    require(length, describe);
    std::string s(reinterpret_cast<const char*>(bytes_.data() + position_),
                  static_cast<std::size_t>(length));
    position_ += length;
    return s;
  }

  // Throws unless `count` bytes are left: "file ends inside <describe()>: ...".
  template <class Describe>
  void require(std::uint64_t count, const Describe& describe) const {
    if (count > remaining()) truncated(count, describe());
  }

  [[noreturn]] void fail(std::uint64_t offset, const std::string& message) const;

 private:
  [[noreturn]] void truncated(std::uint64_t needed, const std::string& what) const;
  [[noreturn]] void corrupt_length(std::uint64_t at, std::uint64_t length,
                                   const std::string& what) const;

  std::span<const std::byte> bytes_;
  const std::string& name_;
  std::uint64_t position_ = 0;
};

}  // namespace llm::gguf_detail
