// gemm_vs_openblas: the llm workload's fp32 GEMM (llm::gemm, and llm::gemm_bt
// for the weight-times-vector layout) against OpenBLAS's cblas_sgemm, both on
// one thread, on the square shapes 128^3..1024^3 and the decoder's m = 1 shapes.
//
// Method: R rounds (default 7, --rounds N); in each round every shape is timed
// with llm then OpenBLAS, the order swapped every other round so that neither
// always runs on a warmer cache or a quieter machine. One timing repeats calls
// until the thread has used at least 25 ms of CPU time and gives
// GFLOP/s = 2 m n k calls / CPU time.
// Printed per shape: the median GFLOP/s of each over the R rounds, their ratio,
// and how far the two results are apart: max |C_llm - C_blas| / max |C_blas|.
//
// For the m = 1 shapes OpenBLAS is timed twice, through sgemm and through its
// matrix-vector call sgemv, since a caller with one token would use the latter.
//
// Run it with OPENBLAS_NUM_THREADS=1 (docs/workload.md): the program calls
// openblas_set_num_threads(1) anyway, but the variable also stops OpenBLAS from
// starting its idle thread pool when the library loads.
//
// Exit status: 0, 1 when a result disagrees by more than 1e-4 (a wrong kernel,
// not a slow one), 2 on a bad argument.
#include <cblas.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "llm/kernels.hpp"

// OpenBLAS's own calls, declared here too (same signatures as its cblas.h) so a
// cblas.h of another BLAS on the include path still compiles against libopenblas.
extern "C" {
void openblas_set_num_threads(int num_threads);
char* openblas_get_config(void);
char* openblas_get_corename(void);
}

namespace {

// The agreement bound. Inputs are in [-1, 1] and k <= 2048: two fp32 sums of
// the same k products in different orders differ by a few k * 2^-24 times the
// sum of |products|, i.e. around 1e-6 of max |C| here; 1e-4 leaves a wide margin
// while still catching a wrong index or a dropped block (errors of order 1).
constexpr double kMaxRelativeError = 1e-4;
constexpr auto kMinSampleTime = std::chrono::milliseconds(25);

// What OpenBLAS is asked: sgemm always works; for m = 1 its matrix-vector
// call sgemv is the fairer reference (sgemm does not always route m = 1 there).
enum class Reference { sgemm, sgemv };

struct Shape {
  std::string label;
  std::size_t m, n, k;
  bool b_transposed;  // B given as [n x k] (a weight matrix): llm::gemm_bt
  Reference reference;
};

std::vector<float> random_floats(std::size_t n, std::uint64_t seed) {
  std::vector<float> v(n);
  std::uint64_t s = seed;
  for (auto& x : v) {  // splitmix64: the same inputs on every machine
    s += 0x9e3779b97f4a7c15ull;
    std::uint64_t z = s;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    x = static_cast<float>(z >> 40) * (2.0f / 16777216.0f) - 1.0f;  // [-1, 1)
  }
  return v;
}

// This thread's CPU time: on a shared machine the time other processes hold
// the core counts against neither side (their effect on the caches still does).
std::chrono::nanoseconds thread_cpu_time() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

// GFLOP/s of `call` over one timing of at least kMinSampleTime of CPU time.
double measure_gflops(const std::function<void()>& call, double flops_per_call) {
  const auto start = thread_cpu_time();
  std::int64_t calls = 0;
  std::chrono::nanoseconds elapsed{};
  do {
    call();
    ++calls;
    elapsed = thread_cpu_time() - start;
  } while (elapsed < kMinSampleTime);
  const double seconds = std::chrono::duration<double>(elapsed).count();
  return flops_per_call * static_cast<double>(calls) / seconds / 1e9;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t h = v.size() / 2;
  return v.size() % 2 ? v[h] : (v[h - 1] + v[h]) / 2.0;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
  return "unknown";
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one;
  return in >> one ? one : "unknown";
}

struct ShapeResult {
  std::vector<double> llm_gflops, blas_gflops;
  double max_relative_error = 0.0;
};

class ShapeBench {
 public:
  explicit ShapeBench(const Shape& s)
      : shape_(s),
        a_(random_floats(s.m * s.k, 1 + s.m * 7 + s.k)),
        b_(random_floats(s.k * s.n, 2 + s.n * 5 + s.k)),
        c_llm_(s.m * s.n),
        c_blas_(s.m * s.n) {}

