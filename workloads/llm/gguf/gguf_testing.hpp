// Helpers for the gguf/ tests: small files from the writer (also the fuzz
// seeds), a byte builder for files assembled by hand, byte patching, and an
// assertion on GgufError's offset and message.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "llm/gguf.hpp"

namespace llm::testing {

using Bytes = std::vector<std::byte>;

// A value of every type, nested arrays and empty ones included, and two small
// f32 tensors: the "all types" file (fuzz/seeds/gguf/all_types.gguf).
inline GgufWriter all_types_writer(std::uint64_t alignment = 32) {
  GgufWriter w(alignment);
  w.add("test.u8", GgufValue::u8(250));
  w.add("test.i8", GgufValue::i8(-128));
  w.add("test.u16", GgufValue::u16(65535));
  w.add("test.i16", GgufValue::i16(-32768));
  w.add("test.u32", GgufValue::u32(4000000000u));
  w.add("test.i32", GgufValue::i32(std::numeric_limits<std::int32_t>::min()));
  w.add("test.u64", GgufValue::u64(std::numeric_limits<std::uint64_t>::max()));
  w.add("test.i64", GgufValue::i64(std::numeric_limits<std::int64_t>::min()));
  w.add("test.f32", GgufValue::f32(-1.5e-7f));
  w.add("test.f64", GgufValue::f64(3.141592653589793));
  w.add("test.true", GgufValue::boolean(true));
  w.add("test.false", GgufValue::boolean(false));
  w.add("test.string", GgufValue::str("héllo, gguf"));
  w.add("test.empty_string", GgufValue::str(""));
  w.add("test.nul_string", GgufValue::str(std::string("a\0b", 3)));
  w.add("test.empty_array", GgufValue::array(GgufType::uint32, {}));
  w.add("test.strings", GgufValue::array(GgufType::string, {GgufValue::str("x"), GgufValue::str(""),
                                                            GgufValue::str("yz")}));
  w.add("test.nested",
        GgufValue::array(
            GgufType::array,
            {GgufValue::array(GgufType::int16, {GgufValue::i16(-1), GgufValue::i16(2)}),
             GgufValue::array(GgufType::string, {}),
             GgufValue::array(GgufType::array,
                              {GgufValue::array(GgufType::boolean, {GgufValue::boolean(true)})})}));
  const float a[6] = {1, -2, 3.5f, 0, -0.0f, 1e-30f};
  const float b[3] = {7, 8, 9};
  w.add_tensor("a", {3, 2}, a);
  w.add_tensor("b", {3}, b);
  return w;
}

// One f32 tensor at alignment 64 (fuzz/seeds/gguf/aligned64.gguf).
inline GgufWriter aligned64_writer() {
  GgufWriter w(64);
  w.add("general.architecture", GgufValue::str("llama"));
  const float t[6] = {0.5f, 1, 1.5f, 2, 2.5f, 3};
  w.add_tensor("t", {2, 3}, t);
  return w;
}

// Little-endian bytes appended by hand, independent of the writer.
class ByteBuilder {
 public:
  ByteBuilder& u8(std::uint8_t v) { return raw(&v, 1); }
  ByteBuilder& u16(std::uint16_t v) { return raw(&v, 2); }
  ByteBuilder& u32(std::uint32_t v) { return raw(&v, 4); }
  ByteBuilder& u64(std::uint64_t v) { return raw(&v, 8); }
  ByteBuilder& f32(float v) { return raw(&v, 4); }
  ByteBuilder& text(std::string_view s) { return raw(s.data(), s.size()); }
  ByteBuilder& str(std::string_view s) { return u64(s.size()).text(s); }
  ByteBuilder& pad_to(std::size_t alignment) {
    while (bytes.size() % alignment != 0) bytes.push_back(std::byte{0});
    return *this;
  }
  ByteBuilder& raw(const void* p, std::size_t n) {
    const auto* b = static_cast<const std::byte*>(p);
    bytes.insert(bytes.end(), b, b + n);
    return *this;
  }
  Bytes bytes;
};

// A file assembled by hand from the spec, independent of the writer
// (fuzz/seeds/gguf/handmade_f16.gguf). Alignment 16; an F32 [2 x 3] tensor "w" at data offset 0 (24
// bytes) and an F16 [4] tensor "h" at the next multiple of 16, 32.
inline Bytes handmade_file() {
  ByteBuilder b;
  b.text("GGUF").u32(3).u64(2).u64(3);
  b.str("general.alignment").u32(4).u32(16);
  b.str("general.name").u32(8).str("hand made");
  b.str("scores").u32(9).u32(3).u64(2).u16(7).u16(65535);  // array of int16: 7, -1
  b.str("w").u32(2).u64(3).u64(2).u32(0).u64(0);
  b.str("h").u32(1).u64(4).u32(1).u64(32);
  b.pad_to(16);
  for (float v : {1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f}) b.f32(v);
  b.pad_to(16);                                                       // 24 bytes of "w" -> 32
  for (std::uint16_t h : {0x3c00, 0x4000, 0xc000, 0x0000}) b.u16(h);  // 1, 2, -2, 0 in fp16
  return b.bytes;
}

// Where `needle` first occurs in `bytes` (fails the test when it does not).
inline std::size_t find_bytes(const Bytes& bytes, std::string_view needle) {
  for (std::size_t i = 0; i + needle.size() <= bytes.size(); ++i)
    if (std::memcmp(bytes.data() + i, needle.data(), needle.size()) == 0) return i;
  ADD_FAILURE() << "'" << needle << "' is not in the bytes";
  return 0;
}

// Where the GGUF string `s` (its length field, then its bytes) first occurs.
inline std::size_t find_gguf_string(const Bytes& bytes, std::string_view s) {
  std::string encoded(8, '\0');
  const std::uint64_t n = s.size();
  std::memcpy(encoded.data(), &n, 8);
  return find_bytes(bytes, encoded + std::string(s));
}

template <class T>
void patch(Bytes& bytes, std::size_t at, T value) {
  ASSERT_LE(at + sizeof(T), bytes.size());
  std::memcpy(bytes.data() + at, &value, sizeof(T));
}

template <class T>
T peek(const Bytes& bytes, std::size_t at) {
  T v{};
  if (at + sizeof(T) <= bytes.size()) std::memcpy(&v, bytes.data() + at, sizeof(T));
  return v;
}

// Parsing `bytes` (named "m.gguf") throws GgufError at `offset` whose message
// contains `text`, is one line, and reads "m.gguf: offset <offset>: ...".
inline void expect_error(std::span<const std::byte> bytes, std::uint64_t offset,
                         std::string_view text) {
  try {
    GgufFile::parse(bytes, "m.gguf");
    ADD_FAILURE() << "parsed without error; expected one at offset " << offset << " saying "
                  << text;
  } catch (const GgufError& e) {
    const std::string what = e.what();
    EXPECT_EQ(e.offset(), offset) << what;
    EXPECT_EQ(what.rfind("m.gguf: offset " + std::to_string(offset) + ": ", 0), 0u) << what;
    EXPECT_NE(what.find(text), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  }
}

}  // namespace llm::testing
