// The GGUF v3 parser: header, metadata, tensor infos, then the checks that
// need all of them (alignment, every tensor's data inside the file).
//
// Counts and lengths are checked against the bytes left before anything is
// allocated for them, and arrays nest at most kMaxArrayDepth deep, so no input
// makes the parser allocate far more than the file's size or recurse deeply.
#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "contents.hpp"
#include "cursor.hpp"
#include "ggml_types.hpp"

namespace llm::gguf_detail {
namespace {

constexpr std::uint32_t kVersion = 3;
constexpr std::uint32_t kMaxDims = 4;
constexpr std::uint32_t kLastValueType = static_cast<std::uint32_t>(GgufType::float64);
// Smallest encodings, for the "cannot fit in the rest of the file" checks:
// a key/value is a key length (8), a type (4) and at least one byte of value;
// a tensor info is a name length (8), n_dims (4), a type (4) and an offset (8).
constexpr std::uint64_t kMinKeyValueBytes = 8 + 4 + 1;
constexpr std::uint64_t kMinTensorInfoBytes = 8 + 4 + 4 + 8;

// Bytes of one value of `type` at least (exactly, for the fixed-size types).
std::uint64_t min_value_bytes(GgufType type) {
  switch (type) {
    case GgufType::uint8:
    case GgufType::int8:
    case GgufType::boolean:
      return 1;
    case GgufType::uint16:
    case GgufType::int16:
      return 2;
    case GgufType::uint32:
    case GgufType::int32:
    case GgufType::float32:
      return 4;
    case GgufType::uint64:
    case GgufType::int64:
    case GgufType::float64:
    case GgufType::string:
      return 8;  // a string's length
    case GgufType::array:
      return 12;  // element type and length
  }
  return 1;
}

class Parser {
 public:
  explicit Parser(Contents& c) : c_(c), in_(c.bytes, c.name) {}

  void run() {
    read_header();
    for (item_ = 0; item_ < metadata_count_; ++item_) read_key_value();
    section_ = Section::tensors;
    for (item_ = 0; item_ < tensor_count_; ++item_) read_tensor_info();
    place_data();
  }

 private:
  enum class Section { header, metadata, tensors };

  // Where the parser is, for error messages: "element [3][0] of metadata key
  // 17 ('tokenizer.ggml.tokens')", "tensor info 2 ('output.weight')".
  std::string where() const {
    if (section_ == Section::header) return "the header";
    std::string s = section_ == Section::metadata ? "metadata key " : "tensor info ";
    s += std::to_string(item_);
    if (!item_name_.empty()) s.append(" (").append(quoted(item_name_)).append(")");
    if (elements_.empty()) return s;
    std::string path = "element ";
    for (std::uint64_t e : elements_) path.append("[").append(std::to_string(e)).append("]");
    return path.append(" of ").append(s);
  }

  std::string tensor_label() const { return "tensor " + quoted(item_name_); }

  void read_header() {
    const auto magic = in_.read<std::array<char, 4>>([] { return std::string("the magic"); });
    const std::string_view m(magic.data(), magic.size());
    if (m != "GGUF") in_.fail(0, "not a GGUF file (magic is " + quoted(m) + ", expected 'GGUF')");

    c_.version = in_.read<std::uint32_t>([] { return std::string("the version"); });
    if (c_.version != kVersion) {
      std::string message = "version " + std::to_string(c_.version);
      if (c_.version == (kVersion << 24))
        message +=
            ", which is 3 byte-swapped: a big-endian GGUF file; this reader reads "
            "little-endian GGUF v3";
      else
        message +=
            "; this reader reads GGUF v3 (convert the file with a current llama.cpp "
            "or write it again)";
      in_.fail(4, message);
    }
    tensor_count_ = in_.read<std::uint64_t>([] { return std::string("the tensor count"); });
    metadata_count_ = in_.read<std::uint64_t>([] { return std::string("the metadata count"); });
    check_count(8, tensor_count_, kMinTensorInfoBytes, "tensor count", "tensor infos");
    check_count(16, metadata_count_, kMinKeyValueBytes, "metadata count", "key/value pairs");
    c_.metadata.reserve(static_cast<std::size_t>(metadata_count_));
    c_.tensors.reserve(static_cast<std::size_t>(tensor_count_));
    section_ = Section::metadata;
  }

  // Refuses a count that cannot fit in the rest of the file, before anything
  // is allocated for it.
  void check_count(std::uint64_t at, std::uint64_t count, std::uint64_t min_bytes, const char* what,
                   const char* items) {
    const std::uint64_t fit = in_.remaining() / min_bytes;
    if (count > fit)
      in_.fail(at, std::string("the ") + what + " is " + std::to_string(count) + ", but the " +
                       std::to_string(in_.remaining()) + " bytes left hold at most " +
                       std::to_string(fit) + " " + items + " (" + std::to_string(min_bytes) +
                       " bytes each at least) — the file is corrupt");
  }

