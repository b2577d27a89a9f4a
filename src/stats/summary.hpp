// Order statistics and moments of samples. Inputs need not be sorted. Empty
// inputs, NaN values (which have no order) and q outside [0, 1] are caller
// errors, checked with an exception: std::invalid_argument.
#pragma once

#include <span>

namespace perfgate::stats {

double median(std::span<const double> xs);
// Quantile with linear interpolation between order statistics (Hyndman & Fan
// type 7, the default of R, NumPy and SciPy), q in [0, 1].
double quantile(std::span<const double> xs, double q);
// The same quantile without copying: partially reorders `xs` (nth_element,
// linear time). For hot loops that own a scratch buffer, e.g. the bootstrap.
double quantile_in_place(std::span<double> xs, double q);
double mean(std::span<const double> xs);
// Sample standard deviation (n - 1 in the denominator); 0 for one value.
double stddev(std::span<const double> xs);

}  // namespace perfgate::stats