  double flops() const { return 2.0 * static_cast<double>(shape_.m) * shape_.n * shape_.k; }

  void run_llm() {
    if (shape_.b_transposed)
      llm::gemm_bt(a_.data(), b_.data(), c_llm_.data(), shape_.m, shape_.n, shape_.k, nullptr);
    else
      llm::gemm(a_.data(), b_.data(), c_llm_.data(), shape_.m, shape_.n, shape_.k, nullptr);
  }

  void run_blas() {
    const int m = static_cast<int>(shape_.m), n = static_cast<int>(shape_.n),
              k = static_cast<int>(shape_.k);
    if (shape_.reference == Reference::sgemv) {  // m = 1: c[n] = B^T a or B a
      if (shape_.b_transposed)                   // B [n x k]: c = B a
        cblas_sgemv(CblasRowMajor, CblasNoTrans, n, k, 1.0f, b_.data(), k, a_.data(), 1, 0.0f,
                    c_blas_.data(), 1);
      else  // B [k x n]: c = B^T a
        cblas_sgemv(CblasRowMajor, CblasTrans, k, n, 1.0f, b_.data(), n, a_.data(), 1, 0.0f,
                    c_blas_.data(), 1);
      return;
    }
    // Row-major: A [m x k] (lda k); B [k x n] (ldb n), or [n x k] read transposed (ldb k).
    cblas_sgemm(CblasRowMajor, CblasNoTrans, shape_.b_transposed ? CblasTrans : CblasNoTrans, m, n,
                k, 1.0f, a_.data(), k, b_.data(), shape_.b_transposed ? k : n, 0.0f, c_blas_.data(),
                n);
  }

  // Both results from cleared outputs: max |C_llm - C_blas| / max |C_blas|.
  double relative_error() {
    std::fill(c_llm_.begin(), c_llm_.end(), 0.0f);
    std::fill(c_blas_.begin(), c_blas_.end(), 0.0f);
    run_llm();
    run_blas();
    double max_diff = 0.0, max_ref = 0.0;
    for (std::size_t i = 0; i < c_blas_.size(); ++i) {
      max_diff = std::max(max_diff, std::fabs(static_cast<double>(c_llm_[i]) - c_blas_[i]));
      max_ref = std::max(max_ref, std::fabs(static_cast<double>(c_blas_[i])));
    }
    return max_ref > 0.0 ? max_diff / max_ref : max_diff;
  }

