// Runs a Google Benchmark binary: a suite benchmark of kind = "gbench"
// (docs/formats.md, "Ingested formats", "Suite kind gbench").
//
// One process runs every repetition of each of the binary's benchmarks
// (--benchmark_format=json --benchmark_repetitions=N, and the filter, min_time
// and random interleaving the suite asks for); the gbench adapter reads its
// JSON, and each of the binary's benchmarks becomes a perfgate benchmark
// "<suite name>/<its name>" with the suite's limits and budgets.
//
// Before that, the binary is probed: its --help says which flags its Google
// Benchmark version takes (min_time "0.05s" / "100x" from 1.8 on, a bare
// number of seconds before; random interleaving from 1.6 on), and
// --benchmark_list_tests names the benchmarks the filter selects, so that a
// binary that fails later still leaves one failed benchmark per name.
#pragma once

#include <string>
#include <vector>

#include "model/run.hpp"
#include "model/suite.hpp"

namespace perfgate {

// What a Google Benchmark binary takes and which of its benchmarks the
// suite's filter selects.
struct GbenchProbe {
  bool min_time_suffixes = false;    // --benchmark_min_time=0.05s / =100x (1.8+)
  bool random_interleaving = false;  // --benchmark_enable_random_interleaving (1.6+)
  bool min_warmup_time = false;      // --benchmark_min_warmup_time (1.7+)
  std::vector<std::string> names;    // as --benchmark_list_tests prints them, in order
  // Non-empty when a probe process itself failed (crashed, hung, exited
  // non-zero): what happened. The benchmark is then recorded as failed.
  std::string failure;
};

// Probes the binary of `spec` (kind gbench) with --help and
// --benchmark_list_tests=true. Throws input_error (exit 2), placed in the
// suite, for the user's mistakes: a command that is not a Google Benchmark
// binary, a filter that does not compile or selects nothing, min_time "<N>x"
// for a binary older than 1.8. A binary that crashes or hangs is not thrown:
// it is in `failure`.
GbenchProbe probe_gbench(const BenchmarkSpec& spec);

// The argv that runs the selected benchmarks `repetitions` times each with
// JSON on stdout: the suite's command, then the --benchmark_ flags in the
// form the probed version takes.
std::vector<std::string> gbench_argv(const BenchmarkSpec& spec, const GbenchProbe& probe,
                                     int repetitions);

struct GbenchRun {
  // The binary's own process as one repetition (wall, user and system time,
  // peak RSS), failed when the binary failed: what progress shows.
  Repetition process;
  // One per benchmark of the binary, in the order the binary lists them. When
  // the binary failed (non-zero exit, signal, time-out, output flood, output
  // that is not its JSON), each listed benchmark has one failed repetition
  // saying why: a failing binary is never a sample.
  std::vector<BenchmarkResult> benchmarks;
  // The JSON's "context" (date, host, CPUs, caches, library build type), "{}"
  // when the output could not be read.
  std::string context_json = "{}";
  // What the user should know about how it ran ("random_interleaving is not
  // supported by this binary's Google Benchmark (before 1.6); ran without it").
  std::vector<std::string> notes;
};

// Runs the binary once (never throws for anything the binary does).
GbenchRun run_gbench(const BenchmarkSpec& spec, const GbenchProbe& probe, int repetitions);

}  // namespace perfgate
