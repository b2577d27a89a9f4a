// A benchmark receipt (docs/receipts.md): the JSON file an instrumented
// program writes (include/perfgate/receipt.hpp) to back its figures, read and
// checked here. Reading checks the schema (docs/receipt.schema.json): a
// mistake is a perfgate::Error (exit 2) naming the file and the JSON pointer
// of the field. The strict rules (a mock path, a mock kernel, an implausible
// figure, accuracy out of tolerance) are a separate check that returns
// findings, because a suspicious receipt is well-formed: whether it fails
// anything is the caller's policy.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/metric.hpp"

namespace perfgate {

struct ReceiptFigureData {
  std::string unit;
  std::optional<Direction> direction;  // as the receipt says; else from the unit
  std::vector<double> samples;
  std::map<std::string, double> summary;  // "mean", "p50", "p95", "p99", "min", "max"
};

struct ReceiptAccuracy {
  std::string metric;
  double value = 0;
  double reference = 0;
  double tolerance = 0;
};

struct ReceiptData {
  static constexpr int supported_schema_version = 1;

  std::string path;  // as given, for messages
  std::string timestamp;
  std::string tool_name, tool_version;
  std::string benchmark;
  std::string compute_path;
  std::string backend;
  std::vector<std::string> kernels;
  bool deterministic = false;
  std::optional<std::uint64_t> seed;
  std::map<std::string, std::string> environment;
  std::map<std::string, ReceiptFigureData> performance;  // by figure name
  std::optional<ReceiptAccuracy> accuracy;
  std::string digest_algorithm, digest_value;  // empty when the receipt has none
};

// Parses receipt JSON. `origin` names it in messages ("out/receipt.json").
// Throws input_error: "<origin>:<line>:<column>: not valid JSON: ..." for a
// truncated or malformed file (NaN included: JSON has none),
// "<origin>: field /performance/x/samples/3: expected ..., found ...; ..."
// for a missing, mistyped or out-of-range field, and names the version for a
// schema_version this perfgate does not read.
ReceiptData parse_receipt(const std::string& text, const std::string& origin);
ReceiptData load_receipt(const std::string& path);

// A plausibility bound on one figure: every sample and summary value must lie
// in [min, max]. `backend`, when set, limits the bound to receipts of that
// backend (150 tok/s is implausible on "cpu", not on "cuda").
struct PlausibleBound {
  std::string figure;
  std::optional<double> min, max;
  std::string backend;
};

// The strict rules' settings. Mock patterns are ECMAScript regexes matched
// case-insensitively anywhere in a kernel name.
struct ReceiptRules {
  std::vector<std::string> mock_patterns = default_mock_patterns();
  std::vector<PlausibleBound> bounds;

  static std::vector<std::string> default_mock_patterns() {
    return {"mock", "fake", "dummy", "stub", "noop", "null_backend"};
  }
};

// What breaks a strict rule, one line each ("compute_path is \"mock\", not
// \"real\"; ..."), in a stable order; empty when the receipt passes.
std::vector<std::string> strict_findings(const ReceiptData& receipt, const ReceiptRules& rules);

// Two receipts of one benchmark that both declare deterministic with the same
// seed (or both without one) and both give an output digest in one algorithm
// claim the same output: when their digests differ, the claim is false and
// this says so ("not deterministic: deterministic with seed 7 like a.json, but
// the output differs: fnv1a64:... vs fnv1a64:..."); nullopt otherwise
// (consistent, or nothing to compare).
std::optional<std::string> determinism_contradiction(const ReceiptData& first,
                                                     const ReceiptData& later);

// One metric value a receipt gives for one repetition, in a canonical unit
// (times in ns, sizes in bytes, rates per thing: "tok/s").
struct ReceiptMetric {
  MetricInfo info;
  double value = 0;
};

// The metrics of one repetition: per figure, the mean of its samples (or its
// summary mean, else p50) named like the figure, and each other summary key
// as "<figure>.<key>" ("token_latency.p95").
std::vector<ReceiptMetric> receipt_metrics(const ReceiptData& receipt);

}  // namespace perfgate
