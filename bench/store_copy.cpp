// How fast `perfgate store copy` moves history: a SQLite store of RUNS runs
// (10 benchmarks x 10 samples each, the figure) is made in a
// temporary folder, then copied into the store named on the command line
// through copy_runs, the code path of the CLI. Prints the time of each step
// and runs per second. Run by hand, never from ctest:
//
//   store_copy postgresql://USER@HOST:PORT/EMPTY_DATABASE [RUNS]
//   store_copy sqlite:/tmp/copy.db [RUNS]
//
// The destination should be empty, or the runs are there already and the
// copy measures only the look-ups.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "model/error.hpp"
#include "store/copy_runs.hpp"
#include "store/store.hpp"

namespace {

using perfgate::BenchmarkResult;
using perfgate::Direction;
using perfgate::Repetition;
using perfgate::Run;

constexpr int benchmarks_per_run = 10;
constexpr int samples_per_benchmark = 10;

Run make_run(int i) {
  Run run;
  char id[64];
  std::snprintf(id, sizeof id, "20260101T%06d.000Z-bench", i);
  run.id = id;
  run.started_at = "2026-01-01T00:00:00Z";
  run.finished_at = run.started_at;
  run.suite_name = "store-copy";
  run.source = "perfgate run";
  run.environment.git.commit = "0123456789abcdef0123456789abcdef01234567";
  run.environment.git.branch = "main";
  run.environment.host_id = "9f86d081884c7d65";
  for (int b = 0; b < benchmarks_per_run; ++b) {
    BenchmarkResult bench;
    bench.name = "benchmark_" + std::to_string(b);
    bench.metrics = {{"wall_time", "ns", Direction::lower_is_better, true}};
    for (int r = 0; r < samples_per_benchmark; ++r) {
      Repetition rep;
      rep.index = r;
      rep.exit_status = 0;
      rep.values = {{"wall_time", 1e6 + 1000.0 * b + r + 0.25 * i}};
      bench.repetitions.push_back(rep);
    }
    run.benchmarks.push_back(bench);
  }
  return run;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DESTINATION_STORE_URL [RUNS]\n", argv[0]);
    return 2;
  }
  const int runs = argc > 2 ? std::stoi(argv[2]) : 1000;
  std::string dir = (std::filesystem::temp_directory_path() / "perfgate-copy-XXXXXX").string();
  if (!::mkdtemp(dir.data())) return 2;
  try {
    auto from = perfgate::open_store("sqlite:" + dir + "/source.db");
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < runs; ++i) from->save(make_run(i));
    const double fill_s = seconds_since(t0);
    std::printf(
        "source: %d runs of %d benchmarks x %d samples saved into SQLite in %.2f s "
        "(%.0f runs/s)\n",
        runs, benchmarks_per_run, samples_per_benchmark, fill_s, runs / fill_s);

    auto to = perfgate::open_store(argv[1]);
    t0 = std::chrono::steady_clock::now();
    const perfgate::CopyCount n = perfgate::copy_runs(*from, *to);
    const double copy_s = seconds_since(t0);
    std::printf(
        "copy: %lld copied, %lld there already, into %s in %.2f s (%.0f runs/s, "
        "%.0f samples/s); one transaction per run, one wall-clock measurement\n",
        static_cast<long long>(n.copied), static_cast<long long>(n.present), to->describe().c_str(),
        copy_s, n.runs / copy_s, n.copied * benchmarks_per_run * samples_per_benchmark / copy_s);
  } catch (const perfgate::Error& e) {
    std::fprintf(stderr, "store_copy: %s\n", e.what());
    std::filesystem::remove_all(dir);
    return e.exit_code();
  }
  std::filesystem::remove_all(dir);
  return 0;
}
