// How many runs would decide an inconclusive comparison, from the observed
// noise (normal approximation on log values; medians cost a factor pi/2 in
// efficiency against means, which these formulas include).
#pragma once

#include <optional>

namespace perfgate::stats {

// The standard normal quantile (inverse CDF), q in (0, 1).
double normal_quantile(double q);

// Runs per side for a two-sided test at `alpha` to detect a true log-ratio
// `effect` with probability `power`, given the per-sample standard deviation
// of log values `sd`. nullopt when effect is 0 or the answer exceeds 100000.
// At least 2 (one run has no spread). sd must be finite and >= 0, alpha and
// power in (0, 1), effect not NaN (std::invalid_argument otherwise).
std::optional<int> runs_to_detect(double sd, double effect, double alpha, double power = 0.8);

// Runs per side for a `confidence` interval of the log-ratio, centred on
// `effect`, to lie within ±`margin` (the equivalence margin, as log-ratio).
// nullopt when |effect| >= margin (no number of runs can show equivalence) or
// the answer exceeds 100000. At least 2. sd as above, confidence in (0, 1),
// effect and margin not NaN (std::invalid_argument otherwise).
std::optional<int> runs_for_equivalence(double sd, double effect, double margin,
                                        double confidence = 0.95);

}  // namespace perfgate::stats
