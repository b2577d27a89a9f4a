// Test support (GoogleTest only, never linked into perfgate): runs with every
// field set or unset, and a field-by-field comparison that treats doubles as
// equal only when their bits are equal (so NaN == NaN and -0.0 != 0.0).
#pragma once

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "model/run.hpp"

namespace perfgate::test_support {

inline bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

inline void expect_same_double(const std::optional<double>& a, const std::optional<double>& b,
                               const std::string& what) {
  ASSERT_EQ(a.has_value(), b.has_value()) << what;
  if (a) {
    EXPECT_TRUE(same_bits(*a, *b)) << what << ": " << *a << " vs " << *b;
  }
}

// A run with every optional field set (limits differing per direction,
// budgets on the median and on percentiles, a non-default gate), awkward doubles and text that needs
// escaping. `id` distinguishes runs in a store.
inline Run make_full_run(const std::string& id = "20261123T190312Z-3f2a9c1") {
  Run run;
  run.id = id;
  run.started_at = "2026-11-23T19:03:12Z";
  run.finished_at = "2026-11-23T19:05:40Z";
  run.suite_name = "inference \"core\"";
  run.suite_path = "bench/perfgate.toml";
  run.source = "perfgate run";
  run.quick = true;
  run.gate.fail_on = FailOn::critical;
  run.gate.non_gating = true;
  Environment& e = run.environment;
  e.cpu_model = "AMD EPYC 7B13 64-Core Processor";
  e.logical_cores = 16;
  e.physical_cores = 8;
  e.cpu_mhz = 2449.998;
  e.governor = "performance";
  e.boost = false;
  e.memory_bytes = 67'411'435'520ull;
  e.os = "Debian GNU/Linux 12 (bookworm)";
  e.kernel = "6.1.0-26-amd64";
  e.arch = "x86_64";
  e.compiler = "GNU 12.2.0";
  e.host_id = "9f86d081884c7d65";
  e.load_average_1m = 0.37;
  e.git.commit = "3f2a9c1e5b7d4a0c9e8f7a6b5c4d3e2f1a0b9c8d";
  e.git.branch = "feature/fast-gemm";
  e.git.dirty = true;
  run.preflight = {
      {"load", PreflightCheck::Status::ok, ""},
      {"governor", PreflightCheck::Status::warning,
       "scaling governor is powersave; run `cpupower frequency-set -g performance`"},
      {"battery", PreflightCheck::Status::skipped, "no battery"},
  };

  BenchmarkResult gemm;
  gemm.name = "gemm_128x128x128";
  gemm.command = {"./gemm", "--size", "128", "a b\tc\n\xc3\xa9"};
  gemm.metrics = {
      {"wall_time", "ns", Direction::lower_is_better, true},
      {"peak_rss", "bytes", Direction::lower_is_better, false},
      {"tokens_per_second", "tokens/s", Direction::higher_is_better, true},
  };
  gemm.limits.lower_is_better = {0.025, 0.05};
  gemm.limits.higher_is_better = {0.08, 0.1 + 0.2};
  gemm.budgets = {
      {"wall_time", std::nullopt, 350000.5, std::nullopt},
      {"wall_time", 99.9, 1.0 / 3.0 * 1e6, std::nullopt},
      {"tokens_per_second", 5.0, std::nullopt, 0.1 + 0.7},
      {"peak_rss", std::nullopt, std::numeric_limits<double>::infinity(), 1.0},
      {"wall_time", std::nullopt, std::nullopt, std::nullopt, 6e10, 0.1 + 0.2},  // mvp, target
  };
  gemm.warmup = 2;
  Repetition r0;
  r0.index = 0;
  r0.exit_status = 0;
  r0.values = {
      {"wall_time", 301234.5}, {"peak_rss", 123456789.0}, {"tokens_per_second", 0.1 + 0.2}};
  Repetition r1;
  r1.index = 1;
  r1.ok = false;
  r1.failure = "timed out after 60 s; the process group was killed";
  r1.signal = 9;
  Repetition r2;
  r2.index = 2;
  r2.exit_status = 0;
  r2.values = {{"wall_time", 1.0 / 3.0},
               {"peak_rss", 5e-324},
               {"tokens_per_second", std::numeric_limits<double>::max()}};
  Repetition r3;
  r3.index = 3;
  r3.ok = false;
  r3.failure = "exited with status 3";
  r3.exit_status = 3;
  gemm.repetitions = {r0, r1, r2, r3};

  BenchmarkResult attention;
  attention.name = "attention_seq_64";
  attention.command = {"/bin/sh", "-c", "./attn 64 | tee log"};
  attention.metrics = {{"wall_time", "ns", Direction::lower_is_better, true}};
  attention.limits.lower_is_better = attention.limits.higher_is_better = {0.1, 0.2};
  attention.warmup = 0;
  for (int i = 0; i < 3; ++i) {
    Repetition r;
    r.index = i;
    r.exit_status = 0;
    r.values = {{"wall_time", 4.9e6 + i * 1234.0625}};
    attention.repetitions.push_back(r);
  }
  attention.repetitions[2].values["wall_time"] = -0.0;
  // As an ingested benchmark has them: a metric given only as a summary, and
  // the source's own fields.
  attention.metrics.push_back({"tokens_per_second", "tokens/s", Direction::higher_is_better, true});
  attention.summaries["tokens_per_second"] = {123.25, 0.1 + 0.2, 5, 120.5, std::nullopt, 1e300};
  attention.context = {{"model", "\"llama 7B Q4_0 \xc3\xa9\""}, {"n_gen", "128"},
                       {"build", "{\"commit\":\"3f2a9c1\",\"number\":4}"}};
  run.sources = {{"bench/a.json", "gbench", "{\"caches\":[1,2],\"host_name\":\"ci-1\"}"},
                 {"bench/b.json", "gbench", "{}"}};

  run.benchmarks = {gemm, attention};
  return run;
}

// A run with every optional field unset (nullopt, empty, defaults).
inline Run make_minimal_run(const std::string& id = "minimal-1") {
  Run run;
  run.id = id;
  run.started_at = "2026-01-01T00:00:00Z";
  BenchmarkResult b;
  b.name = "only";
  b.metrics = {{"wall_time", "ns", Direction::lower_is_better, true}};
  Repetition r;
  r.values = {{"wall_time", 42.0}};
  b.repetitions = {r};
  run.benchmarks = {b};
  return run;
}

inline void expect_same_run(const Run& a, const Run& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.started_at, b.started_at);
  EXPECT_EQ(a.finished_at, b.finished_at);
  EXPECT_EQ(a.suite_name, b.suite_name);
  EXPECT_EQ(a.suite_path, b.suite_path);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.quick, b.quick);
  EXPECT_EQ(a.gate.fail_on, b.gate.fail_on);
  EXPECT_EQ(a.gate.non_gating, b.gate.non_gating);

  const Environment& ea = a.environment;
  const Environment& eb = b.environment;
  EXPECT_EQ(ea.cpu_model, eb.cpu_model);
  EXPECT_EQ(ea.logical_cores, eb.logical_cores);
  EXPECT_EQ(ea.physical_cores, eb.physical_cores);
  expect_same_double(ea.cpu_mhz, eb.cpu_mhz, "cpu_mhz");
  EXPECT_EQ(ea.governor, eb.governor);
  EXPECT_EQ(ea.boost, eb.boost);
  EXPECT_EQ(ea.memory_bytes, eb.memory_bytes);
  EXPECT_EQ(ea.os, eb.os);
  EXPECT_EQ(ea.kernel, eb.kernel);
  EXPECT_EQ(ea.arch, eb.arch);
  EXPECT_EQ(ea.compiler, eb.compiler);
  EXPECT_EQ(ea.host_id, eb.host_id);
  expect_same_double(ea.load_average_1m, eb.load_average_1m, "load_average_1m");
  EXPECT_EQ(ea.git.commit, eb.git.commit);
  EXPECT_EQ(ea.git.branch, eb.git.branch);
  EXPECT_EQ(ea.git.dirty, eb.git.dirty);

  ASSERT_EQ(a.preflight.size(), b.preflight.size());
  for (std::size_t i = 0; i < a.preflight.size(); ++i) {
    EXPECT_EQ(a.preflight[i].name, b.preflight[i].name) << "preflight " << i;
    EXPECT_EQ(a.preflight[i].status, b.preflight[i].status) << "preflight " << i;
    EXPECT_EQ(a.preflight[i].message, b.preflight[i].message) << "preflight " << i;
  }

  ASSERT_EQ(a.benchmarks.size(), b.benchmarks.size());
  for (std::size_t i = 0; i < a.benchmarks.size(); ++i) {
    const BenchmarkResult& ba = a.benchmarks[i];
    const BenchmarkResult& bb = b.benchmarks[i];
    SCOPED_TRACE("benchmark " + ba.name);
    EXPECT_EQ(ba.name, bb.name);
    EXPECT_EQ(ba.command, bb.command);
    expect_same_double(ba.limits.lower_is_better.warning, bb.limits.lower_is_better.warning,
                       "limits.lower.warning");
    expect_same_double(ba.limits.lower_is_better.critical, bb.limits.lower_is_better.critical,
                       "limits.lower.critical");
    expect_same_double(ba.limits.higher_is_better.warning, bb.limits.higher_is_better.warning,
                       "limits.higher.warning");
    expect_same_double(ba.limits.higher_is_better.critical, bb.limits.higher_is_better.critical,
                       "limits.higher.critical");
    ASSERT_EQ(ba.budgets.size(), bb.budgets.size());
    for (std::size_t k = 0; k < ba.budgets.size(); ++k) {
      const std::string what = "budgets[" + std::to_string(k) + "]";
      EXPECT_EQ(ba.budgets[k].metric, bb.budgets[k].metric) << what;
      expect_same_double(ba.budgets[k].percentile, bb.budgets[k].percentile, what + ".percentile");
      expect_same_double(ba.budgets[k].max, bb.budgets[k].max, what + ".max");
      expect_same_double(ba.budgets[k].min, bb.budgets[k].min, what + ".min");
      expect_same_double(ba.budgets[k].mvp, bb.budgets[k].mvp, what + ".mvp");
      expect_same_double(ba.budgets[k].target, bb.budgets[k].target, what + ".target");
    }
    EXPECT_EQ(ba.warmup, bb.warmup);
    ASSERT_EQ(ba.metrics.size(), bb.metrics.size());
    for (std::size_t m = 0; m < ba.metrics.size(); ++m) {
      EXPECT_EQ(ba.metrics[m].name, bb.metrics[m].name);
      EXPECT_EQ(ba.metrics[m].unit, bb.metrics[m].unit);
      EXPECT_EQ(ba.metrics[m].direction, bb.metrics[m].direction);
      EXPECT_EQ(ba.metrics[m].compared, bb.metrics[m].compared);
    }
    ASSERT_EQ(ba.repetitions.size(), bb.repetitions.size());
    for (std::size_t r = 0; r < ba.repetitions.size(); ++r) {
      const Repetition& ra = ba.repetitions[r];
      const Repetition& rb = bb.repetitions[r];
      SCOPED_TRACE("repetition " + std::to_string(r));
      EXPECT_EQ(ra.index, rb.index);
      EXPECT_EQ(ra.ok, rb.ok);
      EXPECT_EQ(ra.failure, rb.failure);
      EXPECT_EQ(ra.exit_status, rb.exit_status);
      EXPECT_EQ(ra.signal, rb.signal);
      ASSERT_EQ(ra.values.size(), rb.values.size());
      for (const auto& [name, v] : ra.values) {
        auto it = rb.values.find(name);
        ASSERT_NE(it, rb.values.end()) << name;
        expect_same_double(v, it->second, name);
      }
    }
    ASSERT_EQ(ba.summaries.size(), bb.summaries.size());
    for (const auto& [metric, sa] : ba.summaries) {
      auto it = bb.summaries.find(metric);
      ASSERT_NE(it, bb.summaries.end()) << metric;
      const SampleSummary& sb = it->second;
      expect_same_double(sa.mean, sb.mean, metric + ".mean");
      expect_same_double(sa.stddev, sb.stddev, metric + ".stddev");
      EXPECT_EQ(sa.n, sb.n) << metric;
      expect_same_double(sa.median, sb.median, metric + ".median");
      expect_same_double(sa.min, sb.min, metric + ".min");
      expect_same_double(sa.max, sb.max, metric + ".max");
    }
    EXPECT_EQ(ba.context, bb.context);
  }
  ASSERT_EQ(a.sources.size(), b.sources.size());
  for (std::size_t i = 0; i < a.sources.size(); ++i) {
    EXPECT_EQ(a.sources[i].path, b.sources[i].path);
    EXPECT_EQ(a.sources[i].format, b.sources[i].format);
    EXPECT_EQ(a.sources[i].context_json, b.sources[i].context_json);
  }
}

}  // namespace perfgate::test_support
