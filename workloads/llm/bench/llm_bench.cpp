// llm_bench: the Google Benchmark suite of the llm workload. Each benchmark is
// one shape that an LLM decoder spends its time in, named so a reader knows the
// shape without the source:
//
//   BM_Gemm/N              C[N x N] = A[N x N] B[N x N]          ("FLOP/s", 2 N^3)
//   BM_QkvProjection       y[6144] = W[6144 x 2048] x            (gemv, m = 1)
//   BM_LmHead              logits[32000] = W[32000 x 2048] x     (gemv, m = 1)
//   BM_MatmulTransposed    c[1 x 2048] = a[1 x 2048] B^T, B [2048 x 2048] (gemm_bt)
//   BM_Attention/S         one query head over S cached positions, head_dim 128
//   BM_GqaAttention        32 query heads sharing 1 KV head, 256 positions, head_dim 128
//   BM_Dot/64              a dot product of 64 floats
//   BM_GgufParse           GgufFile::open of a 100-tensor file
//   BM_ForwardTiny         one token through a small synthetic model
//   BM_SampleTopP          sampling from 32000 logits, temperature 0.8, top-p 0.95
//   BM_TernaryGemv         y[2048] = M[2048 x 2048] x, M ternary (2 bits/weight)
//
// Every kernel runs on the calling thread (pool nullptr), so figures compare
// across machines with different core counts, and every input comes from a
// fixed seed. Matrix-vector shapes read each weight once per call, so they are
// memory-bound: they report bytes_per_second (weight bytes read) beside FLOP/s.
//
// For CI: --benchmark_min_time=0.05 (Google Benchmark 1.7, Debian bookworm,
// takes a bare number of seconds; 1.8+ also takes "0.05s") runs all of it in
// well under a minute.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "llm/gguf.hpp"
#include "llm/kernels.hpp"
#include "llm/model.hpp"
#include "llm/transformer.hpp"

