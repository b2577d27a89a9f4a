// perfgate/receipt.hpp: write a benchmark receipt (docs/receipts.md) from the
// program that did the work, so that every figure it reports is backed by a
// file a machine can check ("receipts over claims").
//
// Header-only and standard library only: an inference tool or a kernel test
// includes it without taking on perfgate's dependencies.
//
//   perfgate::Receipt r;
//   r.benchmark = "decode_128";
//   r.compute_path = "real";          // "mock" when the figures are not measured
//   r.backend = "cpu";
//   r.kernels = {"gemm_f32_avx2"};
//   r.add_sample("tokens_per_second", 41.7, "tok/s");
//   r.set_summary("token_latency", "p95", 31.2, "ms");
//   r.set_accuracy("max_abs_error", 3e-7, 0.0, 1e-4);
//   r.set_output_digest(output_bytes);
//   r.write_file("receipt.json");     // atomically: a temporary file, then rename
//
// Contracts: numbers must be finite (add_sample and friends throw
// std::invalid_argument naming the figure on NaN or infinity, because JSON has
// neither and a receipt with a made-up number is worse than none); strings may
// hold anything (they are escaped; bytes that are not UTF-8 are written as
// U+FFFD so the file stays valid JSON). write_file throws std::runtime_error
// naming the path when the file cannot be written.
#pragma once

#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace perfgate {

// FNV-1a, 64 bits, of `bytes`: a cheap fingerprint of a program's output, so
// that two runs with the same seed can be checked for identical results. Not
// a cryptographic hash; the receipt names the algorithm.
inline std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

namespace receipt_detail {

inline void append_escaped(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7f) {
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      // A well-formed UTF-8 sequence is copied; anything else becomes U+FFFD.
      const int len = c >= 0xf0 && c <= 0xf4  ? 4
                      : c >= 0xe0 && c < 0xf0 ? 3
                      : c >= 0xc2 && c < 0xe0 ? 2
                                              : 0;
      bool ok = len > 0 && i + len <= s.size();
      for (int k = 1; ok && k < len; ++k)
        ok = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
      if (ok && len > 2) {
        // No overlong forms, UTF-16 surrogates or code points past U+10FFFF:
        // JSON readers (nlohmann among them) refuse those.
        const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
        ok = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 > 0x9f) && !(c == 0xf0 && c1 < 0x90) &&
             !(c == 0xf4 && c1 > 0x8f);
      }
      if (ok) {
        out.append(s.substr(i, len));
        i += len - 1;
      } else {
        out += "\xef\xbf\xbd";
      }
    }
  }
  out += '"';
}

inline std::string json_string(std::string_view s) {
  std::string out;
  append_escaped(out, s);
  return out;
}

