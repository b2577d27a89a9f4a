// Scoring a change-point detector against several human annotators: the
// F1 with a margin and the cover of the TCPD evaluation (van den Burg &
// Williams 2020), as /work/shared/data/cpd/METRICS.md states them. Used by
// bench/changepoint_eval.
#pragma once

#include <cstddef>
#include <vector>

namespace perfgate::stats {

using ChangePointList = std::vector<std::size_t>;  // 0-based indices, any order

struct ChangePointScore {
  double precision = 0, recall = 0, f1 = 0;
  double cover = 0;
};

// The prediction is cleaned first (duplicates removed, indices <= 0 and
// >= n - 1 dropped); index 0 is added to it and to every annotator's set.
// A true point t is matched by the closest unused predicted x with
// |t - x| <= margin (ties to the smaller x), true points taken in increasing
// order. Precision counts matches against the union of the annotators;
// recall is the mean over annotators; F1 = 2PR / (P + R) (0 when both are 0).
// Cover: the mean over annotators of the cover of the annotator's partition
// of 0..n-1 by the prediction's (no margin). `annotators` must not be empty
// and n must be at least 1 (std::invalid_argument).
ChangePointScore score_change_points(const std::vector<ChangePointList>& annotators,
                                     const ChangePointList& prediction, std::size_t n,
                                     std::size_t margin = 5);

// The cover of partition `a` by partition `b` of 0..n-1, each given by its
// change points (a point i starts a segment at i; 0 and duplicates are fine):
// (1/n) sum over segments s of a of |s| max over segments r of b of
// |s n r| / |s u r|.
double partition_cover(const ChangePointList& a, const ChangePointList& b, std::size_t n);

}  // namespace perfgate::stats