  GgufType read_type(const char* what) {
    const std::uint64_t at = in_.position();
    const auto t = in_.read<std::uint32_t>([&] { return std::string(what) + " of " + where(); });
    if (t > kLastValueType)
      in_.fail(at, "unknown value type " + std::to_string(t) + " (" + what + " of " + where() +
                       "); GGUF v3 defines types 0 to " + std::to_string(kLastValueType) +
                       " — the file is corrupt or from a newer GGUF version");
    return static_cast<GgufType>(t);
  }

  void read_key_value() {
    item_name_.clear();
    const std::uint64_t key_at = in_.position();
    std::string key = in_.read_string([&] { return "the name of " + where(); });
    item_name_ = key;
    if (const auto it = c_.key_index.find(key); it != c_.key_index.end())
      in_.fail(key_at, "duplicate metadata key " + quoted(key) + " (also metadata key " +
                           std::to_string(it->second) +
                           "); each key may appear once — the file is corrupt");
    const std::uint64_t type_at = in_.position();
    const GgufType type = read_type("the value type");
    const std::uint64_t value_at = in_.position();
    GgufValue value = read_value(type, 0);
    if (key == "general.alignment") set_alignment(value, type_at, value_at);
    c_.key_index.emplace(key, c_.metadata.size());
    c_.metadata.push_back({std::move(key), std::move(value)});
  }

  void set_alignment(const GgufValue& value, std::uint64_t type_at, std::uint64_t value_at) {
    if (value.type != GgufType::uint32)
      in_.fail(type_at, std::string("general.alignment is ") + to_string(value.type) +
                            "; GGUF stores it as uint32");
    const std::uint64_t a = value.as_uint();
    if (a == 0 || (a & (a - 1)) != 0)
      in_.fail(value_at, "general.alignment is " + std::to_string(a) +
                             "; it must be a power of two (the default is 32)");
    c_.alignment = a;
  }

  template <class T>
  T read_number() {
    return in_.read<T>([&] { return "the value of " + where(); });
  }

  GgufValue read_value(GgufType type, std::size_t depth) {
    switch (type) {
      case GgufType::uint8:
        return GgufValue::u8(read_number<std::uint8_t>());
      case GgufType::int8:
        return GgufValue::i8(read_number<std::int8_t>());
      case GgufType::uint16:
        return GgufValue::u16(read_number<std::uint16_t>());
      case GgufType::int16:
        return GgufValue::i16(read_number<std::int16_t>());
      case GgufType::uint32:
        return GgufValue::u32(read_number<std::uint32_t>());
      case GgufType::int32:
        return GgufValue::i32(read_number<std::int32_t>());
      case GgufType::uint64:
        return GgufValue::u64(read_number<std::uint64_t>());
      case GgufType::int64:
        return GgufValue::i64(read_number<std::int64_t>());
      case GgufType::float32:
        return GgufValue::f32(read_number<float>());
      case GgufType::float64:
        return GgufValue::f64(read_number<double>());
      case GgufType::boolean: {
        const std::uint64_t at = in_.position();
        const auto b = read_number<std::uint8_t>();
        if (b > 1)
          in_.fail(at, "the bool value of " + where() + " is " + std::to_string(b) +
                           "; a GGUF bool is 0 or 1 — the file is corrupt");
        return GgufValue::boolean(b == 1);
      }
      case GgufType::string:
        return GgufValue::str(in_.read_string([&] { return "the string of " + where(); }));
      case GgufType::array:
        return read_array(depth);
    }
    return {};  // unreachable: read_type() refuses other numbers
  }

  GgufValue read_array(std::size_t depth) {
    const std::uint64_t at = in_.position();
    const GgufType element_type = read_type("the element type of the array");
    if (element_type == GgufType::array && depth + 1 >= kMaxArrayDepth)
      in_.fail(at, "the arrays in " + where() + " nest more than " +
                       std::to_string(kMaxArrayDepth) + " deep; this reader stops there");
    const std::uint64_t length_at = in_.position();
    const auto length = in_.read<std::uint64_t>([&] { return "the array length of " + where(); });
    const std::uint64_t min_bytes = min_value_bytes(element_type);
    const std::uint64_t fit = in_.remaining() / min_bytes;
    if (length > fit)
      in_.fail(length_at, "the array of " + where() + " has " + std::to_string(length) +
                              " elements, but the " + std::to_string(in_.remaining()) +
                              " bytes left hold at most " + std::to_string(fit) + " " +
                              to_string(element_type) + " values — the file is corrupt");
    std::vector<GgufValue> values;
    values.reserve(static_cast<std::size_t>(length));
    elements_.push_back(0);
    for (std::uint64_t i = 0; i < length; ++i) {
      elements_.back() = i;
      values.push_back(read_value(element_type, depth + 1));
    }
    elements_.pop_back();
    return GgufValue::array(element_type, std::move(values));
  }

