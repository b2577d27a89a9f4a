// Every structural fault the reader refuses, each at the byte offset where
// reading went wrong. The bad files are writer output with one field edited
// (fields located by their key or name), or assembled by hand.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "gguf_testing.hpp"
#include "llm/gguf.hpp"

namespace llm {
namespace {

using testing::ByteBuilder;
using testing::Bytes;
using testing::expect_error;
using testing::find_gguf_string;
using testing::patch;

constexpr std::size_t kHeaderBytes = 24;  // magic, version, tensor count, metadata count

// Offsets of a metadata key's fields, from where its key string starts.
std::size_t type_field(const Bytes& b, std::string_view key) {
  return find_gguf_string(b, key) + 8 + key.size();
}
std::size_t value_field(const Bytes& b, std::string_view key) { return type_field(b, key) + 4; }

// Offsets of a tensor info's fields, from where its name starts.
std::size_t n_dims_field(const Bytes& b, std::string_view name) {
  return find_gguf_string(b, name) + 8 + name.size();
}
std::size_t dim_field(const Bytes& b, std::string_view name, std::size_t d) {
  return n_dims_field(b, name) + 4 + 8 * d;
}
std::size_t ggml_type_field(const Bytes& b, std::string_view name) {
  const std::size_t at = n_dims_field(b, name);
  return at + 4 + 8 * testing::peek<std::uint32_t>(b, at);
}
std::size_t offset_field(const Bytes& b, std::string_view name) {
  return ggml_type_field(b, name) + 4;
}

Bytes all_types() { return testing::all_types_writer().bytes(); }

TEST(GgufErrors, WrongMagicShowsWhatWasThere) {
  Bytes b = all_types();
  std::memcpy(b.data(), "PK\x03\x04", 4);
  expect_error(b, 0, "not a GGUF file (magic is 'PK\\x03\\x04', expected 'GGUF')");
}

TEST(GgufErrors, OnlyVersion3IsRead) {
  Bytes b = all_types();
  patch<std::uint32_t>(b, 4, 2);
  expect_error(b, 4, "version 2; this reader reads GGUF v3");
  patch<std::uint32_t>(b, 4, 4);
  expect_error(b, 4, "version 4; this reader reads GGUF v3");
  patch<std::uint32_t>(b, 4, 3u << 24);
  expect_error(b, 4, "big-endian");
}

TEST(GgufErrors, TruncationInsideAStringNamesTheKeyAndTheBytesMissing) {
  GgufWriter w;
  w.add("tokenizer.ggml.tokens",
        GgufValue::array(GgufType::string, {GgufValue::str("abc"), GgufValue::str("hello wor")}));
  const Bytes full = w.bytes();
  const std::size_t at = find_gguf_string(full, "hello wor") + 8;
  const Bytes cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(at + 5));
  expect_error(cut, at,
               "file ends inside the string of element [1] of metadata key 0 "
               "('tokenizer.ggml.tokens'): 5 bytes left, 9 needed — the file is truncated");
}

TEST(GgufErrors, TensorRunningPastTheEndOfTheFile) {
  GgufWriter w;
  const std::vector<float> q(8, 1.0f);
  w.add_tensor("blk.0.attn_q.weight", {4, 2}, q);
  const Bytes full = w.bytes();
  const std::size_t field = offset_field(full, "blk.0.attn_q.weight");
  const Bytes cut(full.begin(), full.end() - 1);
  expect_error(cut, field,
               "tensor 'blk.0.attn_q.weight' (data offset 0, 32 bytes) runs past the end of the "
               "file (size " +
                   std::to_string(cut.size()));

  Bytes wide = full;  // dims that claim more data than there is
  patch<std::uint64_t>(wide, dim_field(wide, "blk.0.attn_q.weight", 1), 3);
  expect_error(wide, field, "(data offset 0, 48 bytes) runs past the end of the file");
}

TEST(GgufErrors, UnknownValueTypes) {
  Bytes b = all_types();
  const std::size_t at = type_field(b, "test.u32");
  patch<std::uint32_t>(b, at, 13);
  expect_error(b, at, "unknown value type 13 (the value type of metadata key 4 ('test.u32'))");

  Bytes e = all_types();  // the element type of an (empty) array
  const std::size_t el = value_field(e, "test.empty_array");
  patch<std::uint32_t>(e, el, 200);
  expect_error(e, el, "unknown value type 200 (the element type of the array of metadata key 15");
}

TEST(GgufErrors, TensorTypesOtherThanF32AndF16AreRefusedByName) {
  Bytes b = all_types();
  const std::size_t at = ggml_type_field(b, "b");
  patch<std::uint32_t>(b, at, 99);
  expect_error(b, at, "tensor 'b' has unknown ggml type 99");
  patch<std::uint32_t>(b, at, 12);
  expect_error(b, at, "tensor 'b' has ggml type Q4_K (12), which this reader does not read");
  patch<std::uint32_t>(b, at, 4);  // a number the spec retired
  expect_error(b, at, "unknown ggml type 4");
}

TEST(GgufErrors, CountsThatCannotFitAreRefusedBeforeAllocating) {
  Bytes t = all_types();
  patch<std::uint64_t>(t, 8, std::uint64_t{1} << 40);
  expect_error(t, 8, "the tensor count is 1099511627776, but the");
  Bytes m = all_types();
  patch<std::uint64_t>(m, 16, ~std::uint64_t{0});
  expect_error(m, 16, "the metadata count is 18446744073709551615");
  Bytes a = all_types();
  const std::size_t length = value_field(a, "test.strings") + 4;
  patch<std::uint64_t>(a, length, 1'000'000'000'000);
  expect_error(a, length, "has 1000000000000 elements, but the");
}

TEST(GgufErrors, StringLongerThanTheWholeFileIsCorrupt) {
  Bytes b = all_types();
  const std::size_t at = value_field(b, "test.string");
  patch<std::uint64_t>(b, at, std::uint64_t{1} << 40);
  expect_error(b, at, "is 1099511627776 bytes, more than the whole file");
}

TEST(GgufErrors, DuplicateKeysAndTensorNames) {
  GgufWriter w;
  w.add("dup.a", GgufValue::u8(1));
  w.add("dup.b", GgufValue::u8(2));
  const float x[1] = {1};
  w.add_tensor("ta", {1}, x);
  w.add_tensor("tb", {1}, x);
  Bytes keys = w.bytes();
  const std::size_t second_key = find_gguf_string(keys, "dup.b");
  keys[second_key + 8 + 4] = std::byte{'a'};
  expect_error(keys, second_key, "duplicate metadata key 'dup.a' (also metadata key 0)");

  Bytes names = w.bytes();
  const std::size_t second_name = find_gguf_string(names, "tb");
  names[second_name + 8 + 1] = std::byte{'a'};
  expect_error(names, second_name, "duplicate tensor 'ta' (also tensor info 0)");
}

TEST(GgufErrors, DimensionsMustBeOneToFourAndNonZero) {
  Bytes zero = all_types();
  const std::size_t d1 = dim_field(zero, "a", 1);
  patch<std::uint64_t>(zero, d1, 0);
  expect_error(zero, d1, "tensor 'a' has size 0 in dimension 1");

  Bytes five = all_types();
  const std::size_t n = n_dims_field(five, "a");
  patch<std::uint32_t>(five, n, 5);
  expect_error(five, n, "tensor 'a' has 5 dimensions; GGUF tensors have 1 to 4");
  patch<std::uint32_t>(five, n, 0);
  expect_error(five, n, "tensor 'a' has 0 dimensions");

  Bytes huge = all_types();  // a product that would overflow 64 bits
  const std::size_t d0 = dim_field(huge, "a", 0);
  patch<std::uint64_t>(huge, d0, std::uint64_t{1} << 62);
  expect_error(huge, d0, "tensor 'a' has more elements than the file has bytes");
}

TEST(GgufErrors, TensorOffsetsMustBeAligned) {
  Bytes b = all_types();
  const std::size_t at = offset_field(b, "b");
  patch<std::uint64_t>(b, at, 33);
  expect_error(b, at, "tensor 'b' has data offset 33, not a multiple of the alignment (32)");
}

TEST(GgufErrors, AlignmentMustBeAUint32PowerOfTwo) {
  Bytes b = testing::aligned64_writer().bytes();
  const std::size_t value = value_field(b, "general.alignment");
  patch<std::uint32_t>(b, value, 48);
  expect_error(b, value, "general.alignment is 48; it must be a power of two");
  patch<std::uint32_t>(b, value, 0);
  expect_error(b, value, "general.alignment is 0");

  ByteBuilder h;  // stored as uint64, by hand
  h.text("GGUF").u32(3).u64(0).u64(1).str("general.alignment").u32(10).u64(32);
  expect_error(h.bytes, kHeaderBytes + 8 + 17,
               "general.alignment is uint64; GGUF stores it as uint32");
}

TEST(GgufErrors, BoolMustBeZeroOrOne) {
  Bytes b = all_types();
  const std::size_t at = value_field(b, "test.true");
  b[at] = std::byte{2};
  expect_error(b, at, "the bool value of metadata key 10 ('test.true') is 2");
}

TEST(GgufErrors, ArraysNestedTooDeepAreRefused) {
  ByteBuilder h;
  h.text("GGUF").u32(3).u64(0).u64(1).str("n").u32(9);
  for (int level = 0; level < 20; ++level) h.u32(9).u64(1);
  h.u32(0).u64(0);
  // Level d's element type is at 37 + 12 d; level 15 may not hold arrays.
  expect_error(h.bytes, 37 + 12 * 15, "nest more than 16 deep");
}

TEST(GgufErrors, MissingKeyOrTensorNamesIt) {
  const Bytes b = all_types();
  const GgufFile f = GgufFile::parse(b, "m.gguf");
  try {
    f.require("no.such.key");
    FAIL() << "require of a missing key did not throw";
  } catch (const GgufError& e) {
    EXPECT_EQ(e.offset(), 0u);
    EXPECT_NE(std::string(e.what()).find("m.gguf: offset 0: metadata key 'no.such.key' is missing"),
              std::string::npos)
        << e.what();
  }
  try {
    f.tensor("output.weight");
    FAIL() << "a missing tensor did not throw";
  } catch (const GgufError& e) {
    EXPECT_NE(std::string(e.what()).find("no tensor named 'output.weight'"), std::string::npos)
        << e.what();
  }
}

TEST(GgufErrors, OpenReportsFilesItCannotRead) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("llm_gguf_errors_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string missing = (dir / "missing.gguf").string();
  try {
    GgufFile::open(missing);
    FAIL() << "opening a missing file did not throw";
  } catch (const std::system_error& e) {
    EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
  }
  EXPECT_THROW(GgufFile::open(dir.string()), std::system_error);

  const std::string empty = (dir / "empty.gguf").string();
  std::ofstream(empty).close();
  try {
    GgufFile::open(empty);
    FAIL() << "an empty file did not throw";
  } catch (const GgufError& e) {
    EXPECT_EQ(e.offset(), 0u);
    EXPECT_NE(std::string(e.what()).find(empty + ": offset 0: file ends inside the magic"),
              std::string::npos)
        << e.what();
  }
  std::filesystem::remove_all(dir);
}

TEST(GgufErrors, F32ViewOfAMisalignedBufferThrowsInsteadOfMisreading) {
  const Bytes b = all_types();
  Bytes shifted(b.size() + 1);
  std::memcpy(shifted.data() + 1, b.data(), b.size());
  const GgufFile f = GgufFile::parse(std::span(shifted).subspan(1), "shifted.gguf");
  EXPECT_THROW(f.tensor("a").f32(), std::runtime_error);
}

}  // namespace
}  // namespace llm
