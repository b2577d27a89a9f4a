#include "model/arrays.hpp"

#include <bit>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "model/json_io.hpp"
#include "model/error.hpp"
#include "model/file_text.hpp"

namespace perfgate {
namespace {

// Element types a .npy descr may name, read little-endian whatever the host.
enum class Kind { floating, signed_int, unsigned_int, boolean };
struct ElementType {
  Kind kind;
  std::size_t bytes;
  std::string name;  // "float32", for messages and descriptions
};

std::uint64_t load_le(const unsigned char* p, std::size_t bytes) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < bytes; ++i) v |= std::uint64_t{p[i]} << (8 * i);
  return v;
}

double decode(const unsigned char* p, const ElementType& t) {
  const std::uint64_t raw = load_le(p, t.bytes);
  switch (t.kind) {
    case Kind::floating:
      if (t.bytes == 4) return std::bit_cast<float>(static_cast<std::uint32_t>(raw));
      return std::bit_cast<double>(raw);
    case Kind::unsigned_int:
    case Kind::boolean:
      return static_cast<double>(raw);
    case Kind::signed_int: {
      // Sign-extend from the element's width.
      const unsigned shift = static_cast<unsigned>(64 - 8 * t.bytes);
      return static_cast<double>(static_cast<std::int64_t>(raw << shift) >> shift);
    }
  }
  return 0;
}

// Decodes `count` elements starting at `offset`; a file that ends early is
// truncated, one with bytes left over is not the array its header describes.
std::vector<double> decode_elements(std::string_view bytes, std::size_t offset, std::size_t count,
                                    const ElementType& t, const std::string& name) {
  const std::size_t available = bytes.size() - offset;
  const std::size_t whole = available / t.bytes;
  if (whole < count)
    throw input_error(name + ": truncated at byte offset " + std::to_string(bytes.size()) +
                      ": expected " + std::to_string(count) + " " + t.name + " elements (" +
                      std::to_string(count * t.bytes) + " bytes from offset " +
                      std::to_string(offset) + "), the file holds " + std::to_string(whole) +
                      (available % t.bytes ? " and a partial one" : "") +
                      "; was it written completely?");
  if (available > count * t.bytes)
    throw input_error(name + ": " + std::to_string(available - count * t.bytes) +
                      " bytes after the last element (byte offset " +
                      std::to_string(offset + count * t.bytes) + "); expected " +
                      std::to_string(count) + " " + t.name + " elements and nothing after");
  std::vector<double> out(count);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data()) + offset;
  for (std::size_t i = 0; i < count; ++i) out[i] = decode(p + i * t.bytes, t);
  return out;
}

// ---- .npy ---------------------------------------------------------------

// The header of a .npy file is a Python dict literal such as
//   {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }
// This reads just that much Python: strings, True/False, tuples of integers.
struct NpyHeader {
  std::optional<std::string> descr;
  std::optional<bool> fortran_order;
  std::optional<std::vector<std::size_t>> shape;
};

class NpyHeaderReader {
 public:
  NpyHeaderReader(std::string_view text, std::size_t base_offset, const std::string& name)
      : s_(text), base_(base_offset), name_(name) {}

