#include "stats/bootstrap.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "stats/rng.hpp"
#include "stats/summary.hpp"

namespace perfgate::stats {

namespace {

// One side of the comparison, prepared for fast resampling: a resample draws
// indices into `values` (the caller's order), and the median of the drawn
// values is found by counting draws per rank, in O(n) without sorting.
struct Side {
  std::vector<double> sorted;       // the values, ascending
  std::vector<std::uint32_t> rank;  // rank[i]: position of values[i] in `sorted`

  explicit Side(std::span<const double> values) : rank(values.size()) {
    std::vector<std::uint32_t> order(values.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return values[a] < values[b]; });
    for (std::uint32_t r = 0; r < order.size(); ++r) {
      sorted.push_back(values[order[r]]);
      rank[order[r]] = r;
    }
  }

  // Type-7 median of values[below(n)] for n draws: quantile(resample, 0.5).
  // `counts` is scratch space reused across resamples.
  double resampled_median(std::vector<std::uint32_t>& counts, Rng& rng) const {
    const std::size_t n = sorted.size();
    counts.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) ++counts[rank[rng.below(n)]];
    // 0-based ranks of the middle order statistics: one rank for odd n.
    const std::size_t low_rank = (n - 1) / 2, high_rank = n / 2;
    std::size_t r = 0, drawn_below = 0;  // drawn_below: draws of a rank below r
    while (drawn_below + counts[r] <= low_rank) drawn_below += counts[r++];
    const double a = sorted[r];
    while (drawn_below + counts[r] <= high_rank) drawn_below += counts[r++];
    const double b = sorted[r];
    return a == b ? a : b - (b - a) * 0.5;  // as quantile() interpolates at t = 0.5
  }
};

}  // namespace

Interval bootstrap_ratio_of_medians(std::span<const double> base, std::span<const double> contender,
                                    double confidence, int resamples, std::uint64_t seed) {
  if (base.empty() || contender.empty())
    throw std::invalid_argument("bootstrap: base and contender need at least one value each");
  if (!(confidence > 0 && confidence < 1))
    throw std::invalid_argument("bootstrap: confidence " + std::to_string(confidence) +
                                " is outside (0, 1)");
  if (resamples < 1)
    throw std::invalid_argument("bootstrap: resamples must be at least 1, got " +
                                std::to_string(resamples));
  if (median(base) == 0)  // median() also rejects NaN
    throw std::invalid_argument("bootstrap: the base median is 0, so a ratio is undefined");
  (void)median(contender);  // rejects NaN, which has no rank

  const Side base_side(base), contender_side(contender);
  Rng rng(seed);
  std::vector<std::uint32_t> counts;
  std::vector<double> ratios(static_cast<std::size_t>(resamples));
  for (double& ratio : ratios) {
    // Base first, then contender: the draw order is part of the reproducible result.
    const double b = base_side.resampled_median(counts, rng);
    const double c = contender_side.resampled_median(counts, rng);
    ratio = c / b;
    // 0 / 0 has no order; count it with the other unbounded ratios.
    if (std::isnan(ratio)) ratio = std::numeric_limits<double>::infinity();
  }

  const double alpha = (1 - confidence) / 2;
  // quantile_in_place only reorders, so the second call sees the same values.
  const double low = quantile_in_place(ratios, alpha);
  const double high = quantile_in_place(ratios, 1 - alpha);
  return {low, high};
}

}  // namespace perfgate::stats
