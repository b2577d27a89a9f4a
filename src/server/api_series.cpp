// A project's benchmarks, one benchmark x metric's series (the JSON of
// `perfgate history --format json`) and change points (the JSON of
// `perfgate detect --format json`). The server has no repository, so series
// are in time order (started_at, then store id), never commit order.
#include <algorithm>
#include <map>
#include <sstream>

#include "analyze/history.hpp"
#include "analyze/series_changes.hpp"
#include "report/changepoints.hpp"
#include "report/history.hpp"
#include "server/access.hpp"
#include "server/api.hpp"
#include "server/api_json.hpp"
#include "server/series_analysis.hpp"
#include "stats/changepoint_detect.hpp"

namespace perfgate::server {
namespace {

std::string names_of(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < 20; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > 20) out += ", ... (" + std::to_string(names.size() - 20) + " more)";
  return out;
}

void require_benchmark(Store& store, const Project& project, const std::string& benchmark) {
  const std::vector<std::string> names = store.benchmark_names(project.name);
  if (std::find(names.begin(), names.end(), benchmark) != names.end()) return;
  throw HttpError(
      404, "no benchmark \"" + benchmark + "\" in project " + project.name + " (" +
               (names.empty() ? std::string("it has no runs yet") : "it has: " + names_of(names)) +
               ")");
}

// The metric asked for, else the benchmark's first compared one (as
// `perfgate history` picks it).
MetricInfo pick_metric(Store& store, const Project& project, const std::string& benchmark,
                       const std::optional<std::string>& asked) {
  const std::vector<MetricInfo> metrics = store.benchmark_metrics(benchmark, project.name);
  if (metrics.empty())
    throw HttpError(404,
                    "benchmark \"" + benchmark + "\" has no metrics in project " + project.name);
  if (!asked || asked->empty()) {
    auto compared = std::find_if(metrics.begin(), metrics.end(),
                                 [](const MetricInfo& m) { return m.compared; });
    return compared != metrics.end() ? *compared : metrics.front();
  }
  std::vector<std::string> names;
  for (const MetricInfo& m : metrics) {
    if (m.name == *asked) return m;
    names.push_back(m.name);
  }
  throw HttpError(404, "no metric \"" + *asked + "\" for benchmark \"" + benchmark +
                           "\" in project " + project.name + " (it has: " + names_of(names) + ")");
}

SeriesQuery query_of(const HttpRequest& request, const Project& project,
                     const std::string& benchmark, const std::string& metric) {
  SeriesQuery q;
  q.project = project.name;
  q.benchmark = benchmark;
  q.metric = metric;
  q.branch = request.param("branch").value_or("");
  q.host_prefix = request.param("machine").value_or("");
  q.last = int_param(request, "last", 0, 0, 1000000);
  return q;
}

HttpResponse benchmarks(StorePool& stores, const HttpRequest& request) {
  StorePool::Lease store = stores.lease();
  const Project project = project_or_404(*store, request.path_param("project"));
  require_read(*store, project, request);
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const std::string& name : store->benchmark_names(project.name)) {
    nlohmann::ordered_json metrics = nlohmann::ordered_json::array();
    for (const MetricInfo& m : store->benchmark_metrics(name, project.name))
      metrics.push_back({{"name", m.name},
                         {"unit", m.unit},
                         {"direction", std::string(to_string(m.direction))},
                         {"compared", m.compared},
                         {"links",
                          {{"series", link({"projects", project.name, "series"}) + "?benchmark=" +
                                          url_encode(name) + "&metric=" + url_encode(m.name)}}}});
    list.push_back({{"name", name}, {"metrics", metrics}});
  }
  return json_response(200, {{"project", project.name}, {"benchmarks", list}});
}

HttpResponse series(StorePool& stores, const HttpRequest& request) {
  const std::string benchmark = required_param(request, "benchmark", "gemm_128");
  StorePool::Lease store = stores.lease();
  const Project project = project_or_404(*store, request.path_param("project"));
  require_read(*store, project, request);
  require_benchmark(*store, project, benchmark);
  const MetricInfo metric = pick_metric(*store, project, benchmark, request.param("metric"));
  const SeriesQuery query = query_of(request, project, benchmark, metric.name);
  std::vector<SeriesPoint> points = store->series(query);
  const History h = build_history(metric, query, std::move(points), std::nullopt, no_repository);
  std::ostringstream out;
  write_history_json(h, out);
  return json_text_response(200, out.str());
}

stats::DetectOptions detect_options(const HttpRequest& request) {
  stats::DetectOptions o;
  const std::string method = request.param("method").value_or("edivisive");
  const auto m = stats::parse_change_point_method(method);
  if (!m) throw HttpError(400, "method=" + method + ": use edivisive or pelt");
  o.method = *m;
  o.edivisive.include_weak = bool_param(request, "weak", false);
  return o;
}

HttpResponse change_points(StorePool& stores, const HttpRequest& request) {
  const stats::DetectOptions options = detect_options(request);
  StorePool::Lease store = stores.lease();
  const Project project = project_or_404(*store, request.path_param("project"));
  require_read(*store, project, request);
  std::vector<std::string> benchmarks = request.params("benchmark");
  if (benchmarks.empty()) benchmarks = store->benchmark_names(project.name);
  const std::optional<std::string> metric = request.param("metric");

  std::vector<SeriesChanges> all;
  SeriesAnalyser analyse(*store, options);
  for (const std::string& benchmark : benchmarks) {
    require_benchmark(*store, project, benchmark);
    std::vector<MetricInfo> metrics;
    if (metric) {
      metrics.push_back(pick_metric(*store, project, benchmark, metric));
    } else {
      for (const MetricInfo& m : store->benchmark_metrics(benchmark, project.name))
        if (m.compared) metrics.push_back(m);
      if (metrics.empty()) metrics.push_back(pick_metric(*store, project, benchmark, {}));
    }
    for (const MetricInfo& m : metrics) {
      SeriesQuery query = query_of(request, project, benchmark, m.name);
      query.last = 0;
      all.push_back(analyse(query, m));
    }
  }
  GatePolicy policy;
  policy.fail_on = FailOn::critical;  // what `perfgate detect` gates on by default
  std::ostringstream out;
  write_store_detection_json(all, options, "", policy, out);
  return json_text_response(200, out.str());
}

}  // namespace

void add_series_routes(Routes& routes, StorePool& stores) {
  routes.add("GET", "/api/v1/projects/{project}/benchmarks",
             [&stores](const HttpRequest& r) { return benchmarks(stores, r); });
  routes.add("GET", "/api/v1/projects/{project}/series",
             [&stores](const HttpRequest& r) { return series(stores, r); });
  routes.add("GET", "/api/v1/projects/{project}/change-points",
             [&stores](const HttpRequest& r) { return change_points(stores, r); });
}

}  // namespace perfgate::server
