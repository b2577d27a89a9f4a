// E-Divisive means with the windowing and the Student t-test of DataStax
// Hunter and Apache Otava (Fleming et al., "Hunter: Using Change Point
// Detection to Hunt for Performance Regressions", ICPE 2023), written for
// perfgate from the method's description (docs/changepoints.md).
//
// 1. Split (weak points): windows of `window` points, each starting half a
//    window after the previous one (or at the last point found, if later).
//    In each window, E-Divisive (Matteson & James 2014, alpha = 1) proposes
//    the split that maximises the energy statistic Q-hat; Student's t-test
//    between the two parts of the segment it splits decides, at
//    `weak_p_value`, whether to keep it and look for another. Matteson and
//    James's permutation test is replaced by the t-test: it is deterministic
//    and hundreds of times cheaper.
// 2. Merge (strong points): over the whole series, the weak point with the
//    largest p-value (each tested between its neighbours) is removed and its
//    neighbours re-tested, until every p-value is at most `max_p_value`.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "stats/changepoint.hpp"

namespace perfgate::stats {

struct EDivisiveOptions {
  // Points per window. Otava's default; long enough for the t-test to see a
  // few percent on typical benchmark noise, short enough that a slow drift
  // does not look like one long step and the search stays O(window^2).
  std::size_t window = 50;
  // Strong threshold (the merge). Stricter than Otava's 0.001: the t-test
  // is applied where E-Divisive found the best split, every window and merge
  // step is one more test, and real series drift and are autocorrelated, so
  // nominal p-values are too small. On the annotated data 1e-4 scored best
  // (mean F1 0.745 against 0.644 at 0.001; docs/changepoints.md).
  double max_p_value = 1e-4;
  // Weak threshold (the split): 10 x max_p_value, as Otava.
  double weak_p_value = 1e-3;
  // Fewest points on either side of a candidate inside a window. Below 3 a
  // single outlier next to a window's edge can look like a regime.
  std::size_t min_segment = 3;
  // Otava's optional filter: a strong point whose means differ by less than
  // this relative amount is merged away too. 0: off.
  double min_magnitude = 0;
  // Report weak points (strong = false) too: first-pass points that the
  // merge removed but whose p-value, tested between the strong points either
  // side, is at most weak_p_value.
  bool include_weak = false;
  double confidence = default_change_confidence;  // of the magnitude interval
};

// Incremental: append(x) redoes only the windows that reached the old end of
// the series (those are the only windows whose contents change; with the
// default window, two or three), then the merge, which is cheap (t-tests over
// prefix-free segments, O(n + k^2) for k weak points). The result is
// identical, bit for bit, to analysing the longer series from scratch,
// because every earlier window and the window starts derived from it are
// unchanged.
class EDivisive final : public ChangePointDetector {
 public:
  // Options out of range (window < 2 min_segment, p-values outside (0, 1),
  // weak_p_value < max_p_value, min_segment < 2): std::invalid_argument.
  explicit EDivisive(EDivisiveOptions options = {});

  std::string_view method() const override { return "edivisive"; }
  const ChangePointResult& analyse(std::span<const double> xs) override;
  const ChangePointResult& append(double x) override;
  const ChangePointResult& result() const override { return result_; }

  // The weak points of the last update, and how many windows it examined
  // (for tests of the incremental path).
  const std::vector<std::size_t>& weak_points() const { return weak_; }
  std::size_t windows_examined() const { return windows_examined_; }

 private:
  struct Window {
    std::size_t start = 0, end = 0;
    std::vector<std::size_t> change_points;  // absolute indices
  };
  void update(std::size_t old_n);
  void split(std::size_t old_n);
  std::vector<std::size_t> search_window(std::size_t start, std::size_t end) const;
  void merge();

  EDivisiveOptions o_;
  std::vector<double> xs_;
  std::vector<Window> windows_;
  std::size_t next_start_ = 0;  // where the split continues after the last window
  std::vector<std::size_t> weak_;
  std::size_t windows_examined_ = 0;
  ChangePointResult result_;
};

// One-shot analysis with E-Divisive.
ChangePointResult edivisive(std::span<const double> xs, const EDivisiveOptions& options = {});

}  // namespace perfgate::stats
