#include "server/dashboard_rows.hpp"

#include <algorithm>

namespace perfgate::server {

std::vector<MetricInfo> shown_metrics(const std::vector<MetricInfo>& declared) {
  std::vector<MetricInfo> out;
  for (const MetricInfo& m : declared)
    if (m.compared) out.push_back(m);
  if (out.empty() && !declared.empty()) out.push_back(declared.front());
  return out;
}

ProjectRows project_rows(Store& store, const std::string& project) {
  RunFilter filter;
  filter.project = project;
  const std::vector<StoredRunSummary> newest_run = store.find(filter, 1);
  ProjectRows out;
  if (newest_run.empty()) return out;
  out.newest = newest_run.front().id;
  out.newest_run = newest_run.front().run_id;
  out.newest_started = newest_run.front().started_at;
  // The newest run says which metrics each benchmark has; only benchmarks it
  // lacks ask the store (benchmark_metrics reads a run's document per call).
  const std::optional<Run> newest = store.load(out.newest);
  std::map<std::string, const BenchmarkResult*> in_newest;
  if (newest)
    for (const BenchmarkResult& b : newest->benchmarks) in_newest.emplace(b.name, &b);
  std::vector<NamedSeries> all = store.project_series(project, dashboard_analysed_runs);
  SeriesAnalyser analyse(store);
  // `all` is by benchmark, then metric: each benchmark's series are together.
  for (auto first = all.begin(); first != all.end();) {
    const std::string benchmark = first->benchmark;
    auto end = std::find_if(first, all.end(),
                            [&](const NamedSeries& s) { return s.benchmark != benchmark; });
    auto it = in_newest.find(benchmark);
    const std::vector<MetricInfo> metrics = shown_metrics(
        it != in_newest.end() ? it->second->metrics : store.benchmark_metrics(benchmark, project));
    for (const MetricInfo& metric : metrics) {
      auto series =
          std::find_if(first, end, [&](const NamedSeries& s) { return s.metric == metric.name; });
      if (series == end) continue;
      SeriesQuery query;
      query.project = project;
      query.benchmark = benchmark;
      query.metric = metric.name;
      query.last = dashboard_analysed_runs;
      out.rows.push_back(dashboard::series_row(analyse(query, metric, std::move(series->points))));
    }
    first = end;
  }
  return out;
}

std::shared_ptr<const ProjectRows> ProjectRowsCache::get(Store& store, const std::string& project) {
  RunFilter filter;
  filter.project = project;
  const std::vector<StoredRunSummary> newest = store.find(filter, 1);
  const std::int64_t newest_id = newest.empty() ? 0 : newest.front().id;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = rows_.find(project);
    if (it != rows_.end() && it->second->newest == newest_id) return it->second;
  }
  // Made outside the lock: other projects' pages need not wait. Two requests
  // may both make the rows; the newer result is kept.
  auto made = std::make_shared<const ProjectRows>(project_rows(store, project));
  std::lock_guard<std::mutex> lock(mutex_);
  std::shared_ptr<const ProjectRows>& slot = rows_[project];
  if (!slot || slot->newest <= made->newest) slot = made;
  return made;
}

}  // namespace perfgate::server
