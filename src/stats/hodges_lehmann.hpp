// Hodges-Lehmann estimate of the shift between two samples.
#pragma once

#include <span>

namespace perfgate::stats {

// The median of all pairwise differences y_j - x_i (n1 * n2 of them): a robust
// estimate of how far y lies above x. Applied to log values, exp() of it is a
// robust ratio. Both inputs non-empty and free of NaN (std::invalid_argument
// otherwise). Materialises the n1 * n2 differences (8 bytes each: 250k pairs
// take 2 MB), which is meant for samples of at most a few hundred runs.
double hodges_lehmann_shift(std::span<const double> x, std::span<const double> y);

}  // namespace perfgate::stats
