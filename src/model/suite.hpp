// A suite: the benchmarks to run, their metrics, thresholds and gate policy,
// as read from a perfgate.toml file (docs/formats.md, "Suite file").
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/limits.hpp"
#include "model/metric.hpp"

namespace perfgate {

// Where in the suite file a value came from, for error messages that a runner
// or checker raises after parsing ("perfgate.toml:12:11: ...").
struct SourcePlace {
  std::string file;
  int line = 0;
  int column = 0;
  std::string str() const;  // "file:line:column", or "file" when line is 0
};

// How a declared metric is read after each repetition.
struct MetricSource {
  enum class Kind { stdout_regex, json_file };
  Kind kind = Kind::stdout_regex;
  std::string regex;         // ECMAScript; capture group 1 (or the whole match) is the value
  std::string json_file;     // path written by the benchmark, relative to its cwd
  std::string json_pointer;  // RFC 6901, e.g. "/results/tokens_per_second"
};

struct DeclaredMetric {
  MetricInfo info;
  MetricSource source;
  SourcePlace place;
};

struct BenchmarkSpec {
  std::string name;
  SourcePlace place;                       // where [[benchmark]] starts
  // Exactly one of argv / shell is set. A shell string runs as /bin/sh -c.
  std::vector<std::string> argv;
  std::string shell;
  std::string cwd;                         // absolute; defaults to the suite's folder
  std::map<std::string, std::string> env;  // added to perfgate's own environment
  int warmup = 1;
  int runs = 10;
  std::chrono::nanoseconds timeout = std::chrono::seconds(60);
  std::chrono::nanoseconds cooldown = std::chrono::nanoseconds(0);
  std::uint64_t max_output_bytes = 8u << 20;  // more output than this fails the repetition
  Limits limits;                           // relative warning / critical limits per direction
  std::vector<Budget> budgets;             // absolute budgets on the contender's samples
  std::vector<std::string> builtin_metrics = {"wall_time"};  // which built-ins compare judges
  std::vector<DeclaredMetric> metrics;

  // argv as it will be executed ({"/bin/sh", "-c", shell} for a shell string).
  std::vector<std::string> command() const;
};

struct Suite {
  std::string path;   // as given
  std::string dir;    // absolute folder of the suite file
  std::string name;   // [suite] name, or the file's stem
  int quick_runs = 5; // runs per benchmark under --quick (5: the fewest for which
                      // Mann-Whitney can reach p < 0.05)
  std::string platform;              // the [platform.NAME] section applied, if any
  GatePolicy gate;                   // [gate] fail_on, non_gating
  std::vector<BenchmarkSpec> benchmarks;
};

}  // namespace perfgate
