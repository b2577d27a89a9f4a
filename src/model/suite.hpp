// A suite: the benchmarks to run, their metrics, thresholds and gate policy,
// as read from a perfgate.toml file (docs/formats.md, "Suite file").
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/limits.hpp"
#include "model/metric.hpp"
#include "model/receipt.hpp"

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

// How a benchmark is run (the suite's `kind`).
enum class BenchmarkKind {
  // The program is the benchmark: one process per repetition, timed by
  // perfgate (built-in metrics) and read for declared metrics.
  command,
  // A Google Benchmark binary: one process runs every repetition of each of
  // its benchmarks (--benchmark_repetitions) and reports them as JSON; each of
  // its benchmarks becomes a perfgate benchmark "<name>/<its name>", with the
  // metrics it reports (real_time, cpu_time, items_per_second, counters).
  gbench,
};

// The Google Benchmark flags a kind = "gbench" benchmark sets
// (docs/formats.md, "Ingested formats"). Places are kept for the mistakes only the binary
// can reveal (a filter that matches nothing, a min_time form it does not take).
struct GbenchOptions {
  std::string filter;  // --benchmark_filter (a regex); empty: every benchmark
  SourcePlace filter_place;
  // --benchmark_min_time: a duration, or (Google Benchmark 1.8+) a number of
  // iterations "<N>x". At most one is set; neither: the binary's default.
  std::optional<std::chrono::nanoseconds> min_time;
  std::optional<std::int64_t> min_iterations;
  SourcePlace min_time_place;
  std::optional<std::chrono::nanoseconds> min_warmup_time;  // --benchmark_min_warmup_time
  // --benchmark_enable_random_interleaving=true, passed only when the binary's
  // --help lists the flag (Google Benchmark 1.6+).
  bool random_interleaving = false;
  // The metrics compare judges; empty: what the adapter judges by default
  // (times, items/s, bytes/s, rate counters). The others are still recorded.
  std::vector<std::string> judged_metrics;
};

// A command benchmark's `determinism = { runs, outputs }`: the outputs its
// first `runs` successful measured repetitions must reproduce byte for byte.
struct DeterminismSpec {
  int runs = 3;  // >= 2; how many measured repetitions are compared (no extra runs)
  // "stdout", or a file path as written (relative to the benchmark's cwd, or
  // absolute), in the order given; messages name them as written.
  std::vector<std::string> outputs;
  SourcePlace place;
};

// A file or folder a benchmark needs that perfgate does not make (a model, a
// dataset): [fixture.NAME] in the suite (docs/formats.md, "Fixtures"). Looked
// up when the suite runs (collect/fixtures.hpp): the environment variable, when
// set, names it; otherwise the first of `paths` that exists. A benchmark that
// needs an absent fixture is skipped with the reason, never run and never
// passed; a required one stops the run instead (exit 2).
struct FixtureSpec {
  std::string name;                // [a-z0-9_-]+ ("model")
  std::string env;                 // variable that names it ("LLM_MODEL"); empty: none
  // Where to look, in order: absolute, a relative one taken from the suite's
  // folder; "~/" is the user's home, expanded at lookup.
  std::vector<std::string> paths;
  bool required = false;
  std::string hint;                // how to get it, shown when it is absent
  SourcePlace place;               // where [fixture.NAME] is
};

struct BenchmarkSpec {
  std::string name;
  SourcePlace place;                       // where [[benchmark]] starts
  BenchmarkKind kind = BenchmarkKind::command;
  GbenchOptions gbench;                    // kind == gbench only
  // Exactly one of argv / shell is set. A shell string runs as /bin/sh -c.
  // A gbench benchmark has argv (the binary and any arguments of its own).
  std::vector<std::string> argv;
  std::string shell;
  std::string cwd;                         // absolute; defaults to the suite's folder
  std::map<std::string, std::string> env;  // added to perfgate's own environment
  int warmup = 1;                          // command only: gbench has min_warmup_time
  int runs = 10;                           // gbench: --benchmark_repetitions
  std::chrono::nanoseconds timeout = std::chrono::seconds(60);  // gbench: the whole binary
  std::chrono::nanoseconds cooldown = std::chrono::nanoseconds(0);  // command only
  std::uint64_t max_output_bytes = 8u << 20;  // more output than this fails the repetition
  Limits limits;                           // relative warning / critical limits per direction
  std::vector<Budget> budgets;             // absolute budgets on the contender's samples
  std::vector<std::string> builtin_metrics = {"wall_time"};  // which built-ins compare judges
  std::vector<DeclaredMetric> metrics;     // command only
  // command only: the receipt the program writes in each repetition
  // (docs/receipts.md), absolute (a relative `receipt` is taken from cwd);
  // empty: none. Its figures become metrics of the repetition.
  std::string receipt;
  SourcePlace receipt_place;
  ReceiptRules receipt_rules;              // the strict rules' mock patterns and bounds
  std::optional<DeterminismSpec> determinism;  // command only; none: not checked
  // The fixtures it needs, by name: listed in `fixtures = [...]` or used as
  // "{fixture.NAME}" in command, shell or env (replaced by the path found).
  std::vector<std::string> fixtures;
  // Set by resolve_fixtures (collect/fixtures.hpp) when a fixture it needs is
  // absent: why it is skipped. The runner then records it without running it.
  std::string skip_reason;

  // argv as it will be executed ({"/bin/sh", "-c", shell} for a shell string).
  std::vector<std::string> command() const;
};

// "{fixture.NAME}" in a command argument, shell string or env value: the
// names used, in order (repeats kept), and the text with each replaced by
// paths.at(NAME). A '{' not followed by "fixture." is literal text.
std::vector<std::string> fixture_placeholders(std::string_view text);
std::string replace_fixture_placeholders(std::string_view text,
                                         const std::map<std::string, std::string>& paths);

struct Suite {
  std::string path;   // as given
  std::string dir;    // absolute folder of the suite file
  std::string name;   // [suite] name, or the file's stem
  int quick_runs = 5; // runs per benchmark under --quick (5: the fewest for which
                      // Mann-Whitney can reach p < 0.05)
  std::string platform;              // the [platform.NAME] section applied, if any
  GatePolicy gate;                   // [gate] fail_on, non_gating
  std::vector<FixtureSpec> fixtures; // [fixture.NAME], in file order
  std::vector<BenchmarkSpec> benchmarks;
};

}  // namespace perfgate
