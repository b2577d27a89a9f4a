// What `perfgate ab` and `perfgate bisect` share: the flags of the A/B design
// (threshold, alpha, budget, metric, ...), their checking, and measuring one
// A/B job to its verdict (warm-up, then pairs until the sequential test stops;
// analyze/ab.hpp).
#pragma once

#include <cstdint>
#include <string>

#include "analyze/ab.hpp"
#include "cli/common.hpp"
#include "collect/ab_runner.hpp"
#include "collect/ab_suite.hpp"
#include "stats/rng.hpp"

namespace perfgate::cli {

struct AbDesignArgs {
  std::string threshold = "2%", budget = "60s", metric = "wall_time", counter;
  double alpha = 0.01;
  int max_pairs = 10000, warmup = 1;
  std::uint64_t seed = 0x5eed0ab5eed0ab5eull;
};

// --threshold, --alpha, --budget, --max-pairs, --warmup, --metric, --counter, --seed.
void add_ab_design_flags(CLI::App* cmd, AbDesignArgs& a);

// The checked design; input_error (exit 2) naming the flag otherwise.
SequentialOptions sequential_options(const AbDesignArgs& a);
// The metric and counter; input_error when the counter cannot count here.
AbRunOptions ab_run_options(const AbDesignArgs& a);

// A positive duration flag ("60s", "500ms", "2m") in seconds, or input_error.
double duration_flag_s(const std::string& flag, const std::string& text);

// Measures `job` to its verdict. `log_prefix` starts the one-line summary on
// stderr ("ab: ", "ab: name: "; nothing when quiet). `never_ran` is set when
// a side failed before any pair was measured.
Verdict measure_ab_job(const AbJob& job, const AbRunOptions& run, const SequentialOptions& so,
                       int warmup, RelativeLimits limits, stats::Rng& rng, bool quiet,
                       const std::string& log_prefix, bool& never_ran);

}  // namespace perfgate::cli