  void read_tensor_info() {
    item_name_.clear();
    GgufTensorInfo info;
    const std::uint64_t name_at = in_.position();
    info.name = in_.read_string([&] { return "the name of " + where(); });
    item_name_ = info.name;
    if (const auto it = c_.tensor_index.find(info.name); it != c_.tensor_index.end())
      in_.fail(name_at, "duplicate " + tensor_label() + " (also tensor info " +
                            std::to_string(it->second) +
                            "); each tensor name may appear once — the file is corrupt");

    const std::uint64_t dims_at = in_.position();
    const auto n_dims =
        in_.read<std::uint32_t>([&] { return "the dimension count of " + where(); });
    if (n_dims == 0 || n_dims > kMaxDims)
      in_.fail(dims_at, tensor_label() + " has " + std::to_string(n_dims) +
                            " dimensions; GGUF tensors have 1 to 4 — the file is corrupt");
    std::uint64_t elements = 1;
    for (std::uint32_t d = 0; d < n_dims; ++d) {
      const std::uint64_t at = in_.position();
      const auto size = in_.read<std::uint64_t>(
          [&] { return "dimension " + std::to_string(d) + " of " + where(); });
      if (size == 0)
        in_.fail(at, tensor_label() + " has size 0 in dimension " + std::to_string(d) +
                         "; every dimension must be at least 1 — the file is corrupt");
      // Every element takes at least a byte: more elements than the file has
      // bytes cannot fit (and the product cannot overflow below that bound).
      if (elements > in_.size() / size)
        in_.fail(at, tensor_label() + " has more elements than the file has bytes (" +
                         std::to_string(in_.size()) + ") — the file is corrupt");
      elements *= size;
      info.dims.push_back(size);
    }

    const std::uint64_t type_at = in_.position();
    const auto type = in_.read<std::uint32_t>([&] { return "the ggml type of " + where(); });
    if (ggml_type_bytes(type) == 0) {
      if (const char* name = ggml_type_name(type))
        in_.fail(type_at, tensor_label() + " has ggml type " + name + " (" + std::to_string(type) +
                              "), which this reader does not read (it reads F32 and F16); "
                              "write the model with F32 weights (llm-make-model does)");
      in_.fail(type_at, tensor_label() + " has unknown ggml type " + std::to_string(type) +
                            "; GGUF defines types 0 to 39 — the file is corrupt");
    }
    info.type = static_cast<GgmlType>(type);

    const std::uint64_t offset_at = in_.position();
    info.offset = in_.read<std::uint64_t>([&] { return "the data offset of " + where(); });
    if (info.offset % c_.alignment != 0)
      in_.fail(offset_at, tensor_label() + " has data offset " + std::to_string(info.offset) +
                              ", not a multiple of the alignment (" + std::to_string(c_.alignment) +
                              ") — the file is corrupt");
    offset_fields_.push_back(offset_at);
    c_.tensor_index.emplace(info.name, c_.tensors.size());
    c_.tensors.push_back(std::move(info));
  }

  // The data section starts at the aligned end of the header; each tensor's
  // bytes must lie inside the file.
  void place_data() {
    const std::uint64_t end = in_.position();
    c_.data_offset = end + (c_.alignment - end % c_.alignment) % c_.alignment;
    const std::uint64_t size = in_.size();
    for (std::size_t i = 0; i < c_.tensors.size(); ++i) {
      const GgufTensorInfo& t = c_.tensors[i];
      const std::uint64_t bytes = t.byte_size();
      const bool fits = c_.data_offset <= size && t.offset <= size - c_.data_offset &&
                        bytes <= size - c_.data_offset - t.offset;
      if (!fits)
        in_.fail(offset_fields_[i],
                 "tensor " + quoted(t.name) + " (data offset " + std::to_string(t.offset) + ", " +
                     std::to_string(bytes) + " bytes) runs past the end of the file (size " +
                     std::to_string(size) + "; the data section starts at byte " +
                     std::to_string(c_.data_offset) + ") — the file is truncated or corrupt");
    }
  }

  Contents& c_;
  Cursor in_;
  std::uint64_t tensor_count_ = 0;
  std::uint64_t metadata_count_ = 0;
  Section section_ = Section::header;
  std::uint64_t item_ = 0;
  std::string item_name_;
  std::vector<std::uint64_t> elements_;       // the array element being read, per depth
  std::vector<std::uint64_t> offset_fields_;  // per tensor: where its offset field is
};

}  // namespace

std::string quoted(std::string_view s) {
  constexpr std::size_t kMaxShown = 80;
  std::string out = "'";
  for (std::size_t i = 0; i < s.size() && i < kMaxShown; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      out += hex;
    }
  }
  if (s.size() > kMaxShown) out += "...";
  return out + "'";
}

void parse_contents(Contents& c) { Parser(c).run(); }

}  // namespace llm::gguf_detail
