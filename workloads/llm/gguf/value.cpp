// GgufValue: the typed constructors and the checked readers.
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "llm/gguf.hpp"

namespace llm {
namespace {

GgufValue make(GgufType type, decltype(GgufValue::value) value) {
  GgufValue v;
  v.type = type;
  v.value = std::move(value);
  return v;
}

bool is_unsigned(GgufType t) {
  return t == GgufType::uint8 || t == GgufType::uint16 || t == GgufType::uint32 ||
         t == GgufType::uint64;
}

bool is_signed(GgufType t) {
  return t == GgufType::int8 || t == GgufType::int16 || t == GgufType::int32 ||
         t == GgufType::int64;
}

[[noreturn]] void wrong_type(const char* expected, GgufType actual) {
  throw std::runtime_error(std::string("GGUF value: expected ") + expected + ", the value is " +
                           to_string(actual));
}

// The variant alternative the type tag promises; a value built by hand with a
// tag that disagrees is reported, not undefined.
template <class T>
const T& held(const GgufValue& v) {
  const T* p = std::get_if<T>(&v.value);
  if (p == nullptr)
    throw std::runtime_error(std::string("GGUF value: the ") + to_string(v.type) +
                             " value holds another kind of data; build values with the typed "
                             "constructors (GgufValue::u32, ...)");
  return *p;
}

}  // namespace

const char* to_string(GgufType type) {
  switch (type) {
    case GgufType::uint8:
      return "uint8";
    case GgufType::int8:
      return "int8";
    case GgufType::uint16:
      return "uint16";
    case GgufType::int16:
      return "int16";
    case GgufType::uint32:
      return "uint32";
    case GgufType::int32:
      return "int32";
    case GgufType::float32:
      return "float32";
    case GgufType::boolean:
      return "bool";
    case GgufType::string:
      return "string";
    case GgufType::array:
      return "array";
    case GgufType::uint64:
      return "uint64";
    case GgufType::int64:
      return "int64";
    case GgufType::float64:
      return "float64";
  }
  return "unknown";
}

GgufValue GgufValue::u8(std::uint8_t v) { return make(GgufType::uint8, std::uint64_t{v}); }
GgufValue GgufValue::u16(std::uint16_t v) { return make(GgufType::uint16, std::uint64_t{v}); }
GgufValue GgufValue::u32(std::uint32_t v) { return make(GgufType::uint32, std::uint64_t{v}); }
GgufValue GgufValue::u64(std::uint64_t v) { return make(GgufType::uint64, v); }
GgufValue GgufValue::i8(std::int8_t v) { return make(GgufType::int8, std::int64_t{v}); }
GgufValue GgufValue::i16(std::int16_t v) { return make(GgufType::int16, std::int64_t{v}); }
GgufValue GgufValue::i32(std::int32_t v) { return make(GgufType::int32, std::int64_t{v}); }
GgufValue GgufValue::i64(std::int64_t v) { return make(GgufType::int64, v); }
GgufValue GgufValue::f32(float v) { return make(GgufType::float32, double{v}); }
GgufValue GgufValue::f64(double v) { return make(GgufType::float64, v); }
GgufValue GgufValue::boolean(bool v) { return make(GgufType::boolean, v); }
GgufValue GgufValue::str(std::string v) { return make(GgufType::string, std::move(v)); }
GgufValue GgufValue::array(GgufType element_type, std::vector<GgufValue> values) {
  return make(GgufType::array, GgufArray{element_type, std::move(values)});
}

std::uint64_t GgufValue::as_uint() const {
  if (!is_unsigned(type)) wrong_type("an unsigned integer", type);
  return held<std::uint64_t>(*this);
}

std::int64_t GgufValue::as_int() const {
  if (is_signed(type)) return held<std::int64_t>(*this);
  if (!is_unsigned(type)) wrong_type("an integer", type);
  const std::uint64_t u = held<std::uint64_t>(*this);
  if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    throw std::runtime_error("GGUF value: the uint64 " + std::to_string(u) +
                             " does not fit in a signed 64-bit integer");
  return static_cast<std::int64_t>(u);
}

double GgufValue::as_float() const {
  if (type != GgufType::float32 && type != GgufType::float64)
    wrong_type("float32 or float64", type);
  return held<double>(*this);
}

const std::string& GgufValue::as_string() const {
  if (type != GgufType::string) wrong_type("a string", type);
  return held<std::string>(*this);
}

const GgufArray& GgufValue::as_array() const {
  if (type != GgufType::array) wrong_type("an array", type);
  return held<GgufArray>(*this);
}

}  // namespace llm
