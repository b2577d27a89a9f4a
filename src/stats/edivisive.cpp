#include "stats/edivisive.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "stats/student_t.hpp"

namespace perfgate::stats {

namespace {

struct SideTest {
  double p_value = 1;
  double mean_change = 0;  // max of the relative changes of the means, either way
};

// Student's t-test between xs[a, c) and xs[c, b). Fewer than 2 points on a
// side, or no spread and equal means (SciPy's NaN), is no evidence: p = 1.
SideTest test_sides(const std::vector<double>& xs, std::size_t a, std::size_t c, std::size_t b) {
  SideTest r;
  if (c - a < 2 || b - c < 2) return r;
  const std::span<const double> all(xs);
  const StudentT t = student_t_test(all.subspan(a, c - a), all.subspan(c, b - c));
  r.p_value = std::isnan(t.p_value) ? 1.0 : t.p_value;
  double m1 = 0, m2 = 0;
  for (std::size_t i = a; i < c; ++i) m1 += xs[i];
  for (std::size_t i = c; i < b; ++i) m2 += xs[i];
  m1 /= static_cast<double>(c - a);
  m2 /= static_cast<double>(b - c);
  const double smaller = std::min(std::fabs(m1), std::fabs(m2));
  r.mean_change =
      smaller == 0 ? std::numeric_limits<double>::infinity() : std::fabs(m2 - m1) / smaller;
  return r;
}

}  // namespace

EDivisive::EDivisive(EDivisiveOptions options) : o_(options) {
  if (o_.min_segment < 2)
    throw std::invalid_argument("edivisive: min_segment must be at least 2 (the t-test needs 2)");
  if (o_.window < 2 * o_.min_segment)
    throw std::invalid_argument("edivisive: the window must hold at least 2 x min_segment points");
  if (!(o_.max_p_value > 0 && o_.max_p_value < 1) || !(o_.weak_p_value > 0 && o_.weak_p_value < 1))
    throw std::invalid_argument("edivisive: p-value thresholds must lie in (0, 1)");
  if (o_.weak_p_value < o_.max_p_value)
    throw std::invalid_argument("edivisive: weak_p_value must be at least max_p_value");
  if (!(o_.confidence > 0 && o_.confidence < 1))
    throw std::invalid_argument("edivisive: confidence must lie in (0, 1)");
}

const ChangePointResult& EDivisive::analyse(std::span<const double> xs) {
  require_finite(xs, "edivisive");
  xs_.assign(xs.begin(), xs.end());
  windows_.clear();
  next_start_ = 0;
  update(0);
  return result_;
}

const ChangePointResult& EDivisive::append(double x) {
  require_finite(std::span<const double>(&x, 1), "edivisive");
  const std::size_t old_n = xs_.size();
  xs_.push_back(x);
  update(old_n);
  return result_;
}

void EDivisive::update(std::size_t old_n) {
  const std::size_t n = xs_.size();
  result_ = ChangePointResult{};
  result_.method = "edivisive";
  result_.n = n;
  split(old_n);
  if (n < 2 * o_.min_segment) {
    result_.enough_points = false;
    result_.notes.push_back("only " + std::to_string(n) + " points: edivisive needs at least " +
                            std::to_string(2 * o_.min_segment) + " (2 x min_segment)");
    weak_.clear();
    return;
  }
  const auto [lo, hi] = std::minmax_element(xs_.begin(), xs_.end());
  if (*lo == *hi) result_.notes.push_back("constant series: every point is equal, no change");
  if (n < o_.window)
    result_.notes.push_back("shorter than the window (" + std::to_string(o_.window) +
                            " points): analysed as one window");
  merge();
}

void EDivisive::split(std::size_t old_n) {
  // Windows that reached the old end of the series see new data now; every
  // window before them, and the starts derived from them, stay as they were.
  std::size_t keep = 0;
  while (keep < windows_.size() && windows_[keep].start + o_.window <= old_n) ++keep;
  std::size_t start = keep < windows_.size() ? windows_[keep].start : next_start_;
  windows_.resize(keep);

  const std::size_t n = xs_.size();
  const std::size_t step = std::max<std::size_t>(1, o_.window / 2);
  windows_examined_ = 0;
  while (start < n) {
    Window w;
    w.start = start;
    w.end = std::min(start + o_.window, n);
    w.change_points = search_window(w.start, w.end);
    ++windows_examined_;
    const std::size_t last = w.change_points.empty() ? 0 : w.change_points.back();
    windows_.push_back(std::move(w));
    start = std::max(last, start + step);
  }
  next_start_ = start;
}

// E-Divisive inside xs[start, end): repeatedly the split with the largest
// Q-hat over the segments found so far, kept while the t-test between the two
// parts of the segment it splits gives p <= weak_p_value.
std::vector<std::size_t> EDivisive::search_window(std::size_t start, std::size_t end) const {
  const std::size_t len = end - start, m = o_.min_segment;
  if (len < 2 * m) return {};

  // P[i][j]: the sum of |x_a - x_b| over a < i, b < j (window coordinates), so
  // that any block of pairwise distances sums in O(1).
  const std::size_t w = len + 1;
  std::vector<double> P(w * w, 0.0);
  for (std::size_t i = 0; i < len; ++i) {
    double row = 0;
    for (std::size_t j = 0; j < len; ++j) {
      row += std::fabs(xs_[start + i] - xs_[start + j]);
      P[(i + 1) * w + j + 1] = P[i * w + j + 1] + row;
    }
  }
  auto block = [&](std::size_t r0, std::size_t r1, std::size_t c0, std::size_t c1) {
    return P[r1 * w + c1] - P[r0 * w + c1] - P[r1 * w + c0] + P[r0 * w + c0];
  };

  std::vector<std::size_t> bounds = {0, len};  // segment boundaries, window coordinates
  for (;;) {
    double best_q = -std::numeric_limits<double>::infinity();
    std::size_t best_tau = 0, best_a = 0, best_b = 0;
    for (std::size_t s = 0; s + 1 < bounds.size(); ++s) {
      const std::size_t a = bounds[s], b = bounds[s + 1];
      if (b - a < 2 * m) continue;
      for (std::size_t tau = a + m; tau + m <= b; ++tau) {
        // X = [a, tau), Y = [tau, kappa): Q-hat = nm/(n+m) * (2 E|X-Y| - E|X-X'| - E|Y-Y'|).
        const double nx = static_cast<double>(tau - a);
        const double within_x = block(a, tau, a, tau) / 2;  // pairs i < k
        for (std::size_t kappa = tau + m; kappa <= b; ++kappa) {
          const double ny = static_cast<double>(kappa - tau);
          const double across = block(a, tau, tau, kappa);
          const double within_y = block(tau, kappa, tau, kappa) / 2;
          const double q =
              (2 * across - 2 * ny / (nx - 1) * within_x - 2 * nx / (ny - 1) * within_y) /
              (nx + ny);
          if (q > best_q) {
            best_q = q;
            best_tau = tau;
            best_a = a;
            best_b = b;
          }
        }
      }
    }
    if (best_b == 0) break;  // no segment long enough to split
    const SideTest t = test_sides(xs_, start + best_a, start + best_tau, start + best_b);
    if (!(t.p_value <= o_.weak_p_value)) break;
    bounds.insert(std::upper_bound(bounds.begin(), bounds.end(), best_tau), best_tau);
  }
  std::vector<std::size_t> found;
  for (std::size_t i = 1; i + 1 < bounds.size(); ++i) found.push_back(start + bounds[i]);
  return found;
}

void EDivisive::merge() {
  const std::size_t n = xs_.size();
  weak_.clear();
  for (const Window& w : windows_)
    weak_.insert(weak_.end(), w.change_points.begin(), w.change_points.end());
  std::sort(weak_.begin(), weak_.end());
  weak_.erase(std::unique(weak_.begin(), weak_.end()), weak_.end());

  struct Point {
    std::size_t index;
    SideTest test;
  };
  std::vector<Point> points;
  for (std::size_t i : weak_) points.push_back({i, {}});
  auto retest = [&](std::size_t k) {
    if (k >= points.size()) return;
    const std::size_t prev = k == 0 ? 0 : points[k - 1].index;
    const std::size_t next = k + 1 < points.size() ? points[k + 1].index : n;
    points[k].test = test_sides(xs_, prev, points[k].index, next);
  };
  for (std::size_t k = 0; k < points.size(); ++k) retest(k);

  std::vector<std::size_t> removed;
  while (!points.empty()) {
    // The weakest point: the largest p-value (the first of equals); when all
    // pass, the smallest change of the means if min_magnitude asks for it.
    std::size_t worst = 0;
    for (std::size_t k = 1; k < points.size(); ++k)
      if (points[k].test.p_value > points[worst].test.p_value) worst = k;
    if (points[worst].test.p_value <= o_.max_p_value) {
      if (o_.min_magnitude <= 0) break;
      worst = 0;
      for (std::size_t k = 1; k < points.size(); ++k)
        if (points[k].test.mean_change < points[worst].test.mean_change) worst = k;
      if (points[worst].test.mean_change >= o_.min_magnitude) break;
    }
    removed.push_back(points[worst].index);
    points.erase(points.begin() + static_cast<std::ptrdiff_t>(worst));
    retest(worst - (worst > 0 ? 1 : 0));
    retest(worst);
  }

  const std::span<const double> all(xs_);
  auto describe = [&](std::size_t prev, std::size_t at, std::size_t next) {
    return describe_change(all.subspan(prev, at - prev), all.subspan(at, next - at), o_.confidence);
  };
  for (std::size_t k = 0; k < points.size(); ++k) {
    const std::size_t prev = k == 0 ? 0 : points[k - 1].index;
    const std::size_t next = k + 1 < points.size() ? points[k + 1].index : n;
    ChangePoint cp;
    cp.index = points[k].index;
    cp.change = describe(prev, cp.index, next);
    cp.p_value = points[k].test.p_value;
    result_.change_points.push_back(cp);
  }
  if (!o_.include_weak) return;
  for (std::size_t r : removed) {
    auto after = std::upper_bound(points.begin(), points.end(), r,
                                  [](std::size_t i, const Point& p) { return i < p.index; });
    const std::size_t next = after == points.end() ? n : after->index;
    const std::size_t prev = after == points.begin() ? 0 : std::prev(after)->index;
    if (prev == r) continue;
    const SideTest t = test_sides(xs_, prev, r, next);
    if (!(t.p_value <= o_.weak_p_value)) continue;
    ChangePoint cp;
    cp.index = r;
    cp.change = describe(prev, r, next);
    cp.p_value = t.p_value;
    cp.strong = false;
    result_.change_points.push_back(cp);
  }
  std::sort(result_.change_points.begin(), result_.change_points.end(),
            [](const ChangePoint& a, const ChangePoint& b) { return a.index < b.index; });
}

ChangePointResult edivisive(std::span<const double> xs, const EDivisiveOptions& options) {
  EDivisive detector(options);
  return detector.analyse(xs);
}

}  // namespace perfgate::stats
