// A stand-in for an instrumented inference tool: it writes a receipt through
// include/perfgate/receipt.hpp, the way a real program would.
//
//   receipt_writer MODE PATH [TOKENS]
//
// real       does real work: each "token" is a matrix-vector product on a
//            fixed-seed 128x128 matrix, repeated until the token took at
//            least 10 ms (a small model's pace on a CPU, so tokens/s stays
//            below 100 on any machine); measures itself; checks its result
//            against a reference order of summation (accuracy) and
//            fingerprints the output.
// mock       declares compute_path "mock" and a kernel "mock_gemm"; its
//            figures are plausible, so only the mock rules catch it.
// fast       claims 5000 tokens/s on cpu: implausible.
// wrong      plausible figures, but accuracy 0.5 against a tolerance of 1e-4.
// unstable   plausible figures, deterministic with seed 42, but its output
//            changes from one run to the next (a race, an uninitialised
//            buffer): the N-th run writes "1 2 3 N" (N counted in the file
//            unstable.count of the working folder).
// nan        a receipt with NaN where a sample should be (what a careless
//            writer emits; JSON has no NaN).
// truncated  the first half of a receipt (a writer killed mid-write).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <perfgate/receipt.hpp>
#include <string>
#include <vector>

namespace {

constexpr int kDim = 128;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// A reproducible matrix from a linear congruential generator.
std::vector<float> make_matrix(std::uint64_t seed) {
  std::vector<float> m(kDim * kDim);
  for (float& x : m) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    x = static_cast<float>((seed >> 40) % 1000) / 1000.0f - 0.5f;
  }
  return m;
}

std::vector<float> matvec(const std::vector<float>& m, const std::vector<float>& v, bool reverse) {
  std::vector<float> out(kDim, 0.0f);
  for (int r = 0; r < kDim; ++r) {
    double acc = 0;
    for (int k = 0; k < kDim; ++k) {
      const int c = reverse ? kDim - 1 - k : k;
      acc += static_cast<double>(m[r * kDim + c]) * v[c];
    }
    out[r] = static_cast<float>(std::max(-1.0, std::min(1.0, acc)));
  }
  return out;
}

void real(perfgate::Receipt& r, int tokens) {
  const auto load0 = Clock::now();
  const std::vector<float> weights = make_matrix(*r.seed);
  r.add_sample("load_time", ms_since(load0), "ms");

  std::vector<float> state(kDim, 0.25f);
  std::string output;
  double max_abs_error = 0;
  const auto start = Clock::now();
  for (int t = 0; t < tokens; ++t) {
    const auto t0 = Clock::now();
    std::vector<float> next;
    do {
      next = matvec(weights, state, false);
    } while (ms_since(t0) < 10.0);
    const std::vector<float> check = matvec(weights, state, true);
    for (int i = 0; i < kDim; ++i)
      max_abs_error = std::max(max_abs_error, static_cast<double>(std::abs(next[i] - check[i])));
    state = next;
    output += std::to_string(static_cast<int>((state[0] + 1.0f) * 1000)) + " ";
    const double latency_ms = ms_since(t0);
    if (t == 0) r.add_sample("first_token_latency", latency_ms, "ms");
    r.add_sample("token_latency", latency_ms, "ms");
    r.add_sample("tokens_per_second", 1000.0 / latency_ms, "tok/s");
  }
  const double total_s = ms_since(start) / 1000.0;
  r.set_summary("tokens_per_second", "mean", tokens / total_s, "tok/s");
  r.add_sample("peak_memory", static_cast<double>(weights.size() * sizeof(float)) / 1024.0, "KiB");
  r.set_accuracy("max_abs_error", max_abs_error, 0.0, 1e-4);
  r.set_output_digest(output);
}

// Fixed figures for the modes that misbehave: what a program would claim.
void claimed(perfgate::Receipt& r, double tokens_per_second, double accuracy) {
  for (int t = 0; t < 4; ++t) {
    r.add_sample("tokens_per_second", tokens_per_second + t, "tok/s");
    r.add_sample("token_latency", 1000.0 / (tokens_per_second + t), "ms");
  }
  r.add_sample("first_token_latency", 1000.0 / tokens_per_second, "ms");
  r.set_accuracy("max_abs_error", accuracy, 0.0, 1e-4);
  r.set_output_digest("1 2 3 4 ");
}

int write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: receipt_writer real|mock|fast|wrong|unstable|nan|truncated PATH [TOKENS]\n");
    return 2;
  }
  const std::string mode = argv[1], path = argv[2];
  const int tokens = argc > 3 ? std::max(1, std::atoi(argv[3])) : 4;

  perfgate::Receipt r;
  r.tool_name = "receipt_writer";
  r.tool_version = "1.0";
  r.benchmark = "decode";
  r.backend = "cpu";
  r.kernels = {"matvec_f32"};
  r.deterministic = true;
  r.seed = 42;
  r.environment["threads"] = "1";
  r.environment["mode"] = mode;

  if (mode == "real") {
    real(r, tokens);
  } else if (mode == "mock") {
    r.compute_path = "mock";
    r.kernels = {"mock_gemm"};
    claimed(r, 40, 0);
  } else if (mode == "fast") {
    claimed(r, 5000, 0);
  } else if (mode == "wrong") {
    claimed(r, 40, 0.5);
  } else if (mode == "unstable") {
    claimed(r, 40, 0);
    int runs = 0;
    std::ifstream("unstable.count") >> runs;
    std::ofstream("unstable.count") << ++runs;
    r.set_output_digest("1 2 3 " + std::to_string(runs));
  } else if (mode == "nan") {
    claimed(r, 40, 0);
    std::string text = r.to_json();
    const std::string at = "\"samples\": [";
    text.replace(text.find(at), at.size(), at + "NaN, ");
    return write_text(path, text);
  } else if (mode == "truncated") {
    claimed(r, 40, 0);
    const std::string text = r.to_json();
    return write_text(path, text.substr(0, text.size() / 2));
  } else {
    std::fprintf(stderr, "receipt_writer: unknown mode %s\n", mode.c_str());
    return 2;
  }
  r.write_file(path);
  std::printf("wrote %s (%s)\n", path.c_str(), mode.c_str());
  return 0;
}
