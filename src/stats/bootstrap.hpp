// Bootstrap confidence intervals.
#pragma once

#include <cstdint>
#include <span>

namespace perfgate::stats {

struct Interval {
  double low = 0;
  double high = 0;
};

inline constexpr std::uint64_t default_seed = 0x9e3779b97f4a7c15ull;
inline constexpr int default_resamples = 10000;

// Percentile bootstrap interval of median(contender) / median(base): each
// resample draws base and contender independently with replacement (the two
// sides are independent samples), and the bounds are the type-7 quantiles
// (1 - confidence) / 2 and 1 - (1 - confidence) / 2 of the `resamples` ratios —
// the definition of scipy.stats.bootstrap(method="percentile"). Deterministic
// for a given seed (stats::Rng), on every platform.
//
// Caller errors (std::invalid_argument): an empty input, a NaN value, a zero
// base median, confidence outside (0, 1), resamples < 1. The ratio is meant
// for positive quantities; if a resample's base median is 0 anyway (zeros in
// the base), that ratio is infinite, which shows up as an infinite bound.
Interval bootstrap_ratio_of_medians(std::span<const double> base, std::span<const double> contender,
                                    double confidence = 0.95, int resamples = default_resamples,
                                    std::uint64_t seed = default_seed);

}  // namespace perfgate::stats