namespace {

// Uniform floats in [-scale, scale) from a seed (splitmix64): the inputs are
// the same on every machine and every run.
std::vector<float> random_floats(std::size_t n, std::uint64_t seed, float scale = 1.0f) {
  std::vector<float> v(n);
  std::uint64_t s = seed;
  for (auto& x : v) {
    s += 0x9e3779b97f4a7c15ull;
    std::uint64_t z = s;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    const float unit = static_cast<float>(z >> 40) * (1.0f / 16777216.0f);  // [0, 1)
    x = (2.0f * unit - 1.0f) * scale;
  }
  return v;
}

// A file in the temporary folder, removed when the process ends. The name
// carries the pid so concurrent runs (CI shards) do not share it.
class TempFile {
 public:
  explicit TempFile(const std::string& stem)
      : path_(std::filesystem::temp_directory_path() /
              (stem + "-" + std::to_string(::getpid()) + ".gguf")) {}
  ~TempFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

void set_flops(benchmark::State& state, double flops_per_iteration) {
  state.counters["FLOP/s"] =
      benchmark::Counter(flops_per_iteration, benchmark::Counter::kIsIterationInvariantRate);
}

constexpr std::int64_t kFloatBytes = sizeof(float);

// ---- dense matrix products --------------------------------------------------

void BM_Gemm(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto a = random_floats(n * n, 1);
  const auto b = random_floats(n * n, 2);
  std::vector<float> c(n * n);
  for (auto _ : state) {
    llm::gemm(a.data(), b.data(), c.data(), n, n, n, nullptr);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  set_flops(state, 2.0 * static_cast<double>(n) * n * n);
}
BENCHMARK(BM_Gemm)->Arg(128)->Arg(512);

// A weight matrix [rows x cols] and an input vector, built once per process:
// the LM head is 262 MB, and Google Benchmark calls a benchmark function once
// per trial and repetition.
struct GemvInputs {
  std::size_t rows, cols;
  std::vector<float> w, x;
  GemvInputs(std::size_t r, std::size_t c, std::uint64_t seed)
      : rows(r), cols(c), w(random_floats(r * c, seed, 0.05f)), x(random_floats(c, seed + 1)) {}
};

void run_gemv(benchmark::State& state, const GemvInputs& in) {
  std::vector<float> y(in.rows);
  for (auto _ : state) {
    llm::gemv(in.w.data(), in.x.data(), y.data(), in.rows, in.cols, nullptr);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  // Bytes are the weights read once per call (x and y are cache-resident).
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(in.rows * in.cols) *
                          kFloatBytes);
  set_flops(state, 2.0 * static_cast<double>(in.rows) * in.cols);
}

// Fused Q, K and V of a 2048-wide model with full-size K and V: 3 x 2048 rows.
void BM_QkvProjection(benchmark::State& state) {
  static const GemvInputs in(6144, 2048, 10);
  run_gemv(state, in);
}
BENCHMARK(BM_QkvProjection);

// Logits over a 32000-token vocabulary from a 2048-wide hidden state.
void BM_LmHead(benchmark::State& state) {
  static const GemvInputs in(32000, 2048, 20);
  run_gemv(state, in);
}
BENCHMARK(BM_LmHead);

void BM_MatmulTransposed(benchmark::State& state) {
  constexpr std::size_t m = 1, n = 2048, k = 2048;
  static const auto b = random_floats(n * k, 30, 0.05f);  // [n x k], used transposed
  const auto a = random_floats(m * k, 31);
  std::vector<float> c(m * n);
  for (auto _ : state) {
    llm::gemm_bt(a.data(), b.data(), c.data(), m, n, k, nullptr);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(n * k) * kFloatBytes);
  set_flops(state, 2.0 * m * n * k);
}
BENCHMARK(BM_MatmulTransposed);

void BM_Dot(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto a = random_floats(n, 40);
  const auto b = random_floats(n, 41);
  for (auto _ : state) {
    float sum = llm::dot(a.data(), b.data(), n);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  set_flops(state, 2.0 * static_cast<double>(n));
}
BENCHMARK(BM_Dot)->Arg(64);

// ---- attention ------------------------------------------------------------

constexpr std::size_t kHeadDim = 128;

// One query head over seq_len positions of a one-head cache. Items are the
// positions attended to; FLOPs are q.k and the weighted sum of v (4 per element).
void BM_Attention(benchmark::State& state) {
  const auto seq_len = static_cast<std::size_t>(state.range(0));
  const auto q = random_floats(kHeadDim, 50);
  const auto k = random_floats(seq_len * kHeadDim, 51);
  const auto v = random_floats(seq_len * kHeadDim, 52);
  std::vector<float> out(kHeadDim), scratch(seq_len);
  for (auto _ : state) {
    llm::attention(q.data(), k.data(), v.data(), seq_len, kHeadDim, kHeadDim, out.data(),
                   scratch.data());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(seq_len));
  set_flops(state, 4.0 * static_cast<double>(seq_len) * kHeadDim);
}
BENCHMARK(BM_Attention)->Arg(1)->Arg(64)->Arg(128)->Arg(256);

// Grouped-query attention for one token, 32 query heads on 1 KV head (the
// extreme of multi-query attention): the cache is read once per query head.
void BM_GqaAttention(benchmark::State& state) {
  constexpr std::size_t n_q = 32, n_kv = 1, seq_len = 256;
  const auto q = random_floats(n_q * kHeadDim, 60);
  const auto k = random_floats(seq_len * n_kv * kHeadDim, 61);
  const auto v = random_floats(seq_len * n_kv * kHeadDim, 62);
  std::vector<float> out(n_q * kHeadDim), scratch(n_q * seq_len);
  for (auto _ : state) {
    llm::gqa_attention(q.data(), k.data(), v.data(), seq_len, n_q, n_kv, kHeadDim, out.data(),
                       scratch.data(), nullptr);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n_q * seq_len));
  set_flops(state, 4.0 * static_cast<double>(n_q) * seq_len * kHeadDim);
}
BENCHMARK(BM_GqaAttention);

// ---- model file, forward pass, sampling ------------------------------------

// Parsing is metadata and tensor infos (the data is mapped, not read), so the
// file has 100 small tensors and a vocabulary-sized string array, like a model.
void BM_GgufParse(benchmark::State& state) {
  constexpr int kTensors = 100;
  static const TempFile file("llm_bench_parse");
  static const bool written = [] {
    llm::GgufWriter writer;
    writer.add("general.architecture", llm::GgufValue::str("llama"));
    writer.add("general.name", llm::GgufValue::str("llm_bench parse fixture"));
    writer.add("llama.block_count", llm::GgufValue::u32(kTensors));
    std::vector<llm::GgufValue> tokens;
    for (int i = 0; i < 512; ++i)
      tokens.push_back(llm::GgufValue::str("<tok_" + std::to_string(i) + ">"));
    writer.add("tokenizer.ggml.tokens",
               llm::GgufValue::array(llm::GgufType::string, std::move(tokens)));
    const auto data = random_floats(16 * 16, 70);
    for (int i = 0; i < kTensors; ++i)
      writer.add_tensor("blk." + std::to_string(i) + ".weight", {16, 16}, data);
    writer.write(file.path());
    return true;
  }();
  benchmark::DoNotOptimize(written);
  for (auto _ : state) {
    const auto gguf = llm::GgufFile::open(file.path());
    benchmark::DoNotOptimize(gguf.tensors().data());
  }
  state.SetItemsProcessed(state.iterations() * kTensors);  // tensors parsed
}
BENCHMARK(BM_GgufParse);

// A small synthetic model: 2 layers, dim 128, 4 query heads on 2 KV heads.
// Sixteen prompt tokens fill the cache first, so the timed token (position 16)
// attends over 17 positions; re-running it at the same position overwrites the
// same cache row, so every iteration does the same work.
void BM_ForwardTiny(benchmark::State& state) {
  static const TempFile file("llm_bench_tiny");
  static llm::Transformer model = [] {
    llm::ModelConfig config;
    config.n_layers = 2;
    config.dim = 128;
    config.hidden_dim = 384;
    config.n_heads = 4;
    config.n_kv_heads = 2;
    config.vocab_size = 512;
    config.context_length = 64;
    llm::write_synthetic_model(file.path(), config, 7);
    return llm::Transformer::open(file.path());
  }();
  model.set_thread_pool(nullptr);
  constexpr std::size_t kPrompt = 16;
  for (std::size_t pos = 0; pos < kPrompt; ++pos)
    model.forward(static_cast<std::uint32_t>('a' + pos), pos, /*want_logits=*/false);
  for (auto _ : state) {
    const auto logits = model.forward('z', kPrompt);
    benchmark::DoNotOptimize(logits.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());  // tokens
}
BENCHMARK(BM_ForwardTiny);

void BM_SampleTopP(benchmark::State& state) {
  constexpr std::size_t kVocab = 32000;
  const auto logits = random_floats(kVocab, 80, 8.0f);
  const llm::SamplerConfig config{.temperature = 0.8f, .top_k = 0, .top_p = 0.95f};
  llm::Rng rng(81);
  llm::SamplerScratch scratch;
  for (auto _ : state) {
    std::uint32_t token = llm::sample(logits.data(), kVocab, config, rng, scratch);
    benchmark::DoNotOptimize(token);
  }
  state.SetItemsProcessed(state.iterations());  // tokens sampled
}
BENCHMARK(BM_SampleTopP);

void BM_TernaryGemv(benchmark::State& state) {
  constexpr std::size_t rows = 2048, cols = 2048;
  static const llm::TernaryMatrix m = [] {
    const auto w = random_floats(rows * cols, 90, 0.05f);
    return llm::ternary_quantize(w.data(), rows, cols);
  }();
  const auto x = random_floats(cols, 91);
  std::vector<float> y(rows);
  for (auto _ : state) {
    llm::ternary_gemv(m, x.data(), y.data(), nullptr);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  const auto weight_bytes = m.packed.size() + m.scales.size() * sizeof(float);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(weight_bytes));
  set_flops(state, 2.0 * rows * cols);
}
BENCHMARK(BM_TernaryGemv);

}  // namespace

// BENCHMARK_MAIN, plus the kernel path in the JSON context: a figure from the
// generic path is not comparable with one from AVX2/FMA.
int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("llm_kernel_path", llm::kernel_path());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
