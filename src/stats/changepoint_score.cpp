#include "stats/changepoint_score.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace perfgate::stats {

namespace {

std::set<std::size_t> with_start(const ChangePointList& points) {
  std::set<std::size_t> s(points.begin(), points.end());
  s.insert(0);
  return s;
}

// How many points of `truth` find a distinct prediction within `margin`.
std::size_t matches(const std::set<std::size_t>& truth, std::set<std::size_t> predicted,
                    std::size_t margin) {
  std::size_t count = 0;
  for (std::size_t t : truth) {
    // The closest unused x within the margin; on a tie the smaller x, which
    // the scan from below meets first.
    auto best = predicted.end();
    std::size_t best_distance = margin + 1;
    for (auto it = predicted.lower_bound(t >= margin ? t - margin : 0);
         it != predicted.end() && *it <= t + margin; ++it) {
      const std::size_t d = *it > t ? *it - t : t - *it;
      if (d < best_distance) {
        best_distance = d;
        best = it;
      }
    }
    if (best == predicted.end()) continue;
    ++count;
    predicted.erase(best);
  }
  return count;
}

struct Segment {
  std::size_t begin, end;  // [begin, end)
};

std::vector<Segment> segments(const ChangePointList& points, std::size_t n) {
  std::set<std::size_t> starts(points.begin(), points.end());
  starts.insert(0);
  std::vector<Segment> out;
  for (auto it = starts.begin(); it != starts.end() && *it < n; ++it) {
    const auto next = std::next(it);
    out.push_back({*it, next == starts.end() || *next > n ? n : *next});
  }
  return out;
}

}  // namespace

double partition_cover(const ChangePointList& a, const ChangePointList& b, std::size_t n) {
  if (n == 0) throw std::invalid_argument("partition_cover: the series is empty");
  const std::vector<Segment> sa = segments(a, n), sb = segments(b, n);
  double total = 0;
  for (const Segment& s : sa) {
    double best = 0;
    for (const Segment& r : sb) {
      const std::size_t lo = std::max(s.begin, r.begin), hi = std::min(s.end, r.end);
      if (hi <= lo) continue;
      const double inter = static_cast<double>(hi - lo);
      const double uni = static_cast<double>(std::max(s.end, r.end) - std::min(s.begin, r.begin));
      best = std::max(best, inter / uni);
    }
    total += static_cast<double>(s.end - s.begin) * best;
  }
  return total / static_cast<double>(n);
}

ChangePointScore score_change_points(const std::vector<ChangePointList>& annotators,
                                     const ChangePointList& prediction, std::size_t n,
                                     std::size_t margin) {
  if (annotators.empty()) throw std::invalid_argument("score_change_points: no annotators");
  if (n == 0) throw std::invalid_argument("score_change_points: the series is empty");

  ChangePointList cleaned;
  for (std::size_t x : prediction)
    if (x > 0 && x + 1 < n) cleaned.push_back(x);
  const std::set<std::size_t> predicted = with_start(cleaned);

  std::set<std::size_t> all_truth;
  double recall_sum = 0;
  for (const ChangePointList& annotator : annotators) {
    const std::set<std::size_t> truth = with_start(annotator);
    all_truth.insert(truth.begin(), truth.end());
    recall_sum +=
        static_cast<double>(matches(truth, predicted, margin)) / static_cast<double>(truth.size());
  }
  ChangePointScore s;
  s.precision = static_cast<double>(matches(all_truth, predicted, margin)) /
                static_cast<double>(predicted.size());
  s.recall = recall_sum / static_cast<double>(annotators.size());
  s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;

  double cover_sum = 0;
  for (const ChangePointList& annotator : annotators)
    cover_sum += partition_cover(annotator, cleaned, n);
  s.cover = cover_sum / static_cast<double>(annotators.size());
  return s;
}

}  // namespace perfgate::stats