 private:
  Shape shape_;
  std::vector<float> a_, b_, c_llm_, c_blas_;
};

int parse_rounds(int argc, char** argv) {
  int rounds = 7;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--rounds" && i + 1 < argc) {
      char* end = nullptr;
      const long r = std::strtol(argv[++i], &end, 10);
      if (*end != '\0' || r < 1 || r > 1000) {
        std::fprintf(stderr,
                     "gemm_vs_openblas: --rounds: expected an integer in 1..1000, got '%s'\n",
                     argv[i]);
        std::exit(2);
      }
      rounds = static_cast<int>(r);
    } else {
      std::fprintf(
          stderr, "gemm_vs_openblas: unknown argument '%s'; usage: gemm_vs_openblas [--rounds N]\n",
          arg.c_str());
      std::exit(2);
    }
  }
  return rounds;
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = parse_rounds(argc, argv);
  openblas_set_num_threads(1);

  using enum Reference;
  const std::vector<Shape> shapes = {
      {"128^3", 128, 128, 128, false, sgemm},
      {"256^3", 256, 256, 256, false, sgemm},
      {"512^3", 512, 512, 512, false, sgemm},
      {"1024^3", 1024, 1024, 1024, false, sgemm},
      {"qkv 1x2048x6144", 1, 6144, 2048, false, sgemm},
      {"qkv 1x2048x6144", 1, 6144, 2048, false, sgemv},
      {"1x2048x2048", 1, 2048, 2048, false, sgemm},
      {"1x2048x2048", 1, 2048, 2048, false, sgemv},
      {"qkv 1x2048x6144 B^T", 1, 6144, 2048, true, sgemm},
      {"qkv 1x2048x6144 B^T", 1, 6144, 2048, true, sgemv},
      {"1x2048x2048 B^T", 1, 2048, 2048, true, sgemm},
      {"1x2048x2048 B^T", 1, 2048, 2048, true, sgemv},
  };

  std::printf(
      "gemm_vs_openblas: llm::gemm / gemm_bt vs OpenBLAS cblas_sgemm / sgemv, fp32, one thread "
      "each\n");
  std::printf("cpu: %s (%u logical cores), load average %s at start\n", cpu_model().c_str(),
              std::thread::hardware_concurrency(), load_average().c_str());
  std::printf("llm kernel path: %s\n", llm::kernel_path());
  std::printf("openblas: %s; core %s; threads 1\n", openblas_get_config(), openblas_get_corename());
  const char* env_threads = std::getenv("OPENBLAS_NUM_THREADS");
  if (!env_threads || std::string(env_threads) != "1")
    std::printf(
        "note: set OPENBLAS_NUM_THREADS=1: this run limits OpenBLAS to one thread through "
        "openblas_set_num_threads(1), but its idle pool still started at load\n");
  std::printf(
      "method: %d rounds; per round and shape one timing of each (>= %lld ms of thread CPU "
      "time), order swapped every round; figures are medians over the rounds\n",
      rounds, static_cast<long long>(kMinSampleTime.count()));
  std::printf(
      "shapes are m x k x n; B^T: B is an [n x k] weight matrix, as in the decoder "
      "(llm::gemm_bt)\n\n");

  std::vector<ShapeBench> benches;
  for (const auto& s : shapes) benches.emplace_back(s);
  std::vector<ShapeResult> results(shapes.size());

  for (int r = 0; r < rounds; ++r) {
    for (std::size_t i = 0; i < shapes.size(); ++i) {
      auto& b = benches[i];
      const auto time_llm = [&] {
        results[i].llm_gflops.push_back(measure_gflops([&] { b.run_llm(); }, b.flops()));
      };
      const auto time_blas = [&] {
        results[i].blas_gflops.push_back(measure_gflops([&] { b.run_blas(); }, b.flops()));
      };
      if (r % 2 == 0) {
        time_llm();
        time_blas();
      } else {
        time_blas();
        time_llm();
      }
    }
  }

  bool all_agree = true;
  std::printf("%-20s %5s %5s %5s  %-7s  %-5s %12s %16s %13s %12s\n", "shape", "m", "n", "k", "llm",
              "BLAS", "llm GFLOP/s", "OpenBLAS GFLOP/s", "llm/OpenBLAS", "max rel err");
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    const auto& s = shapes[i];
    const double err = benches[i].relative_error();
    const double llm = median(results[i].llm_gflops), blas = median(results[i].blas_gflops);
    const bool agree = err <= kMaxRelativeError;
    all_agree = all_agree && agree;
    std::printf("%-20s %5zu %5zu %5zu  %-7s  %-5s %12.2f %16.2f %13.2f %12.1e%s\n", s.label.c_str(),
                s.m, s.n, s.k, s.b_transposed ? "gemm_bt" : "gemm",
                s.reference == Reference::sgemv ? "sgemv" : "sgemm", llm, blas, llm / blas, err,
                agree ? "" : "  MISMATCH");
  }
  if (!all_agree) {
    std::printf(
        "\nMISMATCH: llm and OpenBLAS results differ by more than %.0e of max |C|; "
        "the llm kernel is wrong for those shapes\n",
        kMaxRelativeError);
    return 1;
  }
  return 0;
}
