// Cross-validation of two implementations (`perfgate crossval`,
// docs/crossval.md): do their outputs agree within a tolerance, and which is
// faster? A kernel that is fast because it is wrong must not pass as a win.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analyze/compare.hpp"

namespace perfgate {

// An element passes when |candidate - reference| <= atol + rtol * |reference|:
// numpy.allclose's rule (asymmetric: the reference sets the scale).
struct Tolerance {
  double atol = 1e-6;
  double rtol = 1e-4;
};

// One side's output, named for messages ("reference output /tmp/x/reference.npy").
struct NamedOutput {
  std::string name;
  std::span<const double> values;
};

struct OutputComparison {
  std::size_t elements = 0;
  Tolerance tolerance;
  double max_abs_error = 0;     // max |c - r|
  std::size_t worst_index = 0;  // where max_abs_error is (the first such element)
  double mse = 0;               // mean of (c - r)^2
  double max_rel_error = 0;     // max |c - r| / max(|r|, smallest normal double)
  std::size_t mismatches = 0;   // elements outside the tolerance
  // The first element outside the tolerance, when any: its index and values.
  std::optional<std::size_t> first_mismatch;
  double first_mismatch_reference = 0, first_mismatch_candidate = 0;
  double worst_reference = 0, worst_candidate = 0;
  bool match() const { return mismatches == 0; }
};

// Compares element by element. Throws input_error (exit 2) when the counts
// differ (naming both), when either side is empty, or when either side holds
// a NaN or an infinity (naming the side and the first such index): such
// outputs cannot be judged by a tolerance. Tolerances must be finite and >= 0.
OutputComparison compare_outputs(const NamedOutput& reference, const NamedOutput& candidate,
                                 const Tolerance& tolerance);

// Speed of the two commands: wall times in ns, judged by judge_metric
// (reference = base, candidate = contender, lower is better).
struct SpeedComparison {
  std::vector<double> reference_wall_ns, candidate_wall_ns;
  Verdict verdict;
};
SpeedComparison compare_speed(std::vector<double> reference_wall_ns,
                              std::vector<double> candidate_wall_ns, const CompareOptions& options);

// Everything `perfgate crossval` found, for the report layer.
struct CrossvalSide {
  std::string command;      // as the user gave it
  std::string description;  // what its output was read as ("npy <f4 (9216,)")
};
struct CrossvalResult {
  CrossvalSide reference, candidate;
  OutputComparison outputs;
  int warmup = 0;                        // untimed runs per side after the output run
  std::optional<SpeedComparison> speed;  // absent with --runs 0
  CompareOptions options;                // of the speed verdict
};

}  // namespace perfgate
