// GGUF version 3: the model file format of llama.cpp and ggml.
//
// Layout (all little-endian): magic "GGUF", uint32 version, uint64 tensor count,
// uint64 metadata count, the metadata key/values, the tensor infos, padding to
// `general.alignment` (default 32), then the tensor data; each tensor's offset
// is relative to the start of the data section and a multiple of the alignment.
// Dimensions are listed fastest-varying first: a row-major [rows x cols] weight
// has dims {cols, rows}.
//
// The reader maps the file and hands out views into the mapping (no copies);
// the views live as long as the GgufFile. Every structural fault, truncation
// included, throws GgufError naming the byte offset where reading went wrong.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace llm {

class GgufError : public std::runtime_error {
 public:
  // what() reads "<path>: offset <offset>: <message>".
  GgufError(const std::string& path, std::uint64_t offset, const std::string& message);
  std::uint64_t offset() const { return offset_; }
 private:
  std::uint64_t offset_;
};

enum class GgufType : std::uint32_t {
  uint8 = 0, int8 = 1, uint16 = 2, int16 = 3, uint32 = 4, int32 = 5, float32 = 6,
  boolean = 7, string = 8, array = 9, uint64 = 10, int64 = 11, float64 = 12,
};
const char* to_string(GgufType type);

// A metadata value. Arrays hold values of one element type (nested arrays allowed).
struct GgufValue;
struct GgufArray {
  GgufType element_type = GgufType::uint8;
  std::vector<GgufValue> values;
};
struct GgufValue {
  GgufType type = GgufType::uint8;
  std::variant<std::uint64_t, std::int64_t, double, bool, std::string, GgufArray> value;

  // Typed constructors (the type tag and the variant agree).
  static GgufValue u8(std::uint8_t v);
  static GgufValue i8(std::int8_t v);
  static GgufValue u16(std::uint16_t v);
  static GgufValue i16(std::int16_t v);
  static GgufValue u32(std::uint32_t v);
  static GgufValue i32(std::int32_t v);
  static GgufValue u64(std::uint64_t v);
  static GgufValue i64(std::int64_t v);
  static GgufValue f32(float v);
  static GgufValue f64(double v);
  static GgufValue boolean(bool v);
  static GgufValue str(std::string v);
  static GgufValue array(GgufType element_type, std::vector<GgufValue> values);

  // Checked readers: throw std::runtime_error naming the expected and actual type.
  std::uint64_t as_uint() const;   // any unsigned integer type
  std::int64_t as_int() const;     // any integer type that fits
  double as_float() const;         // float32 / float64
  const std::string& as_string() const;
  const GgufArray& as_array() const;
};

struct GgufKeyValue {
  std::string key;
  GgufValue value;
};

// ggml tensor types this code knows the size of; others are refused by name.
enum class GgmlType : std::uint32_t { f32 = 0, f16 = 1 };
const char* to_string(GgmlType type);

struct GgufTensorInfo {
  std::string name;
  std::vector<std::uint64_t> dims;  // fastest-varying first
  GgmlType type = GgmlType::f32;
  std::uint64_t offset = 0;         // relative to the data section
  std::uint64_t element_count() const;
  std::uint64_t byte_size() const;
};

// A zero-copy view of one tensor's bytes inside the mapping.
struct GgufTensorView {
  const GgufTensorInfo* info = nullptr;
  const std::byte* data = nullptr;
  // The elements as fp32; throws std::runtime_error if the tensor is not f32.
  std::span<const float> f32() const;
};

class GgufFile {
 public:
  // Maps `path` read-only and parses it. Throws GgufError (bad magic, version
  // other than 3, truncation, a tensor overrunning the file, bad alignment,
  // duplicate names, unknown types...) or std::system_error (cannot open/map).
  static GgufFile open(const std::string& path);
  // Parses a buffer the caller keeps alive (fuzzing, tests); `name` is used in errors.
  static GgufFile parse(std::span<const std::byte> bytes, const std::string& name);

  GgufFile(GgufFile&&) noexcept;
  GgufFile& operator=(GgufFile&&) noexcept;
  ~GgufFile();

  std::uint32_t version() const;
  std::uint64_t alignment() const;
  std::uint64_t file_size() const;
  // The whole file: the mapping (open) or the caller's buffer (parse). Every
  // tensor view points inside it.
  std::span<const std::byte> bytes() const;
  const std::vector<GgufKeyValue>& metadata() const;
  const GgufValue* find(std::string_view key) const;  // nullptr if absent
  // Throws GgufError (offset 0) naming the missing key.
  const GgufValue& require(std::string_view key) const;
  const std::vector<GgufTensorInfo>& tensors() const;
  // Throws GgufError naming the missing tensor.
  GgufTensorView tensor(std::string_view name) const;

 private:
  struct Impl;
  explicit GgufFile(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Builds a GGUF v3 file: add metadata and tensors, then write. Data is copied
// in add_tensor; write() goes to a temporary file renamed into place.
class GgufWriter {
 public:
  explicit GgufWriter(std::uint64_t alignment = 32);
  void add(std::string key, GgufValue value);
  // dims fastest-varying first; data holds element_count floats.
  void add_tensor(std::string name, std::vector<std::uint64_t> dims, std::span<const float> data);
  void write(const std::string& path) const;
  std::vector<std::byte> bytes() const;  // the file in memory (tests, fuzz seeds)
 private:
  std::uint64_t alignment_;
  std::vector<GgufKeyValue> metadata_;
  std::vector<GgufTensorInfo> infos_;
  std::vector<std::vector<float>> data_;
};

}  // namespace llm
