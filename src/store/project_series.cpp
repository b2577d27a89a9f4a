#include "store/project_series.hpp"

#include <algorithm>

#include "model/metric.hpp"

namespace perfgate::store_detail {

NamedSeries& ProjectSeriesBuilder::series(std::string_view benchmark, std::string_view metric) {
  auto it = series_.find(std::pair(benchmark, metric));
  if (it == series_.end())
    it = series_
             .emplace(Key(benchmark, metric),
                      NamedSeries{std::string(benchmark), std::string(metric), {}})
             .first;
  return it->second;
}

void ProjectSeriesBuilder::expect(std::string_view benchmark, std::string_view metric) {
  series(benchmark, metric);
}

bool ProjectSeriesBuilder::walked_enough() {
  if (last_ <= 0) return false;
  stopped_early_ =
      full_ == series_.size() || (runs_walked_ >= 2 * static_cast<std::size_t>(last_) &&
                                  (series_.size() - full_) * 10 <= series_.size());
  return stopped_early_;
}

void ProjectSeriesBuilder::run(std::int64_t id, std::string run_id, std::string started_at,
                               std::string git_commit, std::string git_branch,
                               std::string host_id) {
  run_ = {id,
          std::move(run_id),
          std::move(started_at),
          std::move(git_commit),
          std::move(git_branch),
          std::move(host_id)};
  kept_.clear();
  ++runs_walked_;
}

void ProjectSeriesBuilder::metric(std::string_view benchmark, std::string_view name,
                                  std::string_view unit, std::string_view direction) {
  if (runs_walked_ == 0) return;
  NamedSeries& s = series(benchmark, name);
  const std::size_t last = static_cast<std::size_t>(last_);
  if (last_ > 0 && s.points.size() >= last) return;
  SeriesPoint p;
  p.store_id = run_.id;
  p.run_id = run_.run_id;
  p.started_at = run_.started_at;
  p.git_commit = run_.git_commit;
  p.git_branch = run_.git_branch;
  p.host_id = run_.host_id;
  p.unit = unit;
  p.direction = parse_direction(direction).value_or(Direction::lower_is_better);
  s.points.push_back(std::move(p));
  if (s.points.size() == last) ++full_;
  kept_.push_back({s.benchmark, s.metric, &s, s.points.size() - 1});
}

bool ProjectSeriesBuilder::run_has_points() {
  std::sort(kept_.begin(), kept_.end(), ByNames{});
  return !kept_.empty();
}

ProjectSeriesBuilder::KeptRange ProjectSeriesBuilder::kept(std::string_view benchmark) {
  return std::equal_range(kept_.begin(), kept_.end(), benchmark, BenchmarkLess{});
}

ProjectSeriesBuilder::KeptRange ProjectSeriesBuilder::kept(std::string_view benchmark,
                                                           std::string_view metric) {
  return std::equal_range(kept_.begin(), kept_.end(), Names(benchmark, metric), ByNames{});
}

void ProjectSeriesBuilder::sample(std::string_view benchmark, std::string_view metric,
                                  double value) {
  const KeptRange k = kept(benchmark, metric);
  if (k.first != k.second) k.first->point().samples.push_back(value);
}

void ProjectSeriesBuilder::failures(std::string_view benchmark, int count) {
  const KeptRange k = kept(benchmark);
  for (auto it = k.first; it != k.second; ++it) it->point().failed = count;
}

bool ProjectSeriesBuilder::run_has_gaps() const {
  return std::any_of(kept_.begin(), kept_.end(),
                     [](const Kept& k) { return k.point().samples.empty(); });
}

void ProjectSeriesBuilder::skipped(std::string_view benchmark, const std::string& reason) {
  const KeptRange k = kept(benchmark);
  for (auto it = k.first; it != k.second; ++it)
    if (it->point().samples.empty()) it->point().skipped = reason;
}

void ProjectSeriesBuilder::summary(std::string_view benchmark, std::string_view metric,
                                   const SampleSummary& summary) {
  const KeptRange k = kept(benchmark, metric);
  for (auto it = k.first; it != k.second; ++it)
    if (it->point().samples.empty()) it->point().summary = summary;
}

void ProjectSeriesBuilder::read_incomplete(
    const std::string& project,
    const std::function<std::vector<SeriesPoint>(const SeriesQuery&)>& read) {
  if (!stopped_early_) return;
  for (auto& [key, s] : series_) {
    if (s.points.size() >= static_cast<std::size_t>(last_)) continue;
    SeriesQuery q;
    q.benchmark = s.benchmark;
    q.metric = s.metric;
    q.project = project;
    q.last = last_;
    s.points = read(q);
    std::reverse(s.points.begin(), s.points.end());  // newest first, as the walk keeps them
  }
}

std::vector<NamedSeries> ProjectSeriesBuilder::take() {
  kept_.clear();
  std::vector<NamedSeries> out;
  out.reserve(series_.size());
  for (auto& [key, s] : series_) {
    if (s.points.empty()) continue;  // in the catalogue, but its runs are gone
    std::reverse(s.points.begin(), s.points.end());
    out.push_back(std::move(s));
  }
  series_.clear();
  return out;
}

}  // namespace perfgate::store_detail