// Shortest text that reads back as the same double.
inline std::string number(double v) {
  char buf[32];
  for (int precision = 15; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

inline void require_finite(double v, std::string_view what) {
  if (!std::isfinite(v))
    throw std::invalid_argument("perfgate::Receipt: " + std::string(what) +
                                " is not a finite number; a receipt records measured values only");
}

inline std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace receipt_detail

// One figure of the performance block: raw samples and/or summaries
// ("mean", "p50", "p95", "p99", "min", "max") in one unit.
struct ReceiptFigure {
  std::string unit;
  std::vector<double> samples;
  std::map<std::string, double> summary;
};

class Receipt {
 public:
  static constexpr int schema_version = 1;

  std::string timestamp = receipt_detail::utc_now();  // RFC 3339, UTC
  std::string tool_name = "unknown";                  // the program that wrote it
  std::string tool_version = "0";
  std::string benchmark;
  std::string compute_path = "real";  // "real", "mock", "simulated", ...
  std::string backend = "cpu";        // "cpu", "cuda", "metal", "vulkan", ...
  std::vector<std::string> kernels;   // the kernels that ran
  bool deterministic = false;         // same seed and input give the same output
  std::optional<std::uint64_t> seed;
  std::map<std::string, std::string> environment;  // free-form facts (threads, model file)

  // Appends one measured value of figure `name` ("tokens_per_second") in `unit`
  // ("tok/s", "ms", "MiB"). The unit must stay the same for one figure.
  void add_sample(const std::string& name, double value, const std::string& unit) {
    receipt_detail::require_finite(value, "sample of " + name);
    ReceiptFigure& f = figure(name, unit);
    f.samples.push_back(value);
  }
  // Sets a summary `key` ("mean", "p50", "p95", "p99", "min", "max") of `name`.
  void set_summary(const std::string& name, const std::string& key, double value,
                   const std::string& unit) {
    receipt_detail::require_finite(value, key + " of " + name);
    figure(name, unit).summary[key] = value;
  }
  // The output was checked against `reference`: |value - reference| must not
  // exceed `tolerance` (e.g. max_abs_error 3e-7 against 0 within 1e-4).
  void set_accuracy(const std::string& metric, double value, double reference, double tolerance) {
    receipt_detail::require_finite(value, "accuracy value");
    receipt_detail::require_finite(reference, "accuracy reference");
    receipt_detail::require_finite(tolerance, "accuracy tolerance");
    accuracy_ = Accuracy{metric, value, reference, tolerance};
  }
  // Fingerprints the program's output (generated tokens, the result matrix).
  void set_output_digest(std::string_view output_bytes) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx",
                  static_cast<unsigned long long>(fnv1a64(output_bytes)));
    digest_ = buf;
  }

  // The receipt as JSON text (docs/receipt.schema.json), ending in a newline.
  std::string to_json() const {
    using receipt_detail::json_string;
    using receipt_detail::number;
    std::string o = "{\n";
    o += "  \"schema_version\": " + std::to_string(schema_version) + ",\n";
    o += "  \"timestamp\": " + json_string(timestamp) + ",\n";
    o += "  \"tool\": {\"name\": " + json_string(tool_name) +
         ", \"version\": " + json_string(tool_version) + "},\n";
    o += "  \"benchmark\": " + json_string(benchmark) + ",\n";
    o += "  \"compute_path\": " + json_string(compute_path) + ",\n";
    o += "  \"backend\": " + json_string(backend) + ",\n";
    o += "  \"kernels\": [";
    for (std::size_t i = 0; i < kernels.size(); ++i) o += (i ? ", " : "") + json_string(kernels[i]);
    o += "],\n";
    o += std::string("  \"deterministic\": ") + (deterministic ? "true" : "false") + ",\n";
    o += "  \"seed\": " + (seed ? std::to_string(*seed) : std::string("null")) + ",\n";
    o += "  \"environment\": {";
    bool first = true;
    for (const auto& [k, v] : environment) {
      o += (first ? "" : ", ") + json_string(k) + ": " + json_string(v);
      first = false;
    }
    o += "},\n  \"performance\": {";
    first = true;
    for (const auto& [name, f] : figures_) {
      o += std::string(first ? "\n" : ",\n") + "    " + json_string(name) +
           ": {\"unit\": " + json_string(f.unit);
      if (!f.samples.empty()) {
        o += ", \"samples\": [";
        for (std::size_t i = 0; i < f.samples.size(); ++i)
          o += (i ? ", " : "") + number(f.samples[i]);
        o += "]";
      }
      if (!f.summary.empty()) {
        o += ", \"summary\": {";
        bool first_key = true;
        for (const auto& [k, v] : f.summary) {
          o += (first_key ? "" : ", ") + json_string(k) + ": " + number(v);
          first_key = false;
        }
        o += "}";
      }
      o += "}";
      first = false;
    }
    o += first ? "},\n" : "\n  },\n";
    if (accuracy_) {
      o += "  \"accuracy\": {\"metric\": " + json_string(accuracy_->metric) +
           ", \"value\": " + number(accuracy_->value) +
           ", \"reference\": " + number(accuracy_->reference) +
           ", \"tolerance\": " + number(accuracy_->tolerance) + "},\n";
    } else {
      o += "  \"accuracy\": null,\n";
    }
    o += "  \"output_digest\": " +
         (digest_.empty()
              ? std::string("null")
              : "{\"algorithm\": \"fnv1a64\", \"value\": " + json_string(digest_) + "}") +
         "\n}\n";
    return o;
  }

  // Writes to_json() to `path` so that a reader never sees half a receipt:
  // a temporary file beside it, then rename over it.
  void write_file(const std::string& path) const {
    const std::string text = to_json();
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out << text;
      out.flush();
      if (!out) {
        std::remove(tmp.c_str());
        throw std::runtime_error("perfgate::Receipt: cannot write " + tmp);
      }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
      std::remove(tmp.c_str());
      throw std::runtime_error("perfgate::Receipt: cannot rename " + tmp + " to " + path);
    }
  }

 private:
  struct Accuracy {
    std::string metric;
    double value, reference, tolerance;
  };

  ReceiptFigure& figure(const std::string& name, const std::string& unit) {
    ReceiptFigure& f = figures_[name];
    if (f.unit.empty()) f.unit = unit;
    if (f.unit != unit)
      throw std::invalid_argument("perfgate::Receipt: figure " + name + " is in " + f.unit +
                                  ", not " + unit);
    return f;
  }

  std::map<std::string, ReceiptFigure> figures_;
  std::optional<Accuracy> accuracy_;
  std::string digest_;
};

}  // namespace perfgate
