// The array readers of `perfgate crossval`: files written by NumPy itself
// (through the SciPy oracle's python3) must read back as the same numbers, and
// every malformed file must be refused naming the place.
#include "model/arrays.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "model/file_text.hpp"
#include "stats/testing/scipy_oracle.hpp"
#include "support/expect_error.hpp"

namespace perfgate {
namespace {

using stats::testing::ask_oracle;
using stats::testing::json_array;

class ArraysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/perfgate-arrays-XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Has NumPy write `values` with `shape` and `dtype` as a .npy file.
  std::string numpy_save(const std::string& file, const std::vector<double>& values,
                         const std::string& shape, const std::string& dtype,
                         const std::string& version = "[1, 0]", bool fortran = false) {
    const std::string path = (dir_ / file).string();
    ask_oracle(R"({"op": "npy_save", "path": ")" + path + R"(", "values": )" + json_array(values) +
               R"(, "shape": )" + shape + R"(, "dtype": ")" + dtype + R"(", "version": )" +
               version + R"(, "fortran_order": )" + (fortran ? "true" : "false") + "}");
    return path;
  }

  std::filesystem::path dir_;
};

// The message of the input_error `f` throws (exit 2); fails the test if it throws none.
template <class F>
std::string error_of(F f) {
  return test_support::input_error_message(f);
}

std::string raw_bytes(const std::vector<float>& xs) {
  std::string out(xs.size() * 4, '\0');
  std::memcpy(out.data(), xs.data(), out.size());  // the test host is little-endian
  return out;
}

TEST_F(ArraysTest, NpyFloat64WrittenByNumpyReadsBackRowMajor) {
  const std::vector<double> v{0.1, -2.5, 3e300, 4, 5, 6};
  const std::string path = numpy_save("a.npy", v, "[2, 3]", "<f8");
  const NumericArray a = read_array_file(path, ArrayFormat::automatic);
  EXPECT_EQ(a.values, v);
  EXPECT_EQ(a.description, "npy <f8 (2, 3)");
}

TEST_F(ArraysTest, NpyVersions2And3AreRead) {
  const std::vector<double> v{1.5, 2.5, -3.5};
  EXPECT_EQ(
      read_array_file(numpy_save("v2.npy", v, "[3]", "<f4", "[2, 0]"), ArrayFormat::npy).values, v);
  EXPECT_EQ(
      read_array_file(numpy_save("v3.npy", v, "[3]", "<f4", "[3, 0]"), ArrayFormat::npy).values, v);
}

TEST_F(ArraysTest, NpyIntegerTypesAreSignExtendedOrNot) {
  const std::vector<double> s{-1, 127, -128, 0};
  EXPECT_EQ(read_array_file(numpy_save("i1.npy", s, "[4]", "|i1"), ArrayFormat::npy).values, s);
  const std::vector<double> big{-2147483648.0, 2147483647.0, -5};
  EXPECT_EQ(read_array_file(numpy_save("i4.npy", big, "[3]", "<i4"), ArrayFormat::npy).values, big);
  EXPECT_EQ(read_array_file(numpy_save("i8.npy", big, "[3]", "<i8"), ArrayFormat::npy).values, big);
  const std::vector<double> u{0, 200, 255};
  EXPECT_EQ(read_array_file(numpy_save("u1.npy", u, "[3]", "|u1"), ArrayFormat::npy).values, u);
  const std::vector<double> scalar{42};
  EXPECT_EQ(read_array_file(numpy_save("s.npy", scalar, "[]", "<f8"), ArrayFormat::npy).values,
            scalar);
}

TEST_F(ArraysTest, NpyFortranOrderIsRefused) {
  const std::string path = numpy_save("f.npy", {1, 2, 3, 4}, "[2, 2]", "<f8", "[1, 0]", true);
  EXPECT_NE(
      error_of([&] { read_array_file(path, ArrayFormat::npy); }).find("fortran_order is True"),
      std::string::npos);
}

TEST_F(ArraysTest, TruncatedNpyNamesTheByteOffset) {
  const std::string path = numpy_save("t.npy", {1, 2, 3, 4}, "[4]", "<f8");
  std::string bytes = read_file_text(path);
  const std::size_t full = bytes.size();  // 128 header bytes + 32 data bytes
  bytes.resize(full - 5);
  const std::string msg = error_of([&] { parse_array(bytes, ArrayFormat::npy, "t.npy"); });
  EXPECT_NE(msg.find("t.npy: truncated at byte offset " + std::to_string(full - 5)),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("expected 4 float64 elements"), std::string::npos) << msg;
  EXPECT_NE(msg.find("holds 3 and a partial one"), std::string::npos) << msg;
  // A file cut inside its header says so too.
  EXPECT_NE(error_of([&] {
              parse_array(bytes.substr(0, 40), ArrayFormat::npy, "t.npy");
            }).find("truncated at byte offset 40"),
            std::string::npos);
}

TEST_F(ArraysTest, NpyWithBytesAfterTheDataIsRefused) {
  const std::string path = numpy_save("x.npy", {1, 2}, "[2]", "<f8");
  const std::string bytes = read_file_text(path) + "junk";
  EXPECT_NE(error_of([&] { parse_array(bytes, ArrayFormat::npy, "x.npy"); }).find("4 bytes after"),
            std::string::npos);
}

// A header by hand: magic, version 1.0, a 2-byte length, the dict.
std::string npy_with_header(const std::string& dict) {
  std::string out = std::string("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(dict.size() & 0xff);
  out += static_cast<char>(dict.size() >> 8);
  return out + dict;
}

TEST(Arrays, NpyShapeTooLargeToCountIsRefusedNotWrapped) {
  // 2^32 x 2^32 elements would wrap a 64-bit count to 0 (an empty array).
  const std::string bytes = npy_with_header(
      "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }\n");
  EXPECT_NE(error_of([&] {
              parse_array(bytes, ArrayFormat::npy, "h.npy");
            }).find("more elements than memory can hold"),
            std::string::npos);
}

TEST(Arrays, NpyHeaderErrorsNameTheByteOffset) {
  const std::string bytes =
      npy_with_header("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1,), }\n");
  const std::string msg = error_of([&] { parse_array(bytes, ArrayFormat::npy, "h.npy"); });
  // 10 bytes before the header; "Maybe" starts 34 bytes into it.
  EXPECT_NE(msg.find("h.npy: byte offset 44: bad .npy header: expected True or False"),
            std::string::npos)
      << msg;
}

TEST_F(ArraysTest, BigEndianNpyIsRefusedWithTheFix) {
  const std::string path = numpy_save("b.npy", {1, 2}, "[2]", ">f8");
  EXPECT_NE(error_of([&] { read_array_file(path, ArrayFormat::npy); }).find("big-endian"),
            std::string::npos);
}

TEST_F(ArraysTest, NotAnNpyFileIsSaidSo) {
  EXPECT_NE(error_of([&] {
              parse_array("hello world", ArrayFormat::npy, "h.npy");
            }).find("not a .npy file"),
            std::string::npos);
}

TEST(Arrays, RawFloat32ReadsEveryElement) {
  const NumericArray a = parse_array(raw_bytes({1.5f, -0.25f, 1e-30f}), ArrayFormat::f32, "o.bin");
  EXPECT_EQ(a.values, (std::vector<double>{1.5, -0.25, static_cast<double>(1e-30f)}));
}

TEST(Arrays, RawFloat64ReadsEveryElement) {
  const std::vector<double> v{0.1, 1e308, -7};
  std::string bytes(v.size() * 8, '\0');
  std::memcpy(bytes.data(), v.data(), bytes.size());
  EXPECT_EQ(parse_array(bytes, ArrayFormat::f64, "o.f64").values, v);
}

TEST(Arrays, RawWithAPartialElementIsTruncated) {
  const std::string bytes = raw_bytes({1, 2, 3}).substr(0, 10);
  const std::string msg = error_of([&] { parse_array(bytes, ArrayFormat::f32, "o.f32"); });
  EXPECT_NE(msg.find("o.f32: truncated at byte offset 10"), std::string::npos) << msg;
  EXPECT_NE(msg.find("from byte offset 8, has 2 of 4 bytes"), std::string::npos) << msg;
}

TEST(Arrays, JsonNestedArraysFlattenRowMajor) {
  EXPECT_EQ(parse_array("[[1, 2, 3], [4, 5.5, -6e2]]", ArrayFormat::json, "o.json").values,
            (std::vector<double>{1, 2, 3, 4, 5.5, -600}));
  EXPECT_EQ(parse_array("[1, 2]", ArrayFormat::json, "o.json").values, (std::vector<double>{1, 2}));
}

TEST(Arrays, JsonRaggedOrNonNumericIsRefusedNamingTheElement) {
  EXPECT_NE(error_of([] {
              parse_array("[[1, 2], [3]]", ArrayFormat::json, "o.json");
            }).find("o.json: [1]: ragged array"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              parse_array("[[1, 2], [3, \"x\"]]", ArrayFormat::json, "o.json");
            }).find("[1][1]: expected a number or an array, found string"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              parse_array("{\"a\": 1}", ArrayFormat::json, "o.json");
            }).find("expected a JSON array"),
            std::string::npos);
  EXPECT_NE(
      error_of([] { parse_array("[1,\n 2,,]", ArrayFormat::json, "o.json"); }).find("o.json:2:"),
      std::string::npos);
}

