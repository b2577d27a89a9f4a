// Spread and outliers. Outliers are reported, never dropped: a benchmark that
// sometimes takes twice as long is telling you something. An empty sample or a
// NaN value is a caller error (std::invalid_argument), as in summary.hpp.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace perfgate::stats {

// Median absolute deviation from the median (unscaled; multiply by 1.4826 for
// a normal-consistent estimate of the standard deviation).
double mad(std::span<const double> xs);
// Interquartile range with type-7 quartiles.
double iqr(std::span<const double> xs);

struct Outliers {
  double low_fence = 0, high_fence = 0;  // Q1 - k IQR, Q3 + k IQR
  std::vector<std::size_t> indices;      // positions in the input, ascending
};
// Tukey's fences with factor k >= 0 (1.5: "outlier", 3: "far out"), from
// type-7 quartiles; a value is an outlier when strictly outside a fence.
Outliers tukey_outliers(std::span<const double> xs, double k = 1.5);

}  // namespace perfgate::stats
