// How fast the dashboard's pages are with 1,000 series x 1,000 runs (docs/
// dashboard.md). `fill` saves RUNS runs of SERIES benchmarks (5 samples each;
// every tenth benchmark 20 % slower from run 900 on, so that some series have
// a regression at the head) into project "bench" of a store. `time` runs each
// page's route as `perfgate serve` does (server/dashboard_routes: store
// reads, analysis, HTML), in-process without HTTP, 5 times, and prints the
// median, least and greatest time and the page's size; then times the project
// page's store reads both ways, interleaved: one walk over the project
// (Store::project_series) against a query a series. Run by hand, never from
// ctest:
//
//   dashboard_speed fill sqlite:/tmp/dash.db [SERIES] [RUNS]
//   dashboard_speed time sqlite:/tmp/dash.db
//
// bench/dashboard_load.py then opens the same pages in headless Chromium.
#include <algorithm>
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

constexpr int repeats = 5;

// The median, least and greatest of `ms`.
std::string spread(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  char out[96];
  std::snprintf(out, sizeof out, "%6.0f ms  %6.0f  %6.0f", ms[ms.size() / 2], ms.front(),
                ms.back());
  return out;
}

perfgate::server::HttpRequest get(const std::string& path,
                                  const std::vector<std::pair<std::string, std::string>>& query) {
  perfgate::server::HttpRequest r;
  r.method = "GET";
  r.path = path;
  for (const auto& [k, v] : query) r.query.emplace(k, v);
  return r;
}

// A page asked `repeats` times; with `fresh`, each time of a new dashboard
// (its rows cache empty: a first visit after a push). Prints the median,
// least and greatest time and the page's size.
void time_page(perfgate::server::StorePool& stores, const std::string& label,
               const std::string& path,
               const std::vector<std::pair<std::string, std::string>>& query, bool fresh) {
  perfgate::server::Routes warm;
  perfgate::server::add_dashboard_routes(warm, stores);
  perfgate::server::HttpRequest request = get(path, query);
  if (!fresh) warm.dispatch(request);
  std::vector<double> ms;
  perfgate::server::HttpResponse response;
  for (int i = 0; i < repeats; ++i) {
    perfgate::server::Routes cold;
    if (fresh) perfgate::server::add_dashboard_routes(cold, stores);
    const auto t0 = std::chrono::steady_clock::now();
    response = (fresh ? cold : warm).dispatch(request);
    ms.push_back(1000 * seconds_since(t0));
  }
  std::printf("%-44s %s  %5d  %8.1f kB\n", label.c_str(), spread(ms).c_str(), response.status,
              response.body.size() / 1000.0);
}

// What the project page reads, both ways, interleaved: one walk over the
// project (Store::project_series) against a query a series (Store::series,
// as the page read before), each series' newest 200 runs.
void time_reads(perfgate::Store& store) {
  std::vector<double> walk, per_series;
  std::size_t points_walk = 0, points_each = 0;
  for (int i = 0; i < repeats; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    const std::vector<perfgate::NamedSeries> all = store.project_series(project, 200);
    walk.push_back(1000 * seconds_since(t0));
    points_walk = 0;
    for (const auto& s : all) points_walk += s.points.size();
    t0 = std::chrono::steady_clock::now();
    points_each = 0;
    for (const perfgate::NamedSeries& s : all) {
      perfgate::SeriesQuery q;
      q.benchmark = s.benchmark;
      q.metric = s.metric;
      q.project = project;
      q.last = 200;
      points_each += store.series(q).size();
    }
    per_series.push_back(1000 * seconds_since(t0));
  }
  std::sort(walk.begin(), walk.end());
  std::sort(per_series.begin(), per_series.end());
  std::printf("\nstore reads for the project page (each series' newest 200 runs), interleaved\n");
  std::printf("%-44s %s  %zu points\n", "one walk (Store::project_series)", spread(walk).c_str(),
              points_walk);
  std::printf("%-44s %s  %zu points\n", "a query a series (Store::series)",
              spread(per_series).c_str(), points_each);
  std::printf("a query a series / one walk: %.1fx (medians of n=%d)\n",
              per_series[per_series.size() / 2] / walk[walk.size() / 2], repeats);
}

int time_pages(const std::string& url) {
  perfgate::server::StorePool stores(url);
  const std::string p = std::string("/p/") + project;
  std::printf(
      "page (server side: store, analysis, HTML; n=%d each)  median   least greatest  "
      "status  size\n",
      repeats);
  time_page(stores, "/ (projects)", "/", {}, false);
  time_page(stores, p + " (first visit: every series analysed)", p, {}, true);
  time_page(stores, p + " (again: no new run, rows cached)", p, {}, false);
  time_page(stores, p + "/regressions (rows cached)", p + "/regressions", {}, false);
  time_page(stores, p + "/series (a series of every run)", p + "/series",
            {{"benchmark", "suite/benchmark_0010"}, {"metric", "wall_time"}}, false);
  time_page(stores, p + "/compare (latest~1 vs latest)", p + "/compare",
            {{"base", "latest~1"}, {"contender", "latest"}}, false);
  auto store = perfgate::open_store(url, false);
  time_reads(*store);
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
