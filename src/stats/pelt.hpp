// PELT (Killick, Fearnhead & Eckley 2012): the exact minimum of
// sum(segment costs) + penalty x (number of change points), with pruning, on
// a robust cost: the Gaussian mean-change cost of the points' rank scores.
//
// Each point is replaced by its normal score Phi^-1((rank - 1/2) / n) (mid
// ranks for ties) over the whole series. Ranks make the cost blind to the
// scale and shape of the values: a 10x outlier weighs what the largest
// ordinary point weighs, and a skewed timing distribution is as easy as a
// normal one. Normal scores (rather than ranks) keep the segment cost the
// familiar sum of squares, so the BIC-like penalty has its usual meaning.
#pragma once

#include <cstddef>
#include <span>

#include "stats/changepoint.hpp"

namespace perfgate::stats {

struct PeltOptions {
  // Penalty per change point: penalty_factor x sigma^2 x ln(n), sigma the
  // noise of the scores estimated robustly from successive differences
  // (MAD(diff) / (0.6745 sqrt 2): a step moves one difference, not the MAD).
  // A change point adds two parameters (where, and the new level), and BIC's
  // charge per parameter is ln(n) in units of sigma^2, which gives 2. BIC
  // assumes independent noise; real series drift and are autocorrelated, and
  // at 2 PELT marked far too many points on the annotated data (mean F1 0.55
  // against 0.60 for reporting nothing). 8 (four times BIC) scored 0.65
  // (docs/changepoints.md).
  double penalty_factor = 8;
  // Fewest points in a segment: a regime of fewer than 5 runs is more often
  // a burst of noise than a change someone would act on.
  std::size_t min_segment = 5;
  double confidence = default_change_confidence;  // of the magnitude interval
};

// Not incremental: the ranks and the noise estimate depend on every point, so
// an appended point changes every segment's cost and append() reanalyses the
// whole series (linear in practice thanks to the pruning; docs/changepoints.md
// has the timings). p_value is a two-sided Mann-Whitney U test between the
// segments either side: descriptive only, since the segments were chosen to
// differ, so it is smaller than a test of a point fixed in advance would be.
class Pelt final : public ChangePointDetector {
 public:
  // min_segment < 2, penalty_factor <= 0: std::invalid_argument.
  explicit Pelt(PeltOptions options = {});

  std::string_view method() const override { return "pelt"; }
  const ChangePointResult& analyse(std::span<const double> xs) override;
  const ChangePointResult& append(double x) override;
  const ChangePointResult& result() const override { return result_; }

 private:
  void update();
  PeltOptions o_;
  std::vector<double> xs_;
  ChangePointResult result_;
};

ChangePointResult pelt(std::span<const double> xs, const PeltOptions& options = {});

}  // namespace perfgate::stats
