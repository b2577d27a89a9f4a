// What the dashboard's pages read from the store (server/dashboard_routes.cpp):
// every series of a project made into rows (each analysed by SeriesAnalyser,
// server/series_analysis.hpp), kept until the project has a new run.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dashboard/series_row.hpp"
#include "server/series_analysis.hpp"
#include "store/store.hpp"

namespace perfgate::server {

// The project and regressions pages analyse each series' newest runs only, so
// that their cost grows with the number of series and not with the length of
// the history; a series page analyses every run.
inline constexpr int dashboard_analysed_runs = 200;

// The metrics a benchmark's series are shown for: its compared ones (the
// first metric when none is), the series `perfgate detect` analyses.
std::vector<MetricInfo> shown_metrics(const std::vector<MetricInfo>& declared);

struct ProjectRows {
  std::int64_t newest = 0;  // the store id of the project's newest run (0: none)
  std::string newest_run;   // its run id
  std::string newest_started;
  std::vector<dashboard::SeriesRow> rows;  // by benchmark, then metric
};

// Every series of `project`, each analysed over its newest
// dashboard_analysed_runs runs, read in one pass (Store::project_series).
ProjectRows project_rows(Store& store, const std::string& project);

// Project rows by project, made again only when the project has a newer run
// than when they were made: a repeated visit costs one small query. One per
// server (a cache must not outlive its store); safe from several threads.
class ProjectRowsCache {
 public:
  std::shared_ptr<const ProjectRows> get(Store& store, const std::string& project);

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const ProjectRows>> rows_;
};

}  // namespace perfgate::server