  NpyHeader read() {
    NpyHeader h;
    expect('{');
    while (!take('}')) {
      const std::string key = string();
      expect(':');
      if (key == "descr") {
        skip_space();
        if (peek() != '\'' && peek() != '"')
          fail("descr is not a simple type string (structured arrays are not supported)");
        h.descr = string();
      } else if (key == "fortran_order") {
        h.fortran_order = boolean();
      } else if (key == "shape") {
        h.shape = tuple();
      } else {
        fail("unexpected key '" + key + "' in the header");
      }
      if (!take(',')) {
        expect('}');
        break;
      }
    }
    return h;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw input_error(name_ + ": byte offset " + std::to_string(base_ + pos_) +
                      ": bad .npy header: " + what);
  }
  void skip_space() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  bool take(char c) {
    skip_space();
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  void expect(char c) {
    if (!take(c)) fail(std::string("expected '") + c + "'");
  }
  std::string string() {
    skip_space();
    const char quote = peek();
    if (quote != '\'' && quote != '"') fail("expected a quoted string");
    const std::size_t end = s_.find(quote, pos_ + 1);
    if (end == std::string_view::npos) fail("unterminated string");
    std::string out(s_.substr(pos_ + 1, end - pos_ - 1));
    pos_ = end + 1;
    return out;
  }
  bool boolean() {
    skip_space();
    for (const auto& [word, value] : {std::pair{"True", true}, std::pair{"False", false}}) {
      if (s_.substr(pos_, std::strlen(word)) == word) {
        pos_ += std::strlen(word);
        return value;
      }
    }
    fail("expected True or False");
  }
  std::vector<std::size_t> tuple() {
    expect('(');
    std::vector<std::size_t> dims;
    while (!take(')')) {
      skip_space();
      std::size_t v = 0;
      const char* first = s_.data() + pos_;
      const auto [ptr, ec] = std::from_chars(first, s_.data() + s_.size(), v);
      if (ec != std::errc() || ptr == first) fail("expected a dimension (a whole number)");
      pos_ += static_cast<std::size_t>(ptr - first);
      dims.push_back(v);
      if (!take(',')) {
        expect(')');
        break;
      }
    }
    return dims;
  }

  std::string_view s_;
  std::size_t base_;
  const std::string& name_;
  std::size_t pos_ = 0;
};

ElementType npy_element_type(const std::string& descr, const std::string& name) {
  const auto bad = [&](const std::string& why) {
    return input_error(name + ": .npy descr '" + descr + "' " + why);
  };
  if (descr.size() < 3) throw bad("is not a type perfgate reads");
  const char order = descr[0];
  if (order == '>')
    throw bad(
        "is big-endian; perfgate reads little-endian .npy only (save with "
        "arr.astype(arr.dtype.newbyteorder('<')))");
  if (order != '<' && order != '|') throw bad("has an unknown byte order");
  std::size_t bytes = 0;
  const auto [ptr, ec] = std::from_chars(descr.data() + 2, descr.data() + descr.size(), bytes);
  if (ec != std::errc() || ptr != descr.data() + descr.size()) throw bad("has a bad size");
  const auto known = [&](Kind k, std::initializer_list<std::size_t> sizes, const char* prefix) {
    for (std::size_t s : sizes)
      if (s == bytes) return ElementType{k, bytes, prefix + std::to_string(8 * bytes)};
    throw bad("has a size perfgate does not read");
  };
  switch (descr[1]) {
    case 'f':
      return known(Kind::floating, {4, 8}, "float");
    case 'i':
      return known(Kind::signed_int, {1, 2, 4, 8}, "int");
    case 'u':
      return known(Kind::unsigned_int, {1, 2, 4, 8}, "uint");
    case 'b':
      if (bytes == 1) return ElementType{Kind::boolean, 1, "bool"};
      break;
  }
  throw bad("is not a type perfgate reads (float32/64, int8-64, uint8-64, bool)");
}

std::string shape_text(const std::vector<std::size_t>& shape) {
  std::string out = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + (shape.size() == 1 ? ",)" : ")");
}

NumericArray parse_npy(std::string_view bytes, const std::string& name) {
  static constexpr std::string_view magic = "\x93NUMPY";
  if (bytes.size() < 10 || bytes.substr(0, 6) != magic)
    throw input_error(name +
                      ": not a .npy file (it does not start with \\x93NUMPY); "
                      "pass --format to read it as another format");
  const auto* u = reinterpret_cast<const unsigned char*>(bytes.data());
  const int major = u[6];
  if (major < 1 || major > 3)
    throw input_error(name + ": .npy version " + std::to_string(major) + "." +
                      std::to_string(u[7]) + " is not one perfgate reads (1.0, 2.0, 3.0)");
  const std::size_t len_bytes = major == 1 ? 2 : 4;
  const std::size_t header_start = 8 + len_bytes;
  if (bytes.size() < header_start)
    throw input_error(name + ": truncated at byte offset " + std::to_string(bytes.size()) +
                      ": the .npy header length is incomplete");
  const std::size_t header_len = load_le(u + 8, len_bytes);
  if (bytes.size() < header_start + header_len)
    throw input_error(name + ": truncated at byte offset " + std::to_string(bytes.size()) +
                      ": the .npy header needs " + std::to_string(header_len) +
                      " bytes from offset " + std::to_string(header_start));

  NpyHeader h = NpyHeaderReader(bytes.substr(header_start, header_len), header_start, name).read();
  if (!h.descr || !h.fortran_order || !h.shape)
    throw input_error(name + ": the .npy header lacks " +
                      std::string(!h.descr           ? "'descr'"
                                  : !h.fortran_order ? "'fortran_order'"
                                                     : "'shape'"));
  if (*h.fortran_order)
    throw input_error(name +
                      ": fortran_order is True (column-major); perfgate reads C order "
                      "only: save np.ascontiguousarray(a) instead");
  const ElementType type = npy_element_type(*h.descr, name);
  std::size_t count = 1;
  for (std::size_t d : *h.shape) {
    if (d != 0 &&
        count > SIZE_MAX / d)  // no file could hold it; don't let it wrap to a small count
      throw input_error(name + ": the .npy shape " + shape_text(*h.shape) +
                        " has more elements "
                        "than memory can hold");
    count *= d;
  }
  NumericArray out;
  out.values = decode_elements(bytes, header_start + header_len, count, type, name);
  out.description = "npy " + *h.descr + " " + shape_text(*h.shape);
  return out;
}

// ---- raw binary ---------------------------------------------------------

NumericArray parse_raw(std::string_view bytes, const ElementType& type, const std::string& name) {
  if (bytes.size() % type.bytes != 0)
    throw input_error(name + ": truncated at byte offset " + std::to_string(bytes.size()) + ": " +
                      std::to_string(bytes.size()) + " bytes is not a whole number of " +
                      type.name + " elements (the last one, from byte offset " +
                      std::to_string(bytes.size() / type.bytes * type.bytes) + ", has " +
                      std::to_string(bytes.size() % type.bytes) + " of " +
                      std::to_string(type.bytes) + " bytes)");
  NumericArray out;
  out.values = decode_elements(bytes, 0, bytes.size() / type.bytes, type, name);
  out.description = "raw little-endian " + type.name;
  return out;
}

// ---- JSON ---------------------------------------------------------------

// Row-major flattening; every array at one depth must have the same length
// (a ragged array has no row-major order to compare element by element).
// Deeper than any real array's rank, and shallow enough that the recursion
// below cannot exhaust the stack on a hostile "[[[[...".
constexpr std::size_t max_json_depth = 64;

void flatten_json(const nlohmann::json& j, const std::string& where, std::vector<double>& out,
                  const std::string& name, std::size_t depth = 0) {
  if (depth > max_json_depth)
    throw input_error(name + ": " + where + ": arrays nested deeper than " +
                      std::to_string(max_json_depth) + " levels");
  if (j.is_number()) {
    out.push_back(j.get<double>());
    return;
  }
  if (!j.is_array())
    throw input_error(name + ": " + (where.empty() ? "the document" : where) +
                      ": expected a number or an array, found " + j.type_name());
  std::optional<std::size_t> row;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const auto& item = j[i];
    const std::string here = where + "[" + std::to_string(i) + "]";
    const std::size_t len = item.is_array() ? item.size() : 0;
    if (i > 0 && (item.is_array() != j[0].is_array() || (row && len != *row)))
      throw input_error(name + ": " + here + ": ragged array (" +
                        (item.is_array() ? std::to_string(len) + " elements" : "a number") +
                        " where " + where + "[0] has " +
                        (j[0].is_array() ? std::to_string(j[0].size()) + " elements" : "a number") +
                        "); nested arrays must be rectangular");
    if (item.is_array()) row = len;
    flatten_json(item, here, out, name, depth + 1);
  }
}

