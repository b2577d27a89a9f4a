// Speed of the change-point detectors (docs/changepoints.md): a synthetic
// series of 10,000 points (fixed seed: four steps of 3-10 % and 2 % normal
// noise around 100), analysed whole by each method, then grown point by point
// through append() for the last `appends` points (median time per append).
//
//   changepoint_speed [appends]   (default 200)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numbers>
#include <vector>

#include "stats/changepoint_detect.hpp"
#include "stats/rng.hpp"

namespace {

using namespace perfgate;
using Clock = std::chrono::steady_clock;

std::vector<double> synthetic_series(std::size_t n) {
  stats::Rng rng(20240611);
  std::vector<double> xs;
  for (std::size_t i = 0; i < n; ++i) {
    double level = 100;
    if (i >= 2000) level *= 1.05;
    if (i >= 4500) level *= 0.97;
    if (i >= 7000) level *= 1.10;
    if (i >= 9000) level *= 0.95;
    const double u1 = 1 - rng.uniform(), u2 = rng.uniform();
    const double z = std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
    xs.push_back(level * (1 + 0.02 * z));
  }
  return xs;
}

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t appends = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 200;
  const std::size_t n = 10000;
  const std::vector<double> xs = synthetic_series(n);
  std::printf("series: %zu points, steps at 2000, 4500, 7000, 9000, noise 2 %%\n", n);
  std::printf("%-10s %10s %8s %18s %16s\n", "method", "full (ms)", "found", "append median (ms)",
              "append max (ms)");
  for (auto method : {stats::ChangePointMethod::edivisive, stats::ChangePointMethod::pelt}) {
    stats::DetectOptions o;
    o.method = method;
    auto detector = stats::make_detector(o);
    auto start = Clock::now();
    const stats::ChangePointResult full = detector->analyse(xs);
    const double full_ms = ms_since(start);

    // Start from the series without its last `appends` points, then append them.
    detector->analyse(std::span<const double>(xs).first(n - appends));
    std::vector<double> times;
    for (std::size_t i = n - appends; i < n; ++i) {
      start = Clock::now();
      detector->append(xs[i]);
      times.push_back(ms_since(start));
    }
    std::sort(times.begin(), times.end());
    std::printf("%-10s %10.1f %8zu %18.3f %16.3f\n",
                std::string(stats::method_name(method)).c_str(), full_ms, full.change_points.size(),
                times[times.size() / 2], times.back());
    std::printf("           found at:");
    for (const auto& cp : full.change_points) std::printf(" %zu", cp.index);
    std::printf("\n");
  }
  return 0;
}
