#include "stats/summary.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace perfgate::stats {

namespace {

void require_non_empty(std::span<const double> xs, const char* what) {
  if (xs.empty()) throw std::invalid_argument(std::string(what) + " of an empty sample");
}

void require_ordered(std::span<const double> xs, const char* what) {
  require_non_empty(xs, what);
  if (std::any_of(xs.begin(), xs.end(), [](double x) { return std::isnan(x); }))
    throw std::invalid_argument(std::string(what) + " of a sample containing NaN");
}

// a + t (b - a), written as NumPy's _lerp does (from the nearer end) so that
// results agree with numpy.quantile to the last bit in the usual cases.
double lerp(double a, double b, double t) {
  if (a == b) return a;  // also for infinities, where b - a is NaN
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

}  // namespace

double quantile_in_place(std::span<double> xs, double q) {
  require_ordered(xs, "quantile");
  if (!(q >= 0 && q <= 1))
    throw std::invalid_argument("quantile: q = " + std::to_string(q) + " is outside [0, 1]");

  // Type 7: the virtual index (n - 1) q between order statistics lo and lo + 1.
  const double h = static_cast<double>(xs.size() - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const double t = h - static_cast<double>(lo);
  const auto nth = xs.begin() + static_cast<std::ptrdiff_t>(lo);
  std::nth_element(xs.begin(), nth, xs.end());
  const double a = *nth;
  if (t == 0 || lo + 1 == xs.size()) return a;
  // Everything after the nth element is >= it, so order statistic lo + 1 is the
  // smallest of the rest.
  const double b = *std::min_element(nth + 1, xs.end());
  return lerp(a, b, t);
}

double quantile(std::span<const double> xs, double q) {
  std::vector<double> copy(xs.begin(), xs.end());
  return quantile_in_place(copy, q);
}

double median(std::span<const double> xs) { return quantile(xs, 0.5); }

double mean(std::span<const double> xs) {
  require_non_empty(xs, "mean");
  double sum = 0;
  for (double x : xs) sum += x;
  return sum / static_cast<double>(xs.size());
}

double stddev(std::span<const double> xs) {
  require_non_empty(xs, "stddev");
  if (xs.size() == 1) return 0;
  // Two passes: subtracting the mean first avoids the cancellation of the
  // sum-of-squares formula when the spread is small relative to the values
  // (typical for timings).
  const double m = mean(xs);
  double ss = 0;
  for (double x : xs) ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(xs.size() - 1));
}

}  // namespace perfgate::stats
