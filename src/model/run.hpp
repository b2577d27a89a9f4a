// A run: all samples of one execution of a suite (or one ingested file), with
// its environment, git state and time. This is what the result file holds
// (docs/formats.md) and what the store keeps.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/environment.hpp"
#include "model/limits.hpp"
#include "model/metric.hpp"

namespace perfgate {

// One execution of one benchmark. A repetition that failed (non-zero exit,
// signal, time-out, output flood, metric not found) carries no values: a
// failing benchmark is never a sample.
struct Repetition {
  int index = 0;                        // 0-based among measured (non-warm-up) runs
  bool ok = true;
  std::string failure;                  // why it failed; empty when ok
  std::optional<int> exit_status;       // exit code when the process exited
  std::optional<int> signal;            // terminating signal, if any
  std::map<std::string, double> values; // metric name -> value, in the metric's unit
};

// Summary statistics of one metric, for sources that report only a mean and a
// spread (a pytest-benchmark file saved without data, llama-bench averages).
// Honest by construction: compare judges these with a test that fits
// summaries and says that raw samples were not available.
struct SampleSummary {
  double mean = 0;
  std::optional<double> stddev;  // sample standard deviation (n - 1), when given
  int n = 0;                     // how many samples the source summarised (0: not said)
  std::optional<double> median;
  std::optional<double> min;
  std::optional<double> max;
};

struct BenchmarkResult {
  std::string name;
  std::vector<std::string> command;     // argv as run (a shell string is {"/bin/sh","-c",s})
  std::vector<MetricInfo> metrics;      // every metric its repetitions may carry
  Limits limits;                        // relative limits for compare, per direction
  std::vector<Budget> budgets;          // absolute budgets, checked on this run's samples
  int warmup = 0;
  std::vector<Repetition> repetitions;
  // Metrics the source gave only as summaries (no raw samples), by metric name.
  // A metric is either here or in the repetitions' values, never both.
  std::map<std::string, SampleSummary> summaries;
  // The source's own fields for this benchmark that are not metrics (Google
  // Benchmark's run_type and threads, llama-bench's model and backend, any
  // field an adapter does not know), as compact JSON text by field name
  // (nlohmann's dump(): UTF-8 kept, object keys sorted after a read).
  std::map<std::string, std::string> context;
  // Why it was not run (a fixture it needs is absent: collect/fixtures.hpp);
  // empty when it ran. A skipped benchmark has no repetitions: compare lists
  // it as skipped, never as passed.
  std::string skipped;

  // Values of one metric over the successful repetitions, in repetition order.
  std::vector<double> samples(const std::string& metric) const;
  const MetricInfo* find_metric(const std::string& metric) const;
  int failed_count() const;
};

// One input an ingested run was read from, with the facts its tool recorded
// about the machine and build (Google Benchmark's "context", llama-bench's
// build fields), kept beside perfgate's own environment snapshot.
struct SourceFile {
  std::string path;          // as given to perfgate ingest, or the gbench binary run
  std::string format;        // the adapter that read it: "gbench", "hyperfine", ...
  // A JSON object, compact, as nlohmann's dump() writes it (a file read back
  // has its keys sorted); "{}" when the tool records none.
  std::string context_json;
};

struct Run {
  static constexpr int schema_version = 1;

  std::string id;             // unique, e.g. "20261123T190312Z-3f2a9c1"
  std::string started_at;     // UTC, ISO 8601 "2026-11-23T19:03:12Z"
  std::string finished_at;
  std::string suite_name;
  std::string suite_path;     // as given on the command line; empty for ingested runs
  std::string source;         // "perfgate run", or the adapter that read it
  bool quick = false;         // --quick: fewer runs than the suite asks for
  GatePolicy gate;                  // the suite's gate policy, carried for compare
  Environment environment;
  std::vector<PreflightCheck> preflight;
  // What was read to make the run, in order: every input of `perfgate ingest`,
  // and each Google Benchmark binary a suite ran (its JSON's context); empty
  // for command benchmarks.
  std::vector<SourceFile> sources;
  std::vector<BenchmarkResult> benchmarks;

  const BenchmarkResult* find_benchmark(const std::string& name) const;
};

}  // namespace perfgate
