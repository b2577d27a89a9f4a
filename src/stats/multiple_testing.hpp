// Corrections for many tests at once: a suite of 200 benchmarks must not give
// ~10 false regressions per comparison at alpha = 0.05.
#pragma once

#include <span>
#include <vector>

namespace perfgate::stats {

// Benjamini-Hochberg adjusted p-values (controls the false discovery rate),
// in input order: p_adj[i] = min over j with rank(j) >= rank(i) of
// p_j * m / rank(j), capped at 1, where rank 1 is the smallest p (tied p-values
// get the same adjusted value). NaN inputs are treated as 1 (an undefined test
// is never a discovery); values outside [0, 1] are a caller error
// (std::invalid_argument). Empty input gives an empty result.
std::vector<double> benjamini_hochberg(std::span<const double> p);

// Holm's step-down adjusted p-values (controls the family-wise error rate), in
// input order: p_adj[i] = max over j with rank(j) <= rank(i) of
// min(1, p_j * (m - rank(j) + 1)). NaN, ties and errors as above.
std::vector<double> holm(std::span<const double> p);

}  // namespace perfgate::stats
