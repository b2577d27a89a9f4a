#include "server/series_analysis.hpp"

#include <optional>
#include <utility>

#include "analyze/history.hpp"

namespace perfgate::server {

SeriesChanges SeriesAnalyser::operator()(const SeriesQuery& query, const MetricInfo& metric) {
  return (*this)(query, metric, store_.series(query));
}

SeriesChanges SeriesAnalyser::operator()(const SeriesQuery& query, const MetricInfo& metric,
                                         std::vector<SeriesPoint> points) {
  const RelativeLimits limits = limits_.of_newest(points, query.benchmark, metric.direction);
  return find_series_changes(
      build_history(metric, query, std::move(points), std::nullopt, no_repository), options_,
      limits);
}

}  // namespace perfgate::server
