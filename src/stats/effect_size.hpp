// Effect sizes that do not assume a distribution.
#pragma once

#include <span>

namespace perfgate::stats {

// Cliff's delta of y against x: P(Y > X) - P(Y < X) over all pairs, in [-1, 1].
// 0: no tendency; 1: every y above every x; ties count as neither. Empty
// inputs give 0; a NaN value is a caller error (std::invalid_argument).
double cliffs_delta(std::span<const double> x, std::span<const double> y);

}  // namespace perfgate::stats
