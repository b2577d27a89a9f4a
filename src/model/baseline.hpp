// A baseline file: what a contender is judged against in CI, made from a few
// stored runs and meant to be committed to the repository
// (docs/formats.md, "Baseline file").
//
// It keeps, per benchmark x metric, the pooled raw samples of its source runs
// (so `perfgate check` runs the full comparison against them) and the
// statistics a person reads when reviewing it: n, median, MAD, IQR, a 95 %
// interval of the median, the noise and a suggested threshold. A `history`
// records every create and update with its reason, so a reviewer can see why
// the reference moved. nlohmann/json stays out of this header (see json_io.hpp).
//
// This is the model layer: the few order statistics needed here are computed
// in baseline.cpp (same definitions as src/stats: type-7 quantiles, unscaled
// MAD), because model uses nothing of perfgate.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/environment.hpp"
#include "model/limits.hpp"
#include "model/metric.hpp"
#include "model/run.hpp"

namespace perfgate {

// The facts about the machine that decide whether a run can be judged against
// the baseline. A different platform (os-arch) is refused; a different CPU
// model is only warned about.
struct EnvironmentFingerprint {
  std::string cpu_model;
  int logical_cores = 0;
  std::string os;        // PRETTY_NAME, as in the run
  std::string arch;      // uname -m
  std::string compiler;  // the compiler that built perfgate
};

// A run the statistics were pooled from.
struct BaselineSource {
  std::string id;          // Run::id
  std::string started_at;  // UTC, ISO 8601
  std::string commit;      // full git SHA; empty outside git
  std::string branch;
};

// Distribution-free interval of the median from order statistics: the k-th
// smallest and k-th largest sample, with the largest k whose coverage
// 1 - 2 P(Binomial(n, 1/2) < k) is at least `confidence`. With fewer than 6
// samples no k reaches 95 %: the interval is [min, max] and `coverage` says
// what it really is (1 - 2^(1-n)).
struct MedianInterval {
  double low = 0;
  double high = 0;
  double confidence = 0.95;  // asked for
  double coverage = 0;       // achieved: exact binomial coverage of [low, high]
};

// One metric of one benchmark. Statistics are absent when there are no
// samples or a sample is NaN or infinite; noise and suggested threshold are
// absent also when a sample is <= 0 (they are computed on log values).
struct MetricBaseline {
  MetricInfo info;
  int n = 0;                     // == samples.size()
  std::optional<double> median;  // in the metric's unit
  std::optional<double> mad;     // median absolute deviation, unscaled
  std::optional<double> iqr;     // type-7 interquartile range
  std::optional<MedianInterval> median_interval;
  std::optional<double> relative_mad;         // mad / median: the noise people read
  std::optional<double> log_sd;               // 1.4826 * MAD of log(samples): the noise used below
  std::optional<double> suggested_threshold;  // fraction, see suggested_threshold()
  std::vector<double> samples;                // pooled, source-run order, then repetition order
};

struct BenchmarkBaseline {
  std::string name;
  Limits limits;                // as in the newest source run holding the benchmark
  std::vector<Budget> budgets;  // likewise
  int runs = 0;                 // source runs holding this benchmark
  int failed_repetitions = 0;   // in the source runs; their repetitions are not pooled
  std::vector<MetricBaseline> metrics;

  const MetricBaseline* find_metric(std::string_view name) const;
};

// One create or update.
struct BaselineHistoryEntry {
  std::string at;                 // UTC, ISO 8601
  std::string action;             // "create" or "update"
  std::string reason;             // required for "update"; may be empty for "create"
  std::vector<std::string> runs;  // source run ids
};

struct Baseline {
  static constexpr int schema_version = 1;
  static constexpr std::string_view kind = "perfgate-baseline";

  std::string created_at;  // UTC, ISO 8601; kept by updates
  std::string suite_name;
  std::string platform;  // "linux-x86_64": see platform_of()
  EnvironmentFingerprint environment;
  std::vector<BaselineSource> runs;  // the runs the statistics come from
  std::vector<BenchmarkBaseline> benchmarks;
  std::vector<BaselineHistoryEntry> history;

  const BenchmarkBaseline* find_benchmark(std::string_view name) const;
};

// ---------------------------------------------------------------- building

// The platform a run was made on, in current_platform()'s words
// ("linux-x86_64"), from its environment (os and arch); empty when the run
// does not say (an ingested file without environment).
std::string platform_of(const Environment& environment);

// Refuses (perfgate::Error, exit 2, saying why a reason is required) an
// empty or blank reason for an update. update_baseline calls it; verbs call
// it first, before they spend time running a suite.
void check_update_reason(const std::string& reason);

// The baseline as a run that compare_runs can take as its base: one benchmark
// per benchmark, the pooled samples as successful repetitions (repetition i
// holds the i-th sample of every metric that has one), limits and budgets
// carried, environment from the fingerprint, git state of the newest source
// run. Its id is "baseline@<time of the last create/update>".
Run baseline_to_run(const Baseline& baseline);

// ---------------------------------------------------------------- the file

// The baseline as a JSON document, pretty-printed with 2 spaces.
std::string baseline_to_json(const Baseline& baseline);

// Parses a baseline document. `origin` names the source in messages (a path).
// Throws perfgate::Error (exit 2) with one line naming origin, the JSON path
// and what to do; a `kind` other than "perfgate-baseline" or an unknown
// schema_version is refused.
Baseline baseline_from_json(std::string_view text, const std::string& origin);

// Reads / writes a baseline file (writing: temporary file, then rename).
Baseline read_baseline_file(const std::string& path);
void write_baseline_file(const Baseline& baseline, const std::string& path);

}  // namespace perfgate
