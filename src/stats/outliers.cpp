#include "stats/outliers.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "stats/summary.hpp"

namespace perfgate::stats {

// Empty samples and NaN are rejected by median() and quantile().

double mad(std::span<const double> xs) {
  const double m = median(xs);
  std::vector<double> deviations;
  deviations.reserve(xs.size());
  for (double x : xs) deviations.push_back(std::fabs(x - m));
  return median(deviations);
}

double iqr(std::span<const double> xs) { return quantile(xs, 0.75) - quantile(xs, 0.25); }

Outliers tukey_outliers(std::span<const double> xs, double k) {
  if (!(k >= 0))
    throw std::invalid_argument("Tukey's fences: k = " + std::to_string(k) +
                                " must be non-negative");
  const double q1 = quantile(xs, 0.25), q3 = quantile(xs, 0.75);
  Outliers out;
  out.low_fence = q1 - k * (q3 - q1);
  out.high_fence = q3 + k * (q3 - q1);
  for (std::size_t i = 0; i < xs.size(); ++i)
    if (xs[i] < out.low_fence || xs[i] > out.high_fence) out.indices.push_back(i);
  return out;
}

}  // namespace perfgate::stats
