// Runs the two sides of `perfgate ab` (docs/ab.md) as real children, one
// measured value per run: warm-up runs, then pairs in the order the caller
// draws (the statistics and the order live in analyze/ab.* and the CLI; this
// file only runs processes and reads one number from each).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "collect/gbench_runner.hpp"
#include "collect/instructions.hpp"
#include "collect/process.hpp"

namespace perfgate {

// What one run of a side gives as its sample. Lower is better for all.
enum class AbMetric {
  wall_time,     // ns, spawn to reaping (ProcessResult::wall_ns)
  cpu_time,      // ns, user + system of the child and the children it waited for
  instructions,  // user-space instructions (collect/instructions.hpp)
  gbench_real,   // ns, real_time of the one Google Benchmark row the run prints
  gbench_cpu,    // ns, its cpu_time
};
// "wall_time", "cpu_time", "instructions", "real_time", "cpu_time".
const char* ab_metric_name(AbMetric m);
// "ns" or "instructions".
const char* ab_metric_unit(AbMetric m);

struct AbSideSpec {
  std::string label;  // the command or the folder, for reports ("base", "contender" in failures)
  ProcessSpec process;
};

struct AbRunOptions {
  AbMetric metric = AbMetric::wall_time;
  InstructionCounter counter = InstructionCounter::perf;  // for AbMetric::instructions
};

// One run of one side: its value, or why it failed ("exited with status 3",
// "timed out after 1 s; process group killed").
struct AbSample {
  bool ok = false;
  double value = 0;
  std::string failure;
  std::string stdout_text;
};

// Runs `side` once and reads the metric. Never throws for anything the child does.
AbSample run_ab_side(const AbSideSpec& side, const AbRunOptions& options);

// One pair: both sides once, in the given order. ok only when both ran.
struct AbPair {
  bool ok = false;
  double base = 0, contender = 0;
  std::string failure;  // "base: exited with status 1" / "contender: ..."
  std::string base_stdout, contender_stdout;
};
AbPair run_ab_pair(const AbSideSpec& base, const AbSideSpec& contender, bool base_first,
                   const AbRunOptions& options);

// Pins perfgate itself to the highest-numbered CPU it may run on
// (sched_setaffinity); the children inherit the mask through fork, so base
// and contender run on that one CPU and never migrate. perfgate only waits
// while a child runs. Returns the CPU, or nothing (and why in `why_not`).
std::optional<int> pin_to_last_cpu(std::string& why_not);

// The argv that runs one benchmark of a Google Benchmark binary once: what
// `perfgate run` would pass (collect/gbench_runner.hpp: the suite's
// min_time, warm-up time, ...) with --benchmark_repetitions=1 and
// --benchmark_filter=^NAME$ (NAME's regex characters escaped) instead of the
// suite's filter.
std::vector<std::string> gbench_single_argv(const BenchmarkSpec& spec, const GbenchProbe& probe,
                                            const std::string& name);

// Reads real_time (or cpu_time) in ns from the JSON of one gbench run: the
// first row that is an iteration (not an aggregate). Empty optional and `why`
// when there is none or it reports an error.
std::optional<double> gbench_time_ns(const std::string& json_text, bool cpu, std::string& why);

}  // namespace perfgate
