// Calibration of perfgate's verdicts: how often it cries wolf, and how often
// it catches a real slowdown, through the same compare_runs the CLI uses.
//
//   A/A: 1,000 comparisons of one benchmark whose two sides come from the same
//        lognormal distribution (CV 10 %, n = 10 per side): the rate of false
//        regressions (target: at most 1 %).
//   A/A, 200 benchmarks: 100 comparisons of 200 unchanged benchmarks each
//        (CV 10 %, n = 10): the mean number of false regressions per comparison
//        (target: at most 0.05).
//   Power: n = 10 per side, CV 5 %, true slowdowns of 1-20 %: the detection
//        rate at each (target: at least 90 % at 10 %).
//
// Default settings throughout (warning limit 5 %, critical 10 %, alpha 0.02
// after Benjamini-Hochberg, 10,000 bootstrap resamples). Fixed seeds: the
// figures are reproducible. Results: docs/statistics.md.
#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>
#include <vector>

#include "analyze/compare.hpp"
#include "stats/rng.hpp"

namespace {

using namespace perfgate;

// n lognormal values with the given median and coefficient of variation.
std::vector<double> lognormal(stats::Rng& rng, int n, double median, double cv) {
  const double sigma = std::sqrt(std::log(1 + cv * cv));
  std::vector<double> xs;
  for (int i = 0; i < n; ++i) {
    const double u1 = 1 - rng.uniform(), u2 = rng.uniform();
    const double z = std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
    xs.push_back(median * std::exp(sigma * z));
  }
  return xs;
}

BenchmarkResult benchmark(const std::string& name, const std::vector<double>& wall_ns) {
  BenchmarkResult b;
  b.name = name;
  b.metrics = {*builtin::find("wall_time")};
  for (std::size_t i = 0; i < wall_ns.size(); ++i) {
    Repetition r;
    r.index = static_cast<int>(i);
    r.values["wall_time"] = wall_ns[i];
    b.repetitions.push_back(r);
  }
  return b;
}

// One comparison of `benchmarks` benchmarks; returns the verdicts.
std::vector<Verdict> compare_once(stats::Rng& rng, int benchmarks, int n, double cv,
                                  double slowdown) {
  Run base, contender;
  for (int i = 0; i < benchmarks; ++i) {
    const std::string name = "bench_" + std::to_string(i);
    base.benchmarks.push_back(benchmark(name, lognormal(rng, n, 1e6, cv)));
    contender.benchmarks.push_back(benchmark(name, lognormal(rng, n, 1e6 * (1 + slowdown), cv)));
  }
  return compare_runs(base, "base", contender, "contender", CompareOptions{}).verdicts;
}

bool is_regression(const Verdict& v) {
  return v.status == Status::critical || v.status == Status::warning;
}

}  // namespace

int main() {
  stats::Rng rng(20261123);
  const CompareOptions defaults;
  std::printf("perfgate calibration: lognormal noise, default settings (alpha %.2g after "
              "Benjamini-Hochberg, %d bootstrap resamples, warning 5 %%, critical 10 %%)\n\n",
              defaults.alpha, defaults.resamples);

  {
    const int trials = 1000;
    int false_regressions = 0, stable = 0, inconclusive = 0, improvements = 0;
    for (int t = 0; t < trials; ++t) {
      Verdict v = compare_once(rng, 1, 10, 0.10, 0.0).front();
      false_regressions += is_regression(v);
      stable += v.status == Status::stable;
      inconclusive += v.status == Status::inconclusive;
      improvements += v.status == Status::improvement;
    }
    std::printf("A/A, 1 benchmark, CV 10 %%, n = 10 per side, %d comparisons:\n", trials);
    std::printf("  false regressions %d (%.2f %%; target <= 1 %%), false improvements %d, "
                "stable %d, inconclusive %d\n\n",
                false_regressions, 100.0 * false_regressions / trials, improvements, stable,
                inconclusive);
  }
  {
    const int comparisons = 100, benchmarks = 200;
    int false_regressions = 0;
    for (int t = 0; t < comparisons; ++t)
      for (const Verdict& v : compare_once(rng, benchmarks, 10, 0.10, 0.0))
        false_regressions += is_regression(v);
    std::printf("A/A, %d benchmarks, CV 10 %%, n = 10 per side, %d comparisons:\n", benchmarks,
                comparisons);
    std::printf("  false regressions %d in all, %.3f per comparison (target <= 0.05)\n\n",
                false_regressions, static_cast<double>(false_regressions) / comparisons);
  }
  {
    const int trials = 1000;
    std::printf("Power, CV 5 %%, n = 10 per side, %d comparisons per slowdown:\n", trials);
    std::printf("  slowdown  detected  (critical)  inconclusive\n");
    for (int pct : {1, 2, 3, 5, 7, 10, 15, 20}) {
      int detected = 0, critical = 0, inconclusive = 0;
      for (int t = 0; t < trials; ++t) {
        Verdict v = compare_once(rng, 1, 10, 0.05, pct / 100.0).front();
        detected += is_regression(v);
        critical += v.status == Status::critical;
        inconclusive += v.status == Status::inconclusive;
      }
      std::printf("  %7d %%  %6.1f %%  (%6.1f %%)  %10.1f %%\n", pct, 100.0 * detected / trials,
                  100.0 * critical / trials, 100.0 * inconclusive / trials);
    }
  }
  return 0;
}
