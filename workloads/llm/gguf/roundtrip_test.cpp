// Writer -> reader round trips: every value type, tensors, alignment, and the
// zero-copy views into the mapping.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <system_error>
#include <vector>

#include "gguf_testing.hpp"
#include "llm/gguf.hpp"

namespace llm {
namespace {

using testing::Bytes;

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("llm_gguf_test_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Bytes out(chars.size());
  std::memcpy(out.data(), chars.data(), chars.size());
  return out;
}

TEST(GgufRoundTrip, EveryValueTypeReadsBackAsWritten) {
  const GgufWriter w = testing::all_types_writer();
  const Bytes bytes = w.bytes();
  const GgufFile f = GgufFile::parse(bytes, "all.gguf");
  EXPECT_EQ(f.version(), 3u);
  EXPECT_EQ(f.alignment(), 32u);
  ASSERT_EQ(f.metadata().size(), 18u);  // no general.alignment at the default
  EXPECT_EQ(f.find("general.alignment"), nullptr);

  EXPECT_EQ(f.require("test.u8").as_uint(), 250u);
  EXPECT_EQ(f.require("test.i8").as_int(), -128);
  EXPECT_EQ(f.require("test.u16").as_uint(), 65535u);
  EXPECT_EQ(f.require("test.i16").as_int(), -32768);
  EXPECT_EQ(f.require("test.u32").as_uint(), 4000000000u);
  EXPECT_EQ(f.require("test.i32").as_int(), std::numeric_limits<std::int32_t>::min());
  EXPECT_EQ(f.require("test.u64").as_uint(), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(f.require("test.i64").as_int(), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(f.require("test.f32").type, GgufType::float32);
  EXPECT_EQ(f.require("test.f32").as_float(), static_cast<double>(-1.5e-7f));
  EXPECT_EQ(f.require("test.f64").as_float(), 3.141592653589793);
  EXPECT_TRUE(std::get<bool>(f.require("test.true").value));
  EXPECT_FALSE(std::get<bool>(f.require("test.false").value));
  EXPECT_EQ(f.require("test.string").as_string(), "héllo, gguf");
  EXPECT_EQ(f.require("test.empty_string").as_string(), "");
  EXPECT_EQ(f.require("test.nul_string").as_string(), std::string("a\0b", 3));
  EXPECT_EQ(f.require("test.empty_array").as_array().element_type, GgufType::uint32);
  EXPECT_TRUE(f.require("test.empty_array").as_array().values.empty());

  const GgufArray& strings = f.require("test.strings").as_array();
  ASSERT_EQ(strings.values.size(), 3u);
  EXPECT_EQ(strings.values[2].as_string(), "yz");

  const GgufArray& nested = f.require("test.nested").as_array();
  ASSERT_EQ(nested.element_type, GgufType::array);
  ASSERT_EQ(nested.values.size(), 3u);
  EXPECT_EQ(nested.values[0].as_array().values[0].as_int(), -1);
  EXPECT_EQ(nested.values[0].as_array().values[1].as_int(), 2);
  EXPECT_EQ(nested.values[1].as_array().element_type, GgufType::string);
  EXPECT_TRUE(nested.values[1].as_array().values.empty());
  const GgufValue& deepest = nested.values[2].as_array().values[0].as_array().values[0];
  EXPECT_EQ(deepest.type, GgufType::boolean);
  EXPECT_TRUE(std::get<bool>(deepest.value));

  // The order is the order added.
  EXPECT_EQ(f.metadata().front().key, "test.u8");
  EXPECT_EQ(f.metadata().back().key, "test.nested");
}

TEST(GgufRoundTrip, ValuesSurviveASecondWrite) {
  // Reading and writing again gives the same bytes: nothing is lost or reordered.
  const Bytes first = testing::all_types_writer().bytes();
  const GgufFile f = GgufFile::parse(first, "first.gguf");
  GgufWriter again;
  for (const GgufKeyValue& kv : f.metadata()) again.add(kv.key, kv.value);
  for (const GgufTensorInfo& t : f.tensors())
    again.add_tensor(t.name, t.dims, f.tensor(t.name).f32());
  EXPECT_EQ(again.bytes(), first);
}

TEST(GgufRoundTrip, TensorsKeepNameShapeAndData) {
  const Bytes bytes = testing::all_types_writer().bytes();
  const GgufFile f = GgufFile::parse(bytes, "all.gguf");
  ASSERT_EQ(f.tensors().size(), 2u);
  const GgufTensorInfo& a = f.tensors()[0];
  EXPECT_EQ(a.name, "a");
  EXPECT_EQ(a.dims, (std::vector<std::uint64_t>{3, 2}));
  EXPECT_EQ(a.type, GgmlType::f32);
  EXPECT_EQ(a.offset, 0u);
  EXPECT_EQ(a.element_count(), 6u);
  EXPECT_EQ(a.byte_size(), 24u);
  EXPECT_EQ(f.tensors()[1].offset, 32u);  // 24 bytes of "a", padded to 32

  const auto va = f.tensor("a").f32();
  ASSERT_EQ(va.size(), 6u);
  EXPECT_EQ(va[2], 3.5f);
  EXPECT_TRUE(std::signbit(va[4]));  // -0.0 kept
  EXPECT_EQ(va[5], 1e-30f);
  const auto vb = f.tensor("b").f32();
  EXPECT_EQ(std::vector<float>(vb.begin(), vb.end()), (std::vector<float>{7, 8, 9}));
}

TEST(GgufRoundTrip, ParsedViewsPointIntoTheCallersBuffer) {
  const Bytes bytes = testing::all_types_writer().bytes();
  const GgufFile f = GgufFile::parse(bytes, "all.gguf");
  EXPECT_EQ(f.bytes().data(), bytes.data());
  const GgufTensorView v = f.tensor("b");
  EXPECT_GE(v.data, bytes.data());
  EXPECT_LE(v.data + v.info->byte_size(), bytes.data() + bytes.size());
}

class GgufAlignment : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(GgufAlignment, OpenedTensorsAreZeroCopyAndAligned) {
  const std::uint64_t alignment = GetParam();
  const GgufWriter w = testing::all_types_writer(alignment);
  const std::string path = temp_path("align" + std::to_string(alignment) + ".gguf");
  w.write(path);
  EXPECT_EQ(read_file(path), w.bytes());  // write() and bytes() agree
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp." + std::to_string(::getpid())));

  const GgufFile f = GgufFile::open(path);
  EXPECT_EQ(f.alignment(), alignment);
  EXPECT_EQ(f.file_size(), std::filesystem::file_size(path));
  const std::byte* begin = f.bytes().data();
  const std::byte* end = begin + f.bytes().size();
  for (const GgufTensorInfo& t : f.tensors()) {
    const GgufTensorView v = f.tensor(t.name);
    EXPECT_EQ(v.info, &t);
    // Inside the mapping, at an aligned address (the mapping starts on a page).
    EXPECT_GE(v.data, begin) << t.name;
    EXPECT_LE(v.data + t.byte_size(), end) << t.name;
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(v.data) % alignment, 0u) << t.name;
    EXPECT_EQ(static_cast<const void*>(v.f32().data()), static_cast<const void*>(v.data));
  }
  // The file ends where the last tensor's data ends.
  const GgufTensorView last = f.tensor("b");
  EXPECT_EQ(last.data + last.info->byte_size(), end);
  std::filesystem::remove(path);
}

INSTANTIATE_TEST_SUITE_P(Alignments, GgufAlignment, ::testing::Values(32u, 64u));

TEST(GgufWriter, WritesAlignmentKeyOnlyWhenNotTheDefault) {
  const Bytes b64 = testing::all_types_writer(64).bytes();
  const GgufFile f64 = GgufFile::parse(b64, "64.gguf");
  ASSERT_NE(f64.find("general.alignment"), nullptr);
  EXPECT_EQ(f64.find("general.alignment")->type, GgufType::uint32);
  EXPECT_EQ(f64.find("general.alignment")->as_uint(), 64u);
  EXPECT_EQ(f64.metadata().front().key, "general.alignment");
  EXPECT_EQ(f64.tensors()[1].offset, 64u);
}

TEST(GgufWriter, FileWithoutTensorsOrMetadataIsTheBareHeader) {
  const Bytes bytes = GgufWriter().bytes();
  EXPECT_EQ(bytes.size(), 32u);  // 24 bytes of header, padded to 32
  const GgufFile f = GgufFile::parse(bytes, "empty.gguf");
  EXPECT_TRUE(f.metadata().empty());
  EXPECT_TRUE(f.tensors().empty());
}

TEST(GgufWriter, RefusesWhatItCannotWriteFaithfully) {
  EXPECT_THROW(GgufWriter(48), std::invalid_argument);
  EXPECT_THROW(GgufWriter(0), std::invalid_argument);
  GgufWriter w;
  w.add("k", GgufValue::u8(1));
  EXPECT_THROW(w.add("k", GgufValue::u8(2)), std::invalid_argument);
  EXPECT_THROW(w.add("mixed", GgufValue::array(GgufType::uint8, {GgufValue::u16(1)})),
               std::invalid_argument);
  GgufValue too_big;
  too_big.type = GgufType::uint8;
  too_big.value = std::uint64_t{256};
  EXPECT_THROW(w.add("too_big", too_big), std::invalid_argument);
  EXPECT_THROW(w.add("general.alignment", GgufValue::u32(64)), std::invalid_argument);
  GgufValue deep = GgufValue::array(GgufType::uint8, {});
  for (int level = 1; level < 16; ++level) deep = GgufValue::array(GgufType::array, {deep});
  w.add("deep16", deep);  // 16 levels: as deep as the reader reads
  EXPECT_NO_THROW(GgufFile::parse(w.bytes(), "deep.gguf"));
  EXPECT_THROW(w.add("deep17", GgufValue::array(GgufType::array, {deep})), std::invalid_argument);
  const float data[4] = {};
  EXPECT_THROW(w.add_tensor("t", {3}, data), std::invalid_argument);  // 3 != 4 floats
  EXPECT_THROW(w.add_tensor("t", {4, 0}, data), std::invalid_argument);
  EXPECT_THROW(w.add_tensor("t", {1, 1, 1, 1, 4}, data), std::invalid_argument);
  w.add_tensor("t", {2, 2}, data);
  EXPECT_THROW(w.add_tensor("t", {4}, data), std::invalid_argument);
}

TEST(GgufWriter, UnwritablePathThrowsNamingIt) {
  const std::string path = "/nonexistent-dir-for-llm-test/m.gguf";
  try {
    testing::all_types_writer().write(path);
    FAIL() << "write to a missing folder did not throw";
  } catch (const std::system_error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace llm
