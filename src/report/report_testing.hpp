// Comparisons for the reporters' tests: one small hand-made comparison (a
// critical regression whose name needs escaping, and a stable row), and a
// generator of many verdicts for size limits. Test-only; header-only.
#pragma once

#include <sstream>
#include <string>

#include "analyze/compare.hpp"
#include "report/reporter.hpp"

namespace perfgate::testing_support {

inline SideSummary side(int n, int failed, std::optional<double> median) {
  SideSummary s;
  s.n = n;
  s.failed = failed;
  s.median = median;
  return s;
}

inline Comparison sample_comparison() {
  Comparison c;
  c.base.label = "latest~1";
  c.base.id = "20261123T190312.345Z-3f2a9c1";
  c.base.git_commit = "3f2a9c1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  c.contender.label = "latest";
  c.contender.id = "20261123T190400.001Z-3f2a9c1";
  Verdict slow;
  slow.benchmark = "matmul|256`<b>";
  slow.metric = "wall_time";
  slow.unit = "ns";
  slow.base = side(10, 0, 40e6);
  slow.contender = side(10, 0, 50e6);
  slow.change = Change{};
  slow.change->ratio = 1.25;
  slow.change->ci_low = 1.21;
  slow.change->ci_high = 1.29;
  slow.change->p_value = 0.00018;
  slow.change->p_adjusted = 0.00036;
  slow.status = Status::critical;
  slow.severity = Severity::critical;
  slow.limits = RelativeLimits{0.05, 0.10};
  slow.reason = "+25.0 % is beyond the 10.0 % critical limit, p = 0.00018 (adjusted 0.00036)";
  Verdict same = slow;
  same.benchmark = "sort";
  same.contender = side(10, 0, 40.2e6);
  same.change = Change{};
  same.change->ratio = 1.005;
  same.change->ci_low = 0.99;
  same.change->ci_high = 1.02;
  same.change->p_value = 0.6;
  same.change->p_adjusted = 0.6;
  same.severity = Severity::none;
  same.status = Status::stable;
  same.reason = "interval within ±5.0 %";
  slow.base_samples = {39e6, 39.5e6, 40e6, 40e6, 40e6, 40.1e6, 40.2e6, 40.3e6, 40.5e6, 41e6};
  slow.contender_samples = {49e6, 49.5e6, 50e6, 50e6, 50e6, 50.1e6, 50.2e6, 50.3e6, 50.5e6, 51e6};
  same.base_samples = slow.base_samples;
  same.contender_samples = {39.2e6, 39.7e6, 40.2e6, 40.2e6, 40.2e6, 40.3e6, 40.4e6, 40.5e6, 40.7e6, 41.2e6};
  c.verdicts = {slow, same};
  c.summary.critical = 1;
  c.family_size = 2;
  c.summary.stable = 1;
  return c;
}

// `n` verdicts: every tenth a critical regression, every 25th an improvement,
// the rest stable; names are `prefix` + index, with `samples` samples a side.
inline Comparison many_verdicts(int n, const std::string& prefix = "bench/", int samples = 10) {
  Comparison c = sample_comparison();
  c.verdicts.clear();
  c.summary = Summary{};
  for (int i = 0; i < n; ++i) {
    Verdict v;
    v.benchmark = prefix + std::to_string(i);
    v.metric = "wall_time";
    v.unit = "ns";
    v.limits = RelativeLimits{0.05, 0.10};
    v.base = side(samples, 0, 1e6);
    double ratio = i % 10 == 0 ? 1.25 : i % 25 == 0 ? 0.8 : 1.001;
    v.contender = side(samples, 0, 1e6 * ratio);
    for (int k = 0; k < samples; ++k) {
      v.base_samples.push_back(1e6 * (1 + 0.001 * k));
      v.contender_samples.push_back(1e6 * ratio * (1 + 0.001 * k));
    }
    v.change = Change{};
    v.change->ratio = ratio;
    v.change->ci_low = ratio - 0.01;
    v.change->ci_high = ratio + 0.01;
    v.change->p_value = ratio == 1.001 ? 0.7 : 0.0001;
    v.change->p_adjusted = v.change->p_value;
    if (ratio > 1.1) {
      v.status = Status::critical;
      v.severity = Severity::critical;
      v.reason = "+25.0 % is beyond the 10.0 % critical limit";
      ++c.summary.critical;
    } else if (ratio < 1) {
      v.status = Status::improvement;
      v.reason = "-20.0 %, p = 0.0001";
      ++c.summary.improvements;
    } else {
      v.status = Status::stable;
      v.reason = "interval within ±5.0 %";
      ++c.summary.stable;
    }
    c.verdicts.push_back(std::move(v));
  }
  c.family_size = n;
  return c;
}

inline std::string render(const std::string& format, const Comparison& c,
                          const ReportOptions& options = {}) {
  std::ostringstream out;
  auto r = make_reporter(format, options);
  if (!r) return "unknown format " + format;
  r->write(c, out);
  return out.str();
}

}  // namespace perfgate::testing_support
