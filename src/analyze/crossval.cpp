#include "analyze/crossval.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analyze/verdict.hpp"
#include "model/error.hpp"

namespace perfgate {
namespace {

// A NaN or infinity has no distance to anything; name the first one so the
// user can find it in their kernel's output.
void require_finite(const NamedOutput& side) {
  for (std::size_t i = 0; i < side.values.size(); ++i) {
    const double v = side.values[i];
    if (!std::isfinite(v))
      throw input_error(side.name + ": element " + std::to_string(i) + " is " +
                        (std::isnan(v) ? "NaN"
                         : v > 0       ? "+inf"
                                       : "-inf") +
                        "; outputs must be finite to be compared within a tolerance");
  }
}

void require_tolerance(const Tolerance& t) {
  if (!(std::isfinite(t.atol) && t.atol >= 0))
    throw input_error("--atol must be a finite number >= 0");
  if (!(std::isfinite(t.rtol) && t.rtol >= 0))
    throw input_error("--rtol must be a finite number >= 0");
}

}  // namespace

OutputComparison compare_outputs(const NamedOutput& reference, const NamedOutput& candidate,
                                 const Tolerance& tolerance) {
  require_tolerance(tolerance);
  if (reference.values.size() != candidate.values.size())
    throw input_error("outputs of different lengths: " + reference.name + " has " +
                      std::to_string(reference.values.size()) + " elements, " + candidate.name +
                      " has " + std::to_string(candidate.values.size()) +
                      "; both commands must compute the same array");
  if (reference.values.empty())
    throw input_error(reference.name + " and " + candidate.name +
                      " are empty: there is nothing to compare");
  require_finite(reference);
  require_finite(candidate);

  OutputComparison out;
  out.elements = reference.values.size();
  out.tolerance = tolerance;
  double sum_sq = 0;
  for (std::size_t i = 0; i < out.elements; ++i) {
    const double r = reference.values[i], c = candidate.values[i];
    const double err = std::fabs(c - r);
    sum_sq += err * err;
    if (err > out.max_abs_error) {
      out.max_abs_error = err;
      out.worst_index = i;
    }
    const double rel = err / std::max(std::fabs(r), std::numeric_limits<double>::min());
    out.max_rel_error = std::max(out.max_rel_error, rel);
    if (!(err <= tolerance.atol + tolerance.rtol * std::fabs(r))) {
      if (!out.first_mismatch) {
        out.first_mismatch = i;
        out.first_mismatch_reference = r;
        out.first_mismatch_candidate = c;
      }
      ++out.mismatches;
    }
  }
  out.mse = sum_sq / static_cast<double>(out.elements);
  out.worst_reference = reference.values[out.worst_index];
  out.worst_candidate = candidate.values[out.worst_index];
  return out;
}

SpeedComparison compare_speed(std::vector<double> reference_wall_ns,
                              std::vector<double> candidate_wall_ns,
                              const CompareOptions& options) {
  SpeedComparison s;
  s.reference_wall_ns = std::move(reference_wall_ns);
  s.candidate_wall_ns = std::move(candidate_wall_ns);
  const RelativeLimits limits = options.limits.value_or(RelativeLimits{});
  s.verdict = judge_metric(s.reference_wall_ns, s.candidate_wall_ns, Direction::lower_is_better,
                           limits, options);
  s.verdict.benchmark = "crossval";
  s.verdict.metric = "wall_time";
  s.verdict.unit = "ns";
  return s;
}

}  // namespace perfgate
