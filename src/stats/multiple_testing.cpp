#include "stats/multiple_testing.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <stdexcept>
#include <string>

namespace perfgate::stats {

namespace {

// NaN (an undefined test) counts as p = 1: it can never be a discovery.
double as_probability(double p) {
  if (std::isnan(p)) return 1.0;
  if (p < 0 || p > 1)
    throw std::invalid_argument("p-value adjustment: p = " + std::to_string(p) +
                                " is not a probability");
  return p;
}

// Positions of p in ascending order of p (NaN as 1); ties keep input order.
std::vector<std::size_t> ascending_order(std::span<const double> p) {
  std::vector<std::size_t> order(p.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return as_probability(p[a]) < as_probability(p[b]);
  });
  return order;
}

}  // namespace

std::vector<double> benjamini_hochberg(std::span<const double> p) {
  const std::vector<std::size_t> order = ascending_order(p);
  const auto m = static_cast<double>(p.size());
  std::vector<double> adjusted(p.size());
  // Step-up: walk from the largest p down, keeping the running minimum of
  // p m / rank, so adjusted values are monotone in p. Tied p-values get the
  // same value whatever their order, as the minimum reaches over all of them.
  double running_min = 1.0;
  for (std::size_t k = p.size(); k-- > 0;) {
    const double rank = static_cast<double>(k + 1);
    running_min = std::min(running_min, as_probability(p[order[k]]) * m / rank);
    adjusted[order[k]] = running_min;
  }
  return adjusted;
}

std::vector<double> holm(std::span<const double> p) {
  const std::vector<std::size_t> order = ascending_order(p);
  const std::size_t m = p.size();
  std::vector<double> adjusted(m);
  // Step-down: the k-th smallest (k from 0) is multiplied by m - k, with the
  // running maximum keeping adjusted values monotone in p.
  double running_max = 0.0;
  for (std::size_t k = 0; k < m; ++k) {
    const double scaled = as_probability(p[order[k]]) * static_cast<double>(m - k);
    running_max = std::max(running_max, std::min(1.0, scaled));
    adjusted[order[k]] = running_max;
  }
  return adjusted;
}

}  // namespace perfgate::stats
