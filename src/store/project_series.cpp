#include "store/project_series.hpp"

#include <algorithm>

#include "model/metric.hpp"

namespace perfgate::store_detail {

void ProjectSeriesBuilder::run(std::int64_t id, std::string run_id, std::string started_at,
                               std::string git_commit, std::string git_branch,
                               std::string host_id) {
  runs_.push_back({id, std::move(run_id), std::move(started_at), std::move(git_commit),
                   std::move(git_branch), std::move(host_id)});
}

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

void ProjectSeriesBuilder::metric(std::string_view benchmark, std::string_view name,
                                  std::string_view unit, std::string_view direction) {
  if (runs_.empty()) return;
  const RunRow& run = runs_.back();
  NamedSeries& s = series(benchmark, name);
  const std::size_t last = static_cast<std::size_t>(last_);
  if (last_ > 0 && s.points.size() >= last) return;
  SeriesPoint p;
  p.store_id = run.id;
  p.run_id = run.run_id;
  p.started_at = run.started_at;
  p.git_commit = run.git_commit;
  p.git_branch = run.git_branch;
  p.host_id = run.host_id;
  p.unit = unit;
  p.direction = parse_direction(direction).value_or(Direction::lower_is_better);
  s.points.push_back(std::move(p));
  if (s.points.size() == last) ++full_;
  kept_[run.id].push_back({s.benchmark, s.metric, &s, s.points.size() - 1});
}

bool ProjectSeriesBuilder::walked_enough() {
  if (last_ <= 0) return false;
  stopped_early_ =
      full_ == series_.size() || (runs_.size() >= 2 * static_cast<std::size_t>(last_) &&
                                  (series_.size() - full_) * 10 <= series_.size());
  return stopped_early_;
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

ProjectSeriesBuilder::KeptRange ProjectSeriesBuilder::kept(std::int64_t run,
                                                           std::string_view benchmark,
                                                           std::optional<std::string_view> metric) {
  auto r = kept_.find(run);
  if (r == kept_.end()) return {};
  std::vector<Kept>& points = r->second;
  if (!metric) {
    return std::equal_range(points.begin(), points.end(), benchmark, BenchmarkLess{});
  }
  return std::equal_range(points.begin(), points.end(), std::pair(benchmark, *metric), ByNames{});
}

std::vector<std::int64_t> ProjectSeriesBuilder::runs_with_points() {
  std::vector<std::int64_t> out;
  for (auto& [run, points] : kept_) {
    if (!sorted_) std::sort(points.begin(), points.end(), ByNames{});
    out.push_back(run);
  }
  sorted_ = true;
  std::sort(out.begin(), out.end());
  return out;
}

void ProjectSeriesBuilder::sample(std::int64_t run, std::string_view benchmark,
                                  std::string_view metric, double value) {
  // Samples come by benchmark, metric and repetition: a few in a row are of
  // one point.
  if (last_sample_ && last_sample_->benchmark == benchmark && last_sample_->metric == metric &&
      last_sample_run_ == run) {
    last_sample_->point().samples.push_back(value);
    return;
  }
  const KeptRange k = kept(run, benchmark, metric);
  last_sample_ = k.first == k.second ? nullptr : &*k.first;
  last_sample_run_ = run;
  if (last_sample_) last_sample_->point().samples.push_back(value);
}

void ProjectSeriesBuilder::failures(std::int64_t run, std::string_view benchmark, int count) {
  const KeptRange k = kept(run, benchmark);
  for (auto it = k.first; it != k.second; ++it) it->point().failed = count;
}

std::vector<std::int64_t> ProjectSeriesBuilder::runs_with_gaps() const {
  std::vector<std::int64_t> out;
  for (const auto& [run, points] : kept_)
    if (std::any_of(points.begin(), points.end(),
                    [](const Kept& k) { return k.point().samples.empty(); }))
      out.push_back(run);
  std::sort(out.begin(), out.end());
  return out;
}

void ProjectSeriesBuilder::skipped(std::int64_t run, std::string_view benchmark,
                                   std::string reason) {
  const KeptRange k = kept(run, benchmark);
  for (auto it = k.first; it != k.second; ++it)
    if (it->point().samples.empty()) it->point().skipped = reason;
}

void ProjectSeriesBuilder::summary(std::int64_t run, std::string_view benchmark,
                                   std::string_view metric, const SampleSummary& summary) {
  const KeptRange k = kept(run, benchmark, metric);
  for (auto it = k.first; it != k.second; ++it)
    if (it->point().samples.empty()) it->point().summary = summary;
}

std::vector<NamedSeries> ProjectSeriesBuilder::take() {
  std::vector<NamedSeries> out;
  out.reserve(series_.size());
  for (auto& [key, s] : series_) {
    if (s.points.empty()) continue;  // in the catalogue, but its runs are gone
    std::reverse(s.points.begin(), s.points.end());
    out.push_back(std::move(s));
  }
  kept_.clear();
  last_sample_ = nullptr;
  series_.clear();
  runs_.clear();
  return out;
}

}  // namespace perfgate::store_detail
