// The strict rules for receipts (docs/receipts.md, "Strict rules") and the
// metrics a receipt gives a repetition.
#include <fmt/format.h>

#include <cmath>
#include <regex>

#include "model/receipt.hpp"
#include "model/units.hpp"

namespace perfgate {
namespace {

std::string number_text(double v) { return fmt::format("{:g}", v); }

// Every value a figure states: its samples, then its summary values.
std::vector<std::pair<std::string, double>> stated_values(const ReceiptFigureData& f) {
  std::vector<std::pair<std::string, double>> out;
  for (std::size_t i = 0; i < f.samples.size(); ++i)
    out.emplace_back("samples/" + std::to_string(i), f.samples[i]);
  for (const auto& [key, v] : f.summary) out.emplace_back("summary/" + key, v);
  return out;
}

void check_bound(const ReceiptData& r, const PlausibleBound& b, std::vector<std::string>& out) {
  if (!b.backend.empty() && b.backend != r.backend) return;
  const auto it = r.performance.find(b.figure);
  if (it == r.performance.end()) return;
  const std::string on = b.backend.empty() ? "" : " on backend " + b.backend;
  // One finding per bound: the most extreme value says it all.
  for (const auto& [where, v] : stated_values(it->second)) {
    if (b.max && v > *b.max) {
      out.push_back(fmt::format(
          "{} {} {} (/performance/{}/{}) is above the plausible max {}{}; "
          "likely a mock path",
          b.figure, number_text(v), it->second.unit, b.figure, where, number_text(*b.max), on));
      return;
    }
    if (b.min && v < *b.min) {
      out.push_back(fmt::format(
          "{} {} {} (/performance/{}/{}) is below the plausible min {}{}; "
          "likely a mock path or a broken measurement",
          b.figure, number_text(v), it->second.unit, b.figure, where, number_text(*b.min), on));
      return;
    }
  }
}

Direction default_direction(const UnitInfo& u) {
  const bool rate = u.dimension == Dimension::rate || u.dimension == Dimension::byte_rate;
  return rate ? Direction::higher_is_better : Direction::lower_is_better;
}

}  // namespace

std::vector<std::string> strict_findings(const ReceiptData& r, const ReceiptRules& rules) {
  std::vector<std::string> out;
  if (r.compute_path != "real")
    out.push_back(
        fmt::format("compute_path is \"{}\", not \"real\"; its figures were not "
                    "measured on the real compute path",
                    r.compute_path));
  for (const std::string& pattern : rules.mock_patterns) {
    // The patterns were checked where they were written (suite, --mock-pattern).
    const std::regex re(pattern, std::regex::ECMAScript | std::regex::icase);
    for (const std::string& kernel : r.kernels)
      if (std::regex_search(kernel, re))
        out.push_back(
            fmt::format("kernel \"{}\" matches the mock pattern \"{}\"", kernel, pattern));
  }
  for (const PlausibleBound& b : rules.bounds) check_bound(r, b, out);
  if (r.accuracy) {
    const ReceiptAccuracy& a = *r.accuracy;
    const double off = std::fabs(a.value - a.reference);
    if (!(off <= a.tolerance))
      out.push_back(
          fmt::format("accuracy {} is {}, {} from the reference {}, beyond the "
                      "tolerance {}; the output is wrong, so its speed proves nothing",
                      a.metric, number_text(a.value), number_text(off), number_text(a.reference),
                      number_text(a.tolerance)));
  }
  return out;
}

std::vector<ReceiptMetric> receipt_metrics(const ReceiptData& r) {
  std::vector<ReceiptMetric> out;
  for (const auto& [name, f] : r.performance) {
    const UnitInfo u = unit_info(f.unit);
    MetricInfo info;
    info.name = name;
    info.unit = u.canonical;
    info.direction = f.direction.value_or(default_direction(u));
    auto metric = [&](std::string metric_name, double v) {
      MetricInfo m = info;
      m.name = std::move(metric_name);
      out.push_back({m, v * u.factor});
    };
    if (!f.samples.empty()) {
      double sum = 0;
      for (double v : f.samples) sum += v;
      metric(name, sum / static_cast<double>(f.samples.size()));
    } else if (auto it = f.summary.find("mean"); it != f.summary.end()) {
      metric(name, it->second);
    } else if (auto p50 = f.summary.find("p50"); p50 != f.summary.end()) {
      metric(name, p50->second);
    }
    for (const auto& [key, v] : f.summary)
      if (key != "mean") metric(name + "." + key, v);
  }
  return out;
}

std::optional<std::string> determinism_contradiction(const ReceiptData& first,
                                                     const ReceiptData& later) {
  if (!first.deterministic || !later.deterministic || first.benchmark != later.benchmark ||
      first.seed != later.seed || first.digest_value.empty() ||
      first.digest_algorithm != later.digest_algorithm || first.digest_value == later.digest_value)
    return std::nullopt;
  const std::string seed = first.seed ? "with seed " + std::to_string(*first.seed) : "without a seed";
  return "not deterministic: deterministic " + seed + " like " + first.path +
         ", but the output differs: " + first.digest_algorithm + ":" + first.digest_value + " vs " +
         later.digest_algorithm + ":" + later.digest_value +
         "; the same seed must give the same output (or declare deterministic false)";
}

}  // namespace perfgate
