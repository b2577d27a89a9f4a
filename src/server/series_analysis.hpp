// How the server reads and analyses a series, for the API and the dashboard
// alike: as `perfgate detect` does, but in time order, since a server has no
// repository to order commits by.
#pragma once

#include <vector>

#include "analyze/series_changes.hpp"
#include "model/series.hpp"
#include "stats/changepoint_detect.hpp"
#include "store/run_limits.hpp"
#include "store/store.hpp"

namespace perfgate::server {

// Why a server's history is in time order (History::order_detail).
inline constexpr const char* no_repository = "the server has no repository";
// The same, as the dashboard's footers say it.
inline constexpr const char* series_order = "time order (the server has no repository)";

// Analyses series as `perfgate detect` does: time order, `options`' detector,
// the relative limits the series' newest run was judged with (each run
// loaded once per analyser: in a project most series share it).
class SeriesAnalyser {
 public:
  explicit SeriesAnalyser(Store& store, stats::DetectOptions options = {})
      : store_(store), limits_(store), options_(options) {}
  // The series `query` reads.
  SeriesChanges operator()(const SeriesQuery& query, const MetricInfo& metric);
  // Its `points`, read already (Store::project_series).
  SeriesChanges operator()(const SeriesQuery& query, const MetricInfo& metric,
                           std::vector<SeriesPoint> points);

 private:
  Store& store_;
  RunLimits limits_;
  stats::DetectOptions options_;
};

}  // namespace perfgate::server
