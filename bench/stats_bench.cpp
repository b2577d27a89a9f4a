// How long perfgate's statistics take per verdict, measured with Google
// Benchmark. Results and the command that produced them: docs/benchmarks.md.
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "stats/bootstrap.hpp"
#include "stats/mann_whitney.hpp"
#include "stats/rng.hpp"

namespace {

std::vector<double> timings(std::uint64_t seed, int n) {
  perfgate::stats::Rng rng(seed);
  std::vector<double> xs;
  for (int i = 0; i < n; ++i) xs.push_back(40e6 * (1 + 0.05 * (rng.uniform() - 0.5)));
  return xs;
}

void BM_BootstrapRatioOfMedians(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  auto base = timings(1, n), cont = timings(2, n);
  for (auto _ : state)
    benchmark::DoNotOptimize(perfgate::stats::bootstrap_ratio_of_medians(base, cont));
  state.SetLabel("10000 resamples, n per side = " + std::to_string(n));
}
BENCHMARK(BM_BootstrapRatioOfMedians)->Arg(10)->Arg(30)->Arg(100)->Unit(benchmark::kMillisecond);

void BM_MannWhitneyExact(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  auto base = timings(3, n), cont = timings(4, n);
  for (auto _ : state) benchmark::DoNotOptimize(perfgate::stats::mann_whitney_u(base, cont));
}
BENCHMARK(BM_MannWhitneyExact)->Arg(10)->Arg(30)->Arg(50)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
