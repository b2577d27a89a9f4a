// GgufValue: typed constructors and checked readers.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "llm/gguf.hpp"

namespace llm {
namespace {

TEST(GgufValue, TypedConstructorsSetTheTagAndKeepTheValue) {
  EXPECT_EQ(GgufValue::u8(200).type, GgufType::uint8);
  EXPECT_EQ(GgufValue::u8(200).as_uint(), 200u);
  EXPECT_EQ(GgufValue::i16(-300).type, GgufType::int16);
  EXPECT_EQ(GgufValue::i16(-300).as_int(), -300);
  EXPECT_EQ(GgufValue::f32(0.25f).type, GgufType::float32);
  EXPECT_EQ(GgufValue::f32(0.25f).as_float(), 0.25);
  EXPECT_EQ(GgufValue::boolean(true).type, GgufType::boolean);
  EXPECT_TRUE(std::get<bool>(GgufValue::boolean(true).value));
  EXPECT_EQ(GgufValue::str("x").as_string(), "x");
  const GgufValue a = GgufValue::array(GgufType::string, {GgufValue::str("p")});
  EXPECT_EQ(a.as_array().element_type, GgufType::string);
  ASSERT_EQ(a.as_array().values.size(), 1u);
  EXPECT_EQ(a.as_array().values[0].as_string(), "p");
}

TEST(GgufValue, AsUintAcceptsOnlyUnsignedTypes) {
  EXPECT_EQ(GgufValue::u64(std::numeric_limits<std::uint64_t>::max()).as_uint(),
            std::numeric_limits<std::uint64_t>::max());
  EXPECT_THROW(GgufValue::i32(5).as_uint(), std::runtime_error);
  EXPECT_THROW(GgufValue::f32(5).as_uint(), std::runtime_error);
}

TEST(GgufValue, AsIntAcceptsEveryIntegerThatFits) {
  EXPECT_EQ(GgufValue::u32(7).as_int(), 7);
  EXPECT_EQ(GgufValue::i64(std::numeric_limits<std::int64_t>::min()).as_int(),
            std::numeric_limits<std::int64_t>::min());
  EXPECT_THROW(GgufValue::u64(std::numeric_limits<std::uint64_t>::max()).as_int(),
               std::runtime_error);
  EXPECT_THROW(GgufValue::boolean(true).as_int(), std::runtime_error);
}

TEST(GgufValue, WrongTypeMessageNamesExpectedAndActual) {
  try {
    GgufValue::str("x").as_uint();
    FAIL() << "as_uint on a string did not throw";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("unsigned integer"), std::string::npos) << what;
    EXPECT_NE(what.find("string"), std::string::npos) << what;
  }
  EXPECT_THROW(GgufValue::u8(1).as_string(), std::runtime_error);
  EXPECT_THROW(GgufValue::u8(1).as_array(), std::runtime_error);
  EXPECT_THROW(GgufValue::u8(1).as_float(), std::runtime_error);
}

TEST(GgufValue, TagThatDisagreesWithTheDataIsReportedNotUndefined) {
  GgufValue v;
  v.type = GgufType::string;
  v.value = std::uint64_t{3};
  EXPECT_THROW(v.as_string(), std::runtime_error);
}

TEST(GgufTypes, NamesFollowTheSpec) {
  EXPECT_STREQ(to_string(GgufType::boolean), "bool");
  EXPECT_STREQ(to_string(GgufType::float64), "float64");
  EXPECT_STREQ(to_string(GgmlType::f32), "F32");
  EXPECT_STREQ(to_string(GgmlType::f16), "F16");
}

}  // namespace
}  // namespace llm
