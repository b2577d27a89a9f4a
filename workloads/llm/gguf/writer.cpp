// GgufWriter: builds a GGUF v3 file in the layout the reader expects.
//
// Layout written: header, `general.alignment` first when it is not the default
// 32, the caller's metadata in the order added, the tensor infos, zero padding
// to the alignment, then each tensor's data at the next aligned offset. The
// file ends where the last tensor's data ends (no trailing padding), so that
// cutting any byte off the end is detectable.
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>
#include <system_error>
#include <unordered_set>
#include <utility>
#include <vector>

#include "contents.hpp"
#include "llm/gguf.hpp"

namespace llm {
namespace {

static_assert(std::endian::native == std::endian::little,
              "GGUF files are little-endian; this writer copies values as they are in memory");

constexpr std::uint64_t kDefaultAlignment = 32;
constexpr char kAlignmentKey[] = "general.alignment";

using Bytes = std::vector<std::byte>;

// Appends raw bytes (resize and memcpy: g++ 12 at -O3 misreads vector::insert
// of a few bytes as an overflow).
void put_bytes(Bytes& out, const void* p, std::size_t n) {
  const std::size_t at = out.size();
  out.resize(at + n);
  if (n != 0) std::memcpy(out.data() + at, p, n);
}

template <class T>
void put(Bytes& out, T value) {
  put_bytes(out, &value, sizeof(T));
}

void put_string(Bytes& out, const std::string& s) {
  put<std::uint64_t>(out, s.size());
  put_bytes(out, s.data(), s.size());
}

std::uint64_t align_up(std::uint64_t n, std::uint64_t alignment) {
  return n + (alignment - n % alignment) % alignment;
}

[[noreturn]] void invalid(const std::string& message) {
  throw std::invalid_argument("GgufWriter: " + message);
}

// Checks that a value can be written as its type says: the variant holds the
// type's kind of data, integers fit their width, array elements share the
// array's element type. `where` names the value in the message.
void check_value(const GgufValue& v, const std::string& where, std::size_t depth) {
  auto unsigned_fits = [&](std::uint64_t max) {
    const auto* u = std::get_if<std::uint64_t>(&v.value);
    if (u == nullptr)
      invalid(where + ": a " + to_string(v.type) + " must hold an unsigned integer");
    if (*u > max)
      invalid(where + ": " + std::to_string(*u) + " does not fit in " + to_string(v.type));
  };
  auto signed_fits = [&](std::int64_t min, std::int64_t max) {
    const auto* i = std::get_if<std::int64_t>(&v.value);
    if (i == nullptr) invalid(where + ": a " + to_string(v.type) + " must hold a signed integer");
    if (*i < min || *i > max)
      invalid(where + ": " + std::to_string(*i) + " does not fit in " + to_string(v.type));
  };
  auto holds = [&](bool ok, const char* what) {
    if (!ok) invalid(where + ": a " + to_string(v.type) + " must hold " + what);
  };
  switch (v.type) {
    case GgufType::uint8:
      return unsigned_fits(0xff);
    case GgufType::uint16:
      return unsigned_fits(0xffff);
    case GgufType::uint32:
      return unsigned_fits(0xffffffff);
    case GgufType::uint64:
      return unsigned_fits(std::numeric_limits<std::uint64_t>::max());
    case GgufType::int8:
      return signed_fits(-128, 127);
    case GgufType::int16:
      return signed_fits(-32768, 32767);
    case GgufType::int32:
      return signed_fits(std::numeric_limits<std::int32_t>::min(),
                         std::numeric_limits<std::int32_t>::max());
    case GgufType::int64:
      return signed_fits(std::numeric_limits<std::int64_t>::min(),
                         std::numeric_limits<std::int64_t>::max());
    case GgufType::float32:
    case GgufType::float64:
      return holds(std::holds_alternative<double>(v.value), "a double");
    case GgufType::boolean:
      return holds(std::holds_alternative<bool>(v.value), "a bool");
    case GgufType::string:
      return holds(std::holds_alternative<std::string>(v.value), "a string");
    case GgufType::array: {
      const auto* a = std::get_if<GgufArray>(&v.value);
      holds(a != nullptr, "a GgufArray");
      if (a->element_type == GgufType::array && depth + 1 >= gguf_detail::kMaxArrayDepth)
        invalid(where + ": arrays nest more than " + std::to_string(gguf_detail::kMaxArrayDepth) +
                " deep; the reader refuses that");
      for (std::size_t i = 0; i < a->values.size(); ++i) {
        const std::string element = where + "[" + std::to_string(i) + "]";
        if (a->values[i].type != a->element_type)
          invalid(element + " is " + to_string(a->values[i].type) + " but the array holds " +
                  to_string(a->element_type));
        check_value(a->values[i], element, depth + 1);
      }
      return;
    }
  }
  invalid(where + ": unknown value type " + std::to_string(static_cast<std::uint32_t>(v.type)));
}

// The value's bytes after its type tag (check_value() has passed).
void put_payload(Bytes& out, const GgufValue& v) {
  switch (v.type) {
    case GgufType::uint8:
      return put(out, static_cast<std::uint8_t>(std::get<std::uint64_t>(v.value)));
    case GgufType::uint16:
      return put(out, static_cast<std::uint16_t>(std::get<std::uint64_t>(v.value)));
    case GgufType::uint32:
      return put(out, static_cast<std::uint32_t>(std::get<std::uint64_t>(v.value)));
    case GgufType::uint64:
      return put(out, std::get<std::uint64_t>(v.value));
    case GgufType::int8:
      return put(out, static_cast<std::int8_t>(std::get<std::int64_t>(v.value)));
    case GgufType::int16:
      return put(out, static_cast<std::int16_t>(std::get<std::int64_t>(v.value)));
    case GgufType::int32:
      return put(out, static_cast<std::int32_t>(std::get<std::int64_t>(v.value)));
    case GgufType::int64:
      return put(out, std::get<std::int64_t>(v.value));
    case GgufType::float32:
      return put(out, static_cast<float>(std::get<double>(v.value)));
    case GgufType::float64:
      return put(out, std::get<double>(v.value));
    case GgufType::boolean:
      return put<std::uint8_t>(out, std::get<bool>(v.value) ? 1 : 0);
    case GgufType::string:
      return put_string(out, std::get<std::string>(v.value));
    case GgufType::array: {
      const auto& a = std::get<GgufArray>(v.value);
      put(out, static_cast<std::uint32_t>(a.element_type));
      put<std::uint64_t>(out, a.values.size());
      for (const GgufValue& e : a.values) put_payload(out, e);
      return;
    }
  }
}

void put_key_value(Bytes& out, const std::string& key, const GgufValue& v) {
  put_string(out, key);
  put(out, static_cast<std::uint32_t>(v.type));
  put_payload(out, v);
}

}  // namespace

GgufWriter::GgufWriter(std::uint64_t alignment) : alignment_(alignment) {
  if (alignment == 0 || (alignment & (alignment - 1)) != 0 || alignment > 0x80000000u)
    invalid("alignment " + std::to_string(alignment) + " is not a power of two up to 2^31");
}

void GgufWriter::add(std::string key, GgufValue value) {
  for (const GgufKeyValue& kv : metadata_)
    if (kv.key == key) invalid("metadata key '" + key + "' added twice");
  check_value(value, "metadata key '" + key + "'", 0);
  if (key == kAlignmentKey && (value.type != GgufType::uint32 || value.as_uint() != alignment_))
    invalid("general.alignment must be the uint32 " + std::to_string(alignment_) +
            " given to the constructor (it is written automatically)");
  metadata_.push_back({std::move(key), std::move(value)});
}

void GgufWriter::add_tensor(std::string name, std::vector<std::uint64_t> dims,
                            std::span<const float> data) {
  for (const GgufTensorInfo& t : infos_)
    if (t.name == name) invalid("tensor '" + name + "' added twice");
  if (dims.empty() || dims.size() > 4)
    invalid("tensor '" + name + "' has " + std::to_string(dims.size()) +
            " dimensions; GGUF allows 1 to 4");
  GgufTensorInfo info;
  info.name = std::move(name);
  info.dims = std::move(dims);
  info.type = GgmlType::f32;
  std::uint64_t count = 1;
  for (std::uint64_t d : info.dims) {
    if (d == 0) invalid("tensor '" + info.name + "' has a dimension of size 0");
    if (count > std::numeric_limits<std::uint64_t>::max() / d)
      invalid("tensor '" + info.name + "' has more elements than 64 bits can count");
    count *= d;
  }
  if (info.element_count() != data.size())
    invalid("tensor '" + info.name + "' has " + std::to_string(info.element_count()) +
            " elements by its dims but " + std::to_string(data.size()) + " floats were given");
  info.offset =
      infos_.empty() ? 0 : align_up(infos_.back().offset + infos_.back().byte_size(), alignment_);
  infos_.push_back(std::move(info));
  data_.emplace_back(data.begin(), data.end());
}

namespace {

// Header, metadata, tensor infos and the padding up to the data section.
Bytes header_bytes(std::uint64_t alignment, const std::vector<GgufKeyValue>& metadata,
                   const std::vector<GgufTensorInfo>& infos) {
  bool alignment_given = false;
  for (const GgufKeyValue& kv : metadata) alignment_given |= kv.key == kAlignmentKey;
  const bool write_alignment = alignment != kDefaultAlignment && !alignment_given;

  Bytes out;
  put_bytes(out, "GGUF", 4);
  put<std::uint32_t>(out, 3);
  put<std::uint64_t>(out, infos.size());
  put<std::uint64_t>(out, metadata.size() + (write_alignment ? 1 : 0));
  if (write_alignment)
    put_key_value(out, kAlignmentKey, GgufValue::u32(static_cast<std::uint32_t>(alignment)));
  for (const GgufKeyValue& kv : metadata) put_key_value(out, kv.key, kv.value);
  for (const GgufTensorInfo& t : infos) {
    put_string(out, t.name);
    put(out, static_cast<std::uint32_t>(t.dims.size()));
    for (std::uint64_t d : t.dims) put(out, d);
    put(out, static_cast<std::uint32_t>(t.type));
    put(out, t.offset);
  }
  out.resize(align_up(out.size(), alignment));
  return out;
}

}  // namespace

std::vector<std::byte> GgufWriter::bytes() const {
  Bytes out = header_bytes(alignment_, metadata_, infos_);
  const std::uint64_t data_start = out.size();
  for (std::size_t i = 0; i < infos_.size(); ++i) {
    out.resize(data_start + infos_[i].offset);
    put_bytes(out, data_[i].data(), data_[i].size() * sizeof(float));
  }
  return out;
}

void GgufWriter::write(const std::string& path) const {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  auto fail = [&](int error, const char* what) {
    std::remove(tmp.c_str());
    throw std::system_error(error, std::generic_category(), path + ": " + what);
  };
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) fail(errno, "cannot create the file (is the folder there and writable?)");
    const Bytes header = header_bytes(alignment_, metadata_, infos_);
    out.write(reinterpret_cast<const char*>(header.data()),
              static_cast<std::streamsize>(header.size()));
    std::uint64_t at = 0;  // within the data section
    static constexpr char zeros[256] = {};
    for (std::size_t i = 0; i < infos_.size(); ++i) {
      for (std::uint64_t pad = infos_[i].offset - at; pad > 0;) {
        const std::uint64_t n = std::min<std::uint64_t>(pad, sizeof zeros);
        out.write(zeros, static_cast<std::streamsize>(n));
        pad -= n;
      }
      const std::uint64_t n = data_[i].size() * sizeof(float);
      out.write(reinterpret_cast<const char*>(data_[i].data()), static_cast<std::streamsize>(n));
      at = infos_[i].offset + n;
    }
    out.close();
    if (!out) fail(errno, "cannot write the file (is the disk full?)");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    fail(errno, "cannot rename the temporary file into place");
}

}  // namespace llm
