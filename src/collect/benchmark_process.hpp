// How a suite benchmark's process is started: its argv with the benchmark's
// working folder, environment, time-out and output bound. One place for the
// timed runs (collect/runner), Google Benchmark binaries (collect/gbench_runner)
// and `perfgate ab` (collect/ab_suite).
#pragma once

#include <string>
#include <vector>

#include "collect/process.hpp"
#include "model/suite.hpp"

namespace perfgate {

// `argv` run the way `spec` says a benchmark runs.
ProcessSpec benchmark_process(const BenchmarkSpec& spec, std::vector<std::string> argv);

// The benchmark's own command (spec.command()).
inline ProcessSpec benchmark_process(const BenchmarkSpec& spec) {
  return benchmark_process(spec, spec.command());
}

}  // namespace perfgate
