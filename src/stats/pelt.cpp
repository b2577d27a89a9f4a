#include "stats/pelt.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "stats/mann_whitney.hpp"
#include "stats/summary.hpp"

namespace perfgate::stats {

namespace {

// Normal scores of mid ranks: Phi^-1((rank - 1/2) / n).
std::vector<double> normal_scores(const std::vector<double>& xs) {
  const std::size_t n = xs.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return xs[a] < xs[b]; });
  const boost::math::normal_distribution<double> normal;
  std::vector<double> scores(n);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && xs[order[j]] == xs[order[i]]) ++j;
    const double mid_rank = (static_cast<double>(i + j) + 1) / 2;  // 1-based mean of i+1..j
    const double z = boost::math::quantile(normal, (mid_rank - 0.5) / static_cast<double>(n));
    for (std::size_t k = i; k < j; ++k) scores[order[k]] = z;
    i = j;
  }
  return scores;
}

// The noise of `z` from successive differences: MAD(diff) / (0.6745 sqrt 2),
// robust to the few differences a step makes. When more than half the
// differences are 0 (long flat stretches), the MAD is 0; then the standard
// deviation of the differences / sqrt 2, so that the penalty never vanishes.
double noise_sigma(const std::vector<double>& z) {
  std::vector<double> d;
  for (std::size_t i = 1; i < z.size(); ++i) d.push_back(z[i] - z[i - 1]);
  const double med = median(d);
  std::vector<double> dev;
  for (double x : d) dev.push_back(std::fabs(x - med));
  const double mad_sigma = median(dev) / (0.6744897501960817 * std::sqrt(2.0));
  if (mad_sigma > 0) return mad_sigma;
  return stddev(d) / std::sqrt(2.0);
}

}  // namespace

Pelt::Pelt(PeltOptions options) : o_(options) {
  if (o_.min_segment < 2) throw std::invalid_argument("pelt: min_segment must be at least 2");
  if (!(o_.penalty_factor > 0)) throw std::invalid_argument("pelt: penalty_factor must be > 0");
  if (!(o_.confidence > 0 && o_.confidence < 1))
    throw std::invalid_argument("pelt: confidence must lie in (0, 1)");
}

const ChangePointResult& Pelt::analyse(std::span<const double> xs) {
  require_finite(xs, "pelt");
  xs_.assign(xs.begin(), xs.end());
  update();
  return result_;
}

const ChangePointResult& Pelt::append(double x) {
  require_finite(std::span<const double>(&x, 1), "pelt");
  xs_.push_back(x);
  update();
  return result_;
}

void Pelt::update() {
  const std::size_t n = xs_.size(), m = o_.min_segment;
  result_ = ChangePointResult{};
  result_.method = "pelt";
  result_.n = n;
  if (n < 2 * m) {
    result_.enough_points = false;
    result_.notes.push_back("only " + std::to_string(n) + " points: pelt needs at least " +
                            std::to_string(2 * m) + " (2 x min_segment)");
    return;
  }
  const auto [lo, hi] = std::minmax_element(xs_.begin(), xs_.end());
  if (*lo == *hi) {
    result_.notes.push_back("constant series: every point is equal, no change");
    return;
  }

  const std::vector<double> z = normal_scores(xs_);
  const double sigma = noise_sigma(z);
  if (!(sigma > 0)) return;  // no variation between neighbours at all: nothing to split
  const double beta = o_.penalty_factor * sigma * sigma * std::log(static_cast<double>(n));

  // cost(s, t) of z[s, t) is sum z^2 - (sum z)^2 / (t - s); the first term
  // adds up to the same total over any partition, so only the second is kept.
  std::vector<double> cum(n + 1, 0.0);
  for (std::size_t i = 0; i < n; ++i) cum[i + 1] = cum[i] + z[i];
  auto cost = [&](std::size_t s, std::size_t t) {
    const double sum = cum[t] - cum[s];
    return -sum * sum / static_cast<double>(t - s);
  };

  // F[t]: the best penalised cost of z[0, t); last[t]: where its last segment starts.
  std::vector<double> F(n + 1, std::numeric_limits<double>::infinity());
  std::vector<std::size_t> last(n + 1, 0);
  F[0] = -beta;
  std::vector<std::size_t> candidates;  // segment starts still worth trying
  std::vector<double> at;               // F[s] + cost(s, t) for each candidate
  for (std::size_t t = m; t <= n; ++t) {
    // A start becomes possible once its segment can hold min_segment points.
    const std::size_t s_new = t - m;
    if (s_new == 0 || s_new >= m) candidates.push_back(s_new);
    at.resize(candidates.size());
    for (std::size_t k = 0; k < candidates.size(); ++k) {
      const std::size_t s = candidates[k];
      at[k] = F[s] + cost(s, t);
      if (at[k] + beta < F[t]) {
        F[t] = at[k] + beta;
        last[t] = s;
      }
    }
    // Pruning (the cost is additive, so K = 0): a start that cannot beat F[t]
    // now can never be the best start later.
    std::size_t kept = 0;
    for (std::size_t k = 0; k < candidates.size(); ++k)
      if (at[k] <= F[t]) candidates[kept++] = candidates[k];
    candidates.resize(kept);
  }

  std::vector<std::size_t> cps;
  for (std::size_t t = n; last[t] > 0; t = last[t]) cps.push_back(last[t]);
  std::reverse(cps.begin(), cps.end());

  const std::span<const double> all(xs_);
  for (std::size_t k = 0; k < cps.size(); ++k) {
    const std::size_t prev = k == 0 ? 0 : cps[k - 1];
    const std::size_t next = k + 1 < cps.size() ? cps[k + 1] : n;
    ChangePoint cp;
    cp.index = cps[k];
    const auto before = all.subspan(prev, cp.index - prev),
               after = all.subspan(cp.index, next - cp.index);
    cp.change = describe_change(before, after, o_.confidence);
    cp.p_value = mann_whitney_u(before, after).p_value;
    result_.change_points.push_back(cp);
  }
}

ChangePointResult pelt(std::span<const double> xs, const PeltOptions& options) {
  Pelt detector(options);
  return detector.analyse(xs);
}

}  // namespace perfgate::stats
