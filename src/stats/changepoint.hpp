// Change points in a series: what a change point says, and the one interface
// every detector (E-Divisive means, PELT) implements over plain values.
//
// A series here is values in order (one per run, e.g. each run's median);
// stats knows nothing of runs or benchmarks. Indices are 0-based, and a
// change point at index i means the new regime starts at point i.
#pragma once

#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace perfgate::stats {

// How the segments either side of a change point differ.
struct SegmentChange {
  std::size_t n_before = 0, n_after = 0;  // points in the segments either side
  double median_before = 0, median_after = 0;
  // Relative change of the median, (median_after - median_before) /
  // |median_before|: +0.10 is 10 % higher. NaN when median_before is 0.
  double magnitude = 0;
  // Interval for `magnitude` at `confidence` (default 95 %), distribution-free
  // and without resampling (so no seed): each median gets its order-statistic
  // (binomial) interval at sqrt(confidence), and the bounds are the extremes
  // of the relative change over that box. The two segments are independent,
  // so the coverage is at least `confidence` (conservative). NaN bounds when a
  // segment is too short for such an interval (fewer than 7 points at 95 %,
  // stats/median_interval.hpp)
  // or the box contains a zero median_before.
  double magnitude_low = std::numeric_limits<double>::quiet_NaN();
  double magnitude_high = std::numeric_limits<double>::quiet_NaN();
};

struct ChangePoint {
  std::size_t index = 0;  // the first point of the new regime
  SegmentChange change;
  // Evidence that the segments either side differ; each method says which
  // test (E-Divisive: Student's t-test; PELT: Mann-Whitney U, descriptive only).
  double p_value = 1;
  // E-Divisive: true when the point passed the strict threshold; false for a
  // weak point (reported only on request). PELT points are all strong.
  bool strong = true;
};

struct ChangePointResult {
  std::string method;  // "edivisive" or "pelt"
  std::size_t n = 0;   // points analysed
  // False when the series is too short to say anything (then no change
  // points, and a note says how many points the method needs).
  bool enough_points = true;
  std::vector<ChangePoint> change_points;  // by index, strong and weak
  // What the reader should know about this analysis: a constant series, a
  // series shorter than the window, skipped missing points.
  std::vector<std::string> notes;
};

inline constexpr double default_change_confidence = 0.95;

// Describes the change between two adjacent segments (see SegmentChange).
// Both non-empty and free of NaN (std::invalid_argument otherwise).
SegmentChange describe_change(std::span<const double> before, std::span<const double> after,
                              double confidence = default_change_confidence);

// A detector keeps the series it analysed, so that appending a point can
// update the result without starting over where the method allows it (each
// method documents how exact and how cheap append is). Values must be finite
// (NaN or infinity: std::invalid_argument); missing points are the caller's
// to drop (detect_change_points does, changepoint_detect.hpp).
class ChangePointDetector {
 public:
  virtual ~ChangePointDetector() = default;
  virtual std::string_view method() const = 0;
  // Forgets any earlier series and analyses `xs`.
  virtual const ChangePointResult& analyse(std::span<const double> xs) = 0;
  // Appends one point to the series and returns the updated result.
  virtual const ChangePointResult& append(double x) = 0;
  virtual const ChangePointResult& result() const = 0;
};

// Throws std::invalid_argument naming `method` when a value is NaN or infinite.
void require_finite(std::span<const double> xs, std::string_view method);

}  // namespace perfgate::stats
