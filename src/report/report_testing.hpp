// Comparisons for the reporters' tests: one small hand-made comparison (a
// critical regression whose name needs escaping, and a stable row), a
// generator of many verdicts for size limits, one where every benchmark
// failed, and one per hostile name; and Python (Debian's /usr/bin/python3)
// as an independent reader of what the reporters write. Test-only;
// header-only.
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

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

// `n` verdicts whose contender could not be measured: every benchmark failed.
inline Comparison all_failed(int n) {
  Comparison c = many_verdicts(n, "broken/", 0);
  c.summary = Summary{};
  for (auto& v : c.verdicts) {
    v.contender = side(0, 5, std::nullopt);
    v.base = side(5, 0, 1e6);
    v.base_samples = {1e6, 1e6, 1e6, 1e6, 1e6};
    v.contender_samples.clear();
    v.change.reset();
    v.status = Status::failed;
    v.severity = Severity::critical;
    v.reason = "contender: 5 of 5 repetitions failed (exit status 1)";
    ++c.summary.failed;
  }
  c.family_size = 0;
  return c;
}

// Names a report must carry intact or at least legibly: separators of CSV,
// XML markup, quotes, line breaks, non-ASCII, a control character, and a
// very long name.
inline std::vector<std::string> hostile_names() {
  return {"a,b",
          "say \"hi\"",
          "line\nbreak",
          "cr\rlf\r\n",
          "lone\rreturn",
          "<tag attr='x'>&amp;</tag>",
          "]]> & <!-- -->",
          "tab\there",
          "ünïcödé/日本語/🚀",
          "bell\x07" "and\x1b[31mescape",
          "=HYPERLINK(\"http://x\")",
          " leading and trailing spaces ",
          std::string(5000, 'x') + ",end"};
}

// sample_comparison()'s rows, one per name, each a copy of the critical
// regression (every other one the stable row), with `metric` suffixed by the
// index so no two cases are alike.
inline Comparison with_names(const std::vector<std::string>& names) {
  Comparison base = sample_comparison();
  Comparison c = base;
  c.verdicts.clear();
  c.summary = Summary{};
  for (std::size_t i = 0; i < names.size(); ++i) {
    Verdict v = base.verdicts[i % 2];
    v.benchmark = names[i];
    v.metric = "wall_time" + std::to_string(i);
    v.reason = "reason of " + names[i];
    (i % 2 == 0 ? c.summary.critical : c.summary.stable) += 1;
    c.verdicts.push_back(std::move(v));
  }
  c.family_size = static_cast<int>(names.size());
  return c;
}

// Runs `script` with /usr/bin/python3, the text `input` in a temporary file
// whose path is sys.argv[1], and returns what the script printed. Throws
// (failing the calling test) when Python cannot run or the script fails: the
// script is the oracle, so its error is the test's finding.
inline std::string run_python(const std::string& script, const std::string& input) {
  char path[] = "/tmp/perfgate_report_oracle_XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) throw std::runtime_error("cannot create a temporary file for Python");
  close(fd);
  std::ofstream(path, std::ios::binary) << input;
  char script_path[] = "/tmp/perfgate_report_oracle_py_XXXXXX";
  const int sfd = mkstemp(script_path);
  if (sfd < 0) throw std::runtime_error("cannot create a temporary file for Python");
  close(sfd);
  std::ofstream(script_path, std::ios::binary) << script;
  const std::string command =
      std::string("/usr/bin/python3 ") + script_path + " " + path;
  std::string answer;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe) {
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) answer.append(buf, n);
  }
  const int status = pipe ? pclose(pipe) : -1;
  std::remove(path);
  std::remove(script_path);
  if (status != 0)
    throw std::runtime_error("Python failed (status " + std::to_string(status) + "): " + answer);
  return answer;
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
