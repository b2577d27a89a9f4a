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
// sides are independent samples). Deterministic for a given seed. Both inputs
// must be non-empty and the base median non-zero (std::invalid_argument).
Interval bootstrap_ratio_of_medians(std::span<const double> base,
                                    std::span<const double> contender,
                                    double confidence = 0.95,
                                    int resamples = default_resamples,
                                    std::uint64_t seed = default_seed);

}  // namespace perfgate::stats