TEST(Arrays, JsonNumberBeyondADoubleOrNestingTooDeepIsInputError) {
  EXPECT_NE(error_of([] {
              parse_array("[1, 5e3333]", ArrayFormat::json, "o.json");
            }).find("o.json:1:5: the number 5e3333 is too large for a double"),
            std::string::npos);
  const std::string deep = std::string(100, '[') + "1" + std::string(100, ']');
  EXPECT_NE(error_of([&] {
              parse_array(deep, ArrayFormat::json, "o.json");
            }).find("nested deeper than 64 levels"),
            std::string::npos);
}

TEST(Arrays, TextTakesWhitespaceCommasAndComments) {
  EXPECT_EQ(parse_array("# header\n1, 2 3\n\t-4.5e1,+5\nnan inf\n", ArrayFormat::text, "o.txt")
                .values.size(),
            7u);
  const auto v = parse_array("1,2\n3 4\n", ArrayFormat::text, "o.csv").values;
  EXPECT_EQ(v, (std::vector<double>{1, 2, 3, 4}));
}

TEST(Arrays, TextBadTokenNamesLineAndColumn) {
  const std::string msg =
      error_of([] { parse_array("1 2 3\n4 5x 6\n", ArrayFormat::text, "o.txt"); });
  EXPECT_NE(msg.find("o.txt:2:3: '5x' is not a number"), std::string::npos) << msg;
}

TEST(Arrays, FormatByExtensionAndByName) {
  EXPECT_EQ(array_format_for_path("a/b.npy"), ArrayFormat::npy);
  EXPECT_EQ(array_format_for_path("b.csv"), ArrayFormat::text);
  EXPECT_EQ(array_format_for_path("b.f32"), ArrayFormat::f32);
  EXPECT_NE(error_of([] { array_format_for_path("out.bin"); }).find("pass --format"),
            std::string::npos);
  EXPECT_EQ(parse_array_format("f64"), ArrayFormat::f64);
  EXPECT_NE(error_of([] { parse_array_format("hdf5"); }).find("npy, f32, f64, json, text"),
            std::string::npos);
}

}  // namespace
}  // namespace perfgate
