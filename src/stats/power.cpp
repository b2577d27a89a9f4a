#include "stats/power.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace perfgate::stats {

// The approximation behind both functions. With n runs per side and
// per-run standard deviation s (of log values), the median of one side has
// standard error about sqrt(pi/2) s / sqrt(n) (the asymptotic efficiency of
// the median against the mean under normality is 2/pi), so the difference of
// the two medians has
//
//   se(n) = sqrt(pi/2) * s * sqrt(2/n).
//
// Detecting a true difference `effect` with a two-sided level-alpha test and
// probability `power` needs |effect| >= (z_{1-alpha/2} + z_{power}) se(n):
//
//   n = ceil( (pi/2) * 2 s^2 (z_{1-alpha/2} + z_{power})^2 / effect^2 ).
//
// A `confidence` interval effect ± z_{(1+confidence)/2} se(n) lies inside
// ±margin when z se(n) <= margin - |effect|:
//
//   n = ceil( (pi/2) * 2 s^2 z_{(1+confidence)/2}^2 / (margin - |effect|)^2 ).
//
// z_q is the standard normal quantile. At least 2 runs: one run has no spread.

namespace {

constexpr double max_runs = 100000;


void require_open_unit(double v, const char* name) {
  if (!(v > 0 && v < 1))
    throw std::invalid_argument(std::string(name) + " = " + std::to_string(v) +
                                " is outside (0, 1)");
}

void require_sd(double sd) {
  if (!(sd >= 0) || std::isinf(sd))
    throw std::invalid_argument("sd = " + std::to_string(sd) +
                                " is not a finite non-negative standard deviation");
}

// Runs per side for which z se(n) <= distance, or nullopt beyond max_runs.
std::optional<int> runs_for(double sd, double z, double distance) {
  const double n = std::ceil(std::numbers::pi / 2 * 2 * sd * sd * z * z / (distance * distance));
  if (!(n <= max_runs)) return std::nullopt;
  return std::max(2, static_cast<int>(n));
}

}  // namespace

double normal_quantile(double q) {
  return boost::math::quantile(boost::math::normal_distribution<double>(), q);
}

std::optional<int> runs_to_detect(double sd, double effect, double alpha, double power) {
  require_sd(sd);
  require_open_unit(alpha, "alpha");
  require_open_unit(power, "power");
  if (std::isnan(effect)) throw std::invalid_argument("runs_to_detect: effect is NaN");
  if (effect == 0) return std::nullopt;
  return runs_for(sd, normal_quantile(1 - alpha / 2) + normal_quantile(power), effect);
}

std::optional<int> runs_for_equivalence(double sd, double effect, double margin,
                                        double confidence) {
  require_sd(sd);
  require_open_unit(confidence, "confidence");
  if (std::isnan(effect) || std::isnan(margin))
    throw std::invalid_argument("runs_for_equivalence: effect or margin is NaN");
  const double room = margin - std::fabs(effect);
  if (!(room > 0)) return std::nullopt;
  return runs_for(sd, normal_quantile((1 + confidence) / 2), room);
}

}  // namespace perfgate::stats
