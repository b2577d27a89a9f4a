// Test-only: reproducible samples for the stats tests (fixed seeds, Rng).
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "stats/rng.hpp"

namespace perfgate::stats::testing {

// n values uniform in [shift, shift + width): distinct, so no ties.
inline std::vector<double> uniform_sample(std::uint64_t seed, int n, double shift,
                                          double width = 1) {
  Rng rng(seed);
  std::vector<double> xs;
  for (int i = 0; i < n; ++i) xs.push_back(shift + width * rng.uniform());
  return xs;
}

// n integers in [shift, shift + levels): many ties, like coarse timer readings.
inline std::vector<double> integer_sample(std::uint64_t seed, int n, int levels, int shift) {
  Rng rng(seed);
  std::vector<double> xs;
  for (int i = 0; i < n; ++i) xs.push_back(shift + static_cast<double>(rng.below(levels)));
  return xs;
}

// n values from Normal(mean, sd) by Box-Muller.
inline std::vector<double> normal_sample(std::uint64_t seed, int n, double mean, double sd) {
  Rng rng(seed);
  std::vector<double> xs;
  while (static_cast<int>(xs.size()) < n) {
    const double u1 = 1 - rng.uniform(), u2 = rng.uniform();  // u1 in (0, 1]
    const double r = std::sqrt(-2 * std::log(u1));
    xs.push_back(mean + sd * r * std::cos(2 * std::numbers::pi * u2));
    if (static_cast<int>(xs.size()) < n)
      xs.push_back(mean + sd * r * std::sin(2 * std::numbers::pi * u2));
  }
  return xs;
}

// Timing-like data in nanoseconds: log-normal around `median_ns` with a few
// slow runs (every 10th run 30% slower), as a busy machine gives.
inline std::vector<double> timing_sample(std::uint64_t seed, int n, double median_ns,
                                         double log_sd) {
  std::vector<double> xs = normal_sample(seed, n, std::log(median_ns), log_sd);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    xs[i] = std::exp(xs[i]);
    if (i % 10 == 9) xs[i] *= 1.3;
  }
  return xs;
}

// A series of steps for change-point tests: lengths[i] points at level
// levels[i], each with normal noise of relative sd `noise` (segment i drawn
// with seed + i), so the change points are at the partial sums of lengths.
inline std::vector<double> steps(std::uint64_t seed, const std::vector<int>& lengths,
                                 const std::vector<double>& levels, double noise) {
  std::vector<double> xs;
  for (std::size_t s = 0; s < lengths.size(); ++s) {
    const auto part = normal_sample(seed + s, lengths[s], levels[s], noise * levels[s]);
    xs.insert(xs.end(), part.begin(), part.end());
  }
  return xs;
}

inline std::vector<double> logs(std::vector<double> xs) {
  for (double& x : xs) x = std::log(x);
  return xs;
}

}  // namespace perfgate::stats::testing
