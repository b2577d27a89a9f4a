// How fast the dashboard's pages are with 1,000 series x 1,000 runs (docs/
// dashboard.md). `fill` saves RUNS runs of SERIES benchmarks (5 samples each;
// every tenth benchmark 20 % slower from run 900 on, so that some series have
// a regression at the head) into project "bench" of a store. `time` runs each
// page's route as `perfgate serve` does (server/dashboard_routes: store
// reads, analysis, HTML), in-process without HTTP, and prints how long each
// took and how big it is. Run by hand, never from ctest:
//
//   dashboard_speed fill sqlite:/tmp/dash.db [SERIES] [RUNS]
//   dashboard_speed time sqlite:/tmp/dash.db
//
// bench/dashboard_load.py then opens the same pages in headless Chromium.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "server/dashboard_routes.hpp"
#include "server/http.hpp"
#include "server/routes.hpp"
#include "server/store_pool.hpp"
#include "store/store.hpp"

namespace {

using perfgate::BenchmarkResult;
using perfgate::Direction;
using perfgate::Repetition;
using perfgate::Run;

constexpr int samples_per_benchmark = 5;

Run make_run(int i, int series) {
  Run run;
  char id[64], started[64], commit[64];
  // One run a minute from 2026-01-01, so time order is run order.
  std::snprintf(started, sizeof started, "2026-01-%02dT%02d:%02d:00.000Z", 1 + i / 1440,
                i / 60 % 24, i % 60);
  std::snprintf(commit, sizeof commit, "%040x", 0x1000000 + i);
  std::snprintf(id, sizeof id, "20260101T%06d.000Z-%.7s", i, commit);
  run.id = id;
  run.started_at = started;
  run.finished_at = started;
  run.suite_name = "dashboard-speed";
  run.source = "perfgate run";
  run.environment.git.commit = commit;
  run.environment.git.branch = "main";
  run.environment.host_id = "9f86d081884c7d65";
  for (int b = 0; b < series; ++b) {
    BenchmarkResult bench;
    char name[64];
    std::snprintf(name, sizeof name, "suite/benchmark_%04d", b);
    bench.name = name;
    bench.metrics = {{"wall_time", "ns", Direction::lower_is_better, true}};
    const double level = 1e6 * (1 + b % 7) * (b % 10 == 0 && i >= 900 ? 1.2 : 1.0);
    for (int r = 0; r < samples_per_benchmark; ++r) {
      Repetition rep;
      rep.index = r;
      rep.exit_status = 0;
      // A deterministic wiggle of about 1 %, different per run and sample.
      const double noise = 0.01 * (((i * 7919 + r * 104729 + b * 31) % 201) - 100) / 100.0;
      rep.values = {{"wall_time", level * (1 + noise)}};
      bench.repetitions.push_back(rep);
    }
    run.benchmarks.push_back(std::move(bench));
  }
  return run;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

constexpr const char* project = "bench";

int fill(const std::string& url, int series, int runs) {
  auto store = perfgate::open_store(url);
  if (!store->find_project(project)) {
    perfgate::Project p;
    p.name = project;
    store->create_project(p);
  }
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < runs; ++i) {
    store->save(make_run(i, series), project);
    if ((i + 1) % 100 == 0)
      std::fprintf(stderr, "  %d runs saved (%.0f s)\n", i + 1, seconds_since(t0));
  }
  std::printf("fill: %d runs of %d benchmarks x %d samples into %s in %.1f s\n", runs, series,
              samples_per_benchmark, store->describe().c_str(), seconds_since(t0));
  return 0;
}

// One GET through the dashboard's routes; prints its time and size.
void time_page(const perfgate::server::Routes& routes, const std::string& label,
               const std::string& path,
               const std::vector<std::pair<std::string, std::string>>& query) {
  perfgate::server::HttpRequest r;
  r.method = "GET";
  r.path = path;
  for (const auto& [k, v] : query) r.query.emplace(k, v);
  const auto t0 = std::chrono::steady_clock::now();
  const perfgate::server::HttpResponse response = routes.dispatch(r);
  const double ms = 1000 * seconds_since(t0);
  std::printf("%-44s %6.0f ms  %5d  %8.1f kB\n", label.c_str(), ms, response.status,
              response.body.size() / 1000.0);
}

int time_pages(const std::string& url) {
  perfgate::server::StorePool stores(url);
  perfgate::server::Routes routes;
  perfgate::server::add_dashboard_routes(routes, stores);
  const std::string p = std::string("/p/") + project;
  std::printf("%-44s %9s  %5s  %11s\n", "page (server side: store, analysis, HTML)", "time",
              "status", "size");
  time_page(routes, "/ (projects)", "/", {});
  time_page(routes, p + " (first visit: every series analysed)", p, {});
  time_page(routes, p + " (again: no new run, rows cached)", p, {});
  time_page(routes, p + "/regressions (rows cached)", p + "/regressions", {});
  time_page(routes, p + "/series (a series of every run)", p + "/series",
            {{"benchmark", "suite/benchmark_0010"}, {"metric", "wall_time"}});
  time_page(routes, p + "/compare (latest~1 vs latest)", p + "/compare",
            {{"base", "latest~1"}, {"contender", "latest"}});
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (argc < 3 || (mode != "fill" && mode != "time")) {
    std::fprintf(stderr, "usage: %s fill STORE_URL [SERIES] [RUNS]\n       %s time STORE_URL\n",
                 argv[0], argv[0]);
    return 2;
  }
  try {
    if (mode == "fill")
      return fill(argv[2], argc > 3 ? std::stoi(argv[3]) : 1000,
                  argc > 4 ? std::stoi(argv[4]) : 1000);
    return time_pages(argv[2]);
  } catch (const perfgate::Error& e) {
    std::fprintf(stderr, "dashboard_speed: %s\n", e.what());
    return e.exit_code();
  }
}