NumericArray parse_json(std::string_view bytes, const std::string& name) {
  const nlohmann::json doc =
      parse_json_document(bytes, name, "a JSON array of numbers", "fix the file");
  if (!doc.is_array())
    throw input_error(name + ": expected a JSON array of numbers, found " +
                      std::string(doc.type_name()));
  NumericArray out;
  flatten_json(doc, "", out.values, name);
  out.description = "JSON array";
  return out;
}

// ---- text ---------------------------------------------------------------

bool is_separator(char c) { return c == ',' || std::isspace(static_cast<unsigned char>(c)); }

double parse_token(std::string_view token, std::size_t line, std::size_t column,
                   const std::string& name) {
  std::string_view t = token;
  if (!t.empty() && t[0] == '+') t.remove_prefix(1);  // from_chars takes no '+'
  double v = 0;
  const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec == std::errc::result_out_of_range)
    throw input_error(name + ":" + std::to_string(line) + ":" + std::to_string(column) + ": '" +
                      std::string(token) + "' is out of the range of a double");
  if (ec != std::errc() || ptr != t.data() + t.size() || t.empty())
    throw input_error(name + ":" + std::to_string(line) + ":" + std::to_string(column) + ": '" +
                      std::string(token) + "' is not a number");
  return v;
}

