// gbench_kernels: a few small kernels of ML inference as Google Benchmark
// benchmarks, for the example suite (examples/gbench/perfgate.toml) and for the
// tests that need real Google Benchmark output. Each benchmark takes well
// under a millisecond per iteration, so a run with --benchmark_min_time=0.01
// finishes in about a second.
//
// Knobs (environment variables, read on every benchmark start):
//   GBENCH_SLOW_MATMUL=F  BM_Matmul does F times its work (F >= 1, e.g. 1.3):
//                         the e2e test and the example's README use it to show
//                         compare flagging exactly that kernel.
//   GBENCH_FAIL_QUANTIZE=1  BM_Quantize reports an error (SkipWithError), so
//                         the tests see what a failing benchmark looks like.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <vector>

namespace {

double slowdown(const char* variable) {
  const char* s = std::getenv(variable);
  const double f = s ? std::atof(s) : 1.0;
  return f >= 1.0 ? f : 1.0;
}

std::vector<float> filled(std::size_t n, int modulus, float scale) {
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<float>(i % modulus) * scale - 1.0f;
  return v;
}

// C += A B for n x n row-major matrices, rows [0, rows) of C.
void matmul_rows(const float* a, const float* b, float* c, int n, int rows) {
  for (int i = 0; i < rows; ++i)
    for (int k = 0; k < n; ++k) {
      const float aik = a[i * n + k];
      for (int j = 0; j < n; ++j) c[i * n + j] += aik * b[k * n + j];
    }
}

// A small square matmul. With GBENCH_SLOW_MATMUL=F it computes F times the
// rows (the first ones again), so the work grows by exactly F.
void BM_Matmul(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const auto a = filled(static_cast<std::size_t>(n) * n, 7, 0.25f);
  const auto b = filled(static_cast<std::size_t>(n) * n, 5, 0.5f);
  std::vector<float> c(static_cast<std::size_t>(n) * n);
  const double factor = slowdown("GBENCH_SLOW_MATMUL");
  const int extra_rows = static_cast<int>(std::lround((factor - 1.0) * n));
  for (auto _ : state) {
    std::fill(c.begin(), c.end(), 0.0f);
    matmul_rows(a.data(), b.data(), c.data(), n, n);
    for (int done = 0; done < extra_rows; done += n)
      matmul_rows(a.data(), b.data(), c.data(), n, std::min(n, extra_rows - done));
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  // One item is one multiply-add.
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n) * n * n);
}
BENCHMARK(BM_Matmul)->Arg(16)->Arg(32);

// A dot product: items are elements, bytes are what both vectors occupy.
void BM_Dot(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto x = filled(n, 11, 0.125f);
  const auto y = filled(n, 13, 0.25f);
  for (auto _ : state) {
    float sum = 0.0f;
    for (std::size_t i = 0; i < n; ++i) sum += x[i] * y[i];
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(2 * n * sizeof(float)));
}
BENCHMARK(BM_Dot)->Arg(1024)->Arg(4096);

// Softmax over rows of logits. User counters: rows_per_second (a rate) and
// max_abs_error (how far a row's sum is from 1: informative).
void BM_Softmax(benchmark::State& state) {
  const auto width = static_cast<std::size_t>(state.range(0));
  const auto logits = filled(width, 17, 0.3f);
  std::vector<float> out(width);
  for (auto _ : state) {
    const float top = *std::max_element(logits.begin(), logits.end());
    float sum = 0.0f;
    for (std::size_t i = 0; i < width; ++i) sum += out[i] = std::exp(logits[i] - top);
    for (float& v : out) v /= sum;
    benchmark::DoNotOptimize(out.data());
  }
  float total = 0.0f;
  for (float v : out) total += v;
  state.counters["rows_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["max_abs_error"] = std::fabs(static_cast<double>(total) - 1.0);
}
BENCHMARK(BM_Softmax)->Arg(256);

// Scaled dot-product scores of one query against `seq` keys of size `dim`:
// named arguments, so the names read "BM_AttentionScores/seq:64/dim:32".
void BM_AttentionScores(benchmark::State& state) {
  const auto seq = static_cast<std::size_t>(state.range(0));
  const auto dim = static_cast<std::size_t>(state.range(1));
  const auto q = filled(dim, 3, 0.5f);
  const auto keys = filled(seq * dim, 19, 0.1f);
  std::vector<float> scores(seq);
  const float scale = 1.0f / std::sqrt(static_cast<float>(dim));
  for (auto _ : state) {
    for (std::size_t s = 0; s < seq; ++s) {
      float dot = 0.0f;
      for (std::size_t d = 0; d < dim; ++d) dot += q[d] * keys[s * dim + d];
      scores[s] = dot * scale;
    }
    benchmark::DoNotOptimize(scores.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(seq));
}
BENCHMARK(BM_AttentionScores)->Args({64, 32})->ArgNames({"seq", "dim"});

// Symmetric int8 quantisation of a vector. Reports an error (and measures
// nothing) when GBENCH_FAIL_QUANTIZE is set, as a kernel whose self-check
// fails would.
void BM_Quantize(benchmark::State& state) {
  if (std::getenv("GBENCH_FAIL_QUANTIZE")) {
    state.SkipWithError("scale is zero (GBENCH_FAIL_QUANTIZE is set)");
    return;
  }
  const auto x = filled(2048, 23, 0.05f);
  std::vector<std::int8_t> q(x.size());
  for (auto _ : state) {
    float top = 0.0f;
    for (float v : x) top = std::max(top, std::fabs(v));
    const float inv = 127.0f / top;
    for (std::size_t i = 0; i < x.size(); ++i)
      q[i] = static_cast<std::int8_t>(std::lround(x[i] * inv));
    benchmark::DoNotOptimize(q.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(x.size() * sizeof(float)));
}
BENCHMARK(BM_Quantize);

}  // namespace

BENCHMARK_MAIN();
