#include "stats/effect_size.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace perfgate::stats {

double cliffs_delta(std::span<const double> x, std::span<const double> y) {
  auto is_nan = [](double v) { return std::isnan(v); };
  if (std::any_of(x.begin(), x.end(), is_nan) || std::any_of(y.begin(), y.end(), is_nan))
    throw std::invalid_argument("Cliff's delta: a sample contains NaN, which has no order");
  if (x.empty() || y.empty()) return 0;

  // O((n1 + n2) log n2): for each x, binary searches in sorted y count the y
  // above and below it (ties count for neither).
  std::vector<double> sorted_y(y.begin(), y.end());
  std::sort(sorted_y.begin(), sorted_y.end());
  long long above_minus_below = 0;  // #(y > x) - #(y < x) over all pairs; exact
  for (double xi : x) {
    const auto below = std::lower_bound(sorted_y.begin(), sorted_y.end(), xi) - sorted_y.begin();
    const auto above = sorted_y.end() - std::upper_bound(sorted_y.begin(), sorted_y.end(), xi);
    above_minus_below += above - below;
  }
  const double pairs = static_cast<double>(x.size()) * static_cast<double>(y.size());
  return static_cast<double>(above_minus_below) / pairs;
}

}  // namespace perfgate::stats
