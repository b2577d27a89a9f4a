// Compares two runs benchmark by benchmark and metric by metric, and gives
// each a verdict (docs/ARCHITECTURE.md, "How a verdict is decided").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/metric.hpp"
#include "model/run.hpp"

namespace perfgate {

enum class Status { regression, improvement, stable, inconclusive, failed };
std::string_view to_string(Status s);

struct SideSummary {
  int n = 0;                     // successful samples
  int failed = 0;                // failed repetitions
  std::optional<double> median;  // absent when n == 0
};

struct Change {
  double ratio = 1;    // contender median / base median
  double ci_low = 1;   // bootstrap interval of the ratio
  double ci_high = 1;
  double p_value = 1;  // Mann-Whitney U, two-sided
  bool exact_p = false;
};

struct Verdict {
  std::string benchmark;
  std::string metric;
  std::string unit;
  Direction direction = Direction::lower_is_better;
  double threshold = 0.05;       // relative
  SideSummary base, contender;
  std::optional<Change> change;  // absent when a side has no samples
  Status status = Status::inconclusive;
  std::string reason;            // one line: why this status (for inconclusive and failed above all)
};

// What each side was, for report headers and footnotes.
struct RunSide {
  std::string label;   // as the user referred to it ("latest~1", a file path)
  std::string id;
  std::string started_at;
  std::string git_commit;
  std::string git_branch;
  std::string cpu_model;
  int logical_cores = 0;
  std::string host_id;
  bool quick = false;
};

struct CompareOptions {
  double alpha = 0.05;                  // significance level of the Mann-Whitney test
  double confidence = 0.95;             // of the bootstrap interval
  int resamples = 10000;
  std::uint64_t seed = 0x9e3779b97f4a7c15ull;
  std::optional<double> threshold;      // overrides every benchmark's threshold
  int min_samples = 3;                  // fewer on a side: inconclusive
};

struct Summary {
  int regressions = 0, improvements = 0, stable = 0, inconclusive = 0, failed = 0;
};

struct Comparison {
  RunSide base, contender;
  CompareOptions options;
  std::vector<Verdict> verdicts;  // in the contender's benchmark order, then metric order
  Summary summary;
  std::vector<std::string> only_in_base;       // benchmarks not compared
  std::vector<std::string> only_in_contender;
};

// Throws perfgate::Error (exit 2) when the runs have no benchmark in common,
// naming what each side holds.
Comparison compare_runs(const Run& base, const std::string& base_label, const Run& contender,
                        const std::string& contender_label, const CompareOptions& options);

// The verdict for one metric given both sides' samples (exposed for tests).
Verdict judge(std::vector<double> base, std::vector<double> contender, Direction direction,
              double threshold, const CompareOptions& options);

// Gate policy: does this comparison fail the gate? A regression or a failed
// contender fails it; inconclusive does not (it is reported, with why).
bool gate_fails(const Comparison& comparison);

}  // namespace perfgate