NumericArray parse_text(std::string_view bytes, const std::string& name) {
  NumericArray out;
  std::size_t line = 1, line_start = 0, i = 0;
  while (i < bytes.size()) {
    const char c = bytes[i];
    if (c == '\n') {
      ++line;
      line_start = ++i;
    } else if (c == '#') {  // a comment to the end of the line (numpy.savetxt's header)
      while (i < bytes.size() && bytes[i] != '\n') ++i;
    } else if (is_separator(c)) {
      ++i;
    } else {
      const std::size_t start = i;
      while (i < bytes.size() && !is_separator(bytes[i]) && bytes[i] != '#') ++i;
      out.values.push_back(
          parse_token(bytes.substr(start, i - start), line, start - line_start + 1, name));
    }
  }
  out.description = "text";
  return out;
}

const ElementType f32_type{Kind::floating, 4, "float32"};
const ElementType f64_type{Kind::floating, 8, "float64"};

}  // namespace

ArrayFormat parse_array_format(std::string_view name) {
  for (ArrayFormat f : {ArrayFormat::automatic, ArrayFormat::npy, ArrayFormat::f32,
                        ArrayFormat::f64, ArrayFormat::json, ArrayFormat::text})
    if (to_string(f) == name) return f;
  throw input_error("--format " + std::string(name) +
                    ": not an array format; use npy, f32, f64, json, text or auto");
}

std::string_view to_string(ArrayFormat f) {
  switch (f) {
    case ArrayFormat::automatic:
      return "auto";
    case ArrayFormat::npy:
      return "npy";
    case ArrayFormat::f32:
      return "f32";
    case ArrayFormat::f64:
      return "f64";
    case ArrayFormat::json:
      return "json";
    case ArrayFormat::text:
      return "text";
  }
  return "?";
}

std::string_view extension_of(ArrayFormat f) {
  switch (f) {
    case ArrayFormat::npy:
      return ".npy";
    case ArrayFormat::f32:
      return ".f32";
    case ArrayFormat::f64:
      return ".f64";
    case ArrayFormat::json:
      return ".json";
    case ArrayFormat::text:
    case ArrayFormat::automatic:
      return ".txt";
  }
  return ".txt";
}

ArrayFormat array_format_for_path(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  if (ext == ".npy") return ArrayFormat::npy;
  if (ext == ".f32") return ArrayFormat::f32;
  if (ext == ".f64") return ArrayFormat::f64;
  if (ext == ".json") return ArrayFormat::json;
  if (ext == ".txt" || ext == ".csv" || ext == ".tsv") return ArrayFormat::text;
  throw input_error(path + ": cannot tell the array format from the extension '" + ext +
                    "'; pass --format npy, f32, f64, json or text");
}

NumericArray parse_array(std::string_view bytes, ArrayFormat format, const std::string& name) {
  switch (format) {
    case ArrayFormat::npy:
      return parse_npy(bytes, name);
    case ArrayFormat::f32:
      return parse_raw(bytes, f32_type, name);
    case ArrayFormat::f64:
      return parse_raw(bytes, f64_type, name);
    case ArrayFormat::json:
      return parse_json(bytes, name);
    case ArrayFormat::text:
      return parse_text(bytes, name);
    case ArrayFormat::automatic:
      break;
  }
  return parse_array(bytes, array_format_for_path(name), name);
}

NumericArray read_array_file(const std::string& path, ArrayFormat format) {
  if (format == ArrayFormat::automatic) format = array_format_for_path(path);
  return parse_array(read_file_text(path, "the output"), format, path);
}

}  // namespace perfgate
