#include "stats/changepoint.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>

#include "stats/median_interval.hpp"
#include "stats/summary.hpp"

namespace perfgate::stats {

namespace {

double relative_change(double before, double after) {
  return before == 0 ? std::numeric_limits<double>::quiet_NaN()
                     : (after - before) / std::fabs(before);
}

}  // namespace

void require_finite(std::span<const double> xs, std::string_view method) {
  for (double x : xs)
    if (!std::isfinite(x))
      throw std::invalid_argument(std::string(method) +
                                  ": the series holds a NaN or infinite value; drop missing "
                                  "points first");
}

SegmentChange describe_change(std::span<const double> before, std::span<const double> after,
                              double confidence) {
  if (before.empty() || after.empty())
    throw std::invalid_argument("describe_change: a segment is empty");
  if (!(confidence > 0 && confidence < 1))
    throw std::invalid_argument("describe_change: confidence must lie in (0, 1)");
  require_finite(before, "describe_change");
  require_finite(after, "describe_change");

  SegmentChange c;
  c.n_before = before.size();
  c.n_after = after.size();
  c.median_before = median(before);
  c.median_after = median(after);
  c.magnitude = relative_change(c.median_before, c.median_after);

  // Each median's sign-test interval at sqrt(confidence): the segments are
  // independent, so both hold together with probability >= confidence.
  const double level = 1 - std::sqrt(confidence);
  const std::optional<MedianInterval> b = median_interval(before, level),
                                      a = median_interval(after, level);
  if (!b || !a) return c;
  if (b->low <= 0 && b->high >= 0) return c;  // median_before may be 0: unbounded
  // With median_before of one sign, the relative change is monotone in each
  // median, so its extremes over the box are at the corners.
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double bv : {b->low, b->high})
    for (double av : {a->low, a->high}) {
      const double r = relative_change(bv, av);
      lo = std::min(lo, r);
      hi = std::max(hi, r);
    }
  c.magnitude_low = lo;
  c.magnitude_high = hi;
  return c;
}

}  // namespace perfgate::stats
