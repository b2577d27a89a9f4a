#include "collect/determinism.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>

namespace perfgate {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kStdout = "stdout";

fs::path output_path(const BenchmarkSpec& spec, const std::string& output) {
  fs::path p(output);
  return p.is_relative() ? fs::path(spec.cwd) / p : p;
}

// A piece of a line for a message: quoted, control characters escaped so the
// message stays on one line.
std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string hex_bytes(std::string_view s, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < std::min(to, s.size()); ++i)
    out += fmt::format("{}{:02x}", out.empty() ? "" : " ", static_cast<unsigned char>(s[i]));
  return out.empty() ? "(none)" : out;
}

// Line `n` (0-based) of `text`, or nullopt when it has fewer lines.
std::optional<std::string_view> line_at(std::string_view text, std::size_t n) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return std::nullopt;
    start = nl + 1;
  }
  if (start >= text.size() && n > 0) return std::nullopt;  // text ended with the last '\n'
  std::size_t nl = text.find('\n', start);
  return text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
}

// A long line is cut to the part around its first difference, so that the
// message shows what changed rather than a megabyte of JSON.
std::string line_excerpt(std::string_view line, std::size_t column) {
  constexpr std::size_t kAround = 40;
  if (line.size() <= 2 * kAround) return quoted(line);
  std::size_t from = column > kAround ? column - kAround : 0;
  std::string out = quoted(line.substr(from, 2 * kAround));
  return (from > 0 ? "..." : "") + out + (from + 2 * kAround < line.size() ? "..." : "");
}

std::string stdout_difference(std::string_view a, std::string_view b) {
  const std::size_t at = std::mismatch(a.begin(), a.end(), b.begin(), b.end()).first - a.begin();
  const std::size_t line = static_cast<std::size_t>(std::count(a.begin(), a.begin() + at, '\n'));
  const auto la = line_at(a, line), lb = line_at(b, line);
  const std::size_t line_start = line == 0 ? 0 : a.rfind('\n', at - 1) + 1;
  const std::size_t column = at - line_start;
  auto show = [&](const std::optional<std::string_view>& l) {
    return l ? line_excerpt(*l, column) : std::string("end of output");
  };
  std::string where = fmt::format("line {}", line + 1);
  if (la && lb && *la == *lb) where += " (only its line ending differs)";
  else if (la && lb && (la->size() > 2 * 40 || lb->size() > 2 * 40))
    where += fmt::format(", column {}", column + 1);
  return fmt::format("at {}: {} vs {}", where, show(la), show(lb));
}

std::string file_difference(std::string_view a, std::string_view b, int a_rep, int b_rep) {
  const std::size_t at = std::mismatch(a.begin(), a.end(), b.begin(), b.end()).first - a.begin();
  auto byte = [&](std::string_view s) {
    return at < s.size() ? fmt::format("0x{:02x}", static_cast<unsigned char>(s[at]))
                         : std::string("end of file");
  };
  // 16 bytes of context, the differing one the ninth.
  const std::size_t from = at >= 8 ? at - 8 : 0, to = from + 16;
  std::string out = fmt::format("at byte {}: {} vs {} (bytes {}..{}: {} vs {}", at, byte(a),
                                byte(b), from, to - 1, hex_bytes(a, from, to),
                                hex_bytes(b, from, to));
  if (a.size() != b.size())
    out += fmt::format("; sizes {} and {} bytes in repetitions {} and {}", a.size(), b.size(),
                       a_rep, b_rep);
  return out + ")";
}

// FNV-1a, 64 bits, fed piece by piece.
struct Fnv1a64 {
  std::uint64_t h = 0xcbf29ce484222325ull;
  void add(std::string_view bytes) {
    for (unsigned char c : bytes) {
      h ^= c;
      h *= 0x100000001b3ull;
    }
  }
};

}  // namespace

void clear_determinism_outputs(const BenchmarkSpec& spec) {
  if (!spec.determinism) return;
  for (const std::string& o : spec.determinism->outputs) {
    if (o == kStdout) continue;
    std::error_code ignored;  // absent is the usual case; a real problem shows when reading
    fs::remove(output_path(spec, o), ignored);
  }
}

CapturedOutputs capture_outputs(const BenchmarkSpec& spec, const std::string& stdout_text) {
  CapturedOutputs out;
  for (const std::string& o : spec.determinism->outputs) {
    if (o == kStdout) {
      out.bytes.push_back(stdout_text);
      continue;
    }
    const fs::path p = output_path(spec, o);
    std::ifstream f(p, std::ios::binary);
    if (!f) {
      out.why_not = fmt::format(
          "determinism: declared output {} ({}) cannot be read: {}; the program must write it "
          "in every repetition",
          o, p.string(), std::strerror(errno));
      return out;
    }
    std::ostringstream s;
    s << f.rdbuf();
    out.bytes.push_back(std::move(s).str());
  }
  out.ok = true;
  return out;
}

std::string describe_difference(const std::string& output, const std::string& a,
                                const std::string& b, int a_rep, int b_rep) {
  if (a == b) return "";
  return fmt::format("{} differs between repetition {} and {} {}", output, a_rep, b_rep,
                     output == kStdout ? stdout_difference(a, b)
                                       : file_difference(a, b, a_rep, b_rep));
}

std::optional<std::string> DeterminismCheck::take(int index, CapturedOutputs outputs) {
  ++checked_;
  if (checked_ == 1) {
    first_index_ = index;
    first_ = std::move(outputs.bytes);
    return std::nullopt;
  }
  for (std::size_t i = 0; i < first_.size(); ++i) {
    std::string diff =
        describe_difference(spec_.outputs[i], first_[i], outputs.bytes[i], first_index_, index);
    if (!diff.empty()) return "not deterministic: " + diff;
  }
  return std::nullopt;
}

std::string DeterminismCheck::context_json() const {
  Fnv1a64 hash;
  for (const std::string& bytes : first_) {
    // Each output's size first, so that moving bytes from one output to the
    // next changes the digest.
    hash.add(std::to_string(bytes.size()) + ":");
    hash.add(bytes);
  }
  nlohmann::json j;
  j["checked"] = checked_;
  j["outputs"] = spec_.outputs;
  j["digest"] = fmt::format("fnv1a64:{:016x}", hash.h);
  return j.dump();
}

}  // namespace perfgate
