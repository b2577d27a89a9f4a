#include "analyze/history.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <utility>

#include "stats/outliers.hpp"
#include "stats/summary.hpp"

namespace perfgate {
namespace {

// Whether `a` was started before `b` (the store's own order).
bool earlier(const SeriesPoint& a, const SeriesPoint& b) {
  if (a.started_at != b.started_at) return a.started_at < b.started_at;
  return a.store_id < b.store_id;
}

// Puts `points` (in time order) in commit order; returns how many runs have
// a commit `git` does not list.
std::size_t order_points(std::vector<SeriesPoint>& points, const CommitOrder& git) {
  std::unordered_map<std::string, std::size_t> age;  // 0 = the oldest commit
  age.reserve(git.commits.size());
  for (std::size_t i = 0; i < git.commits.size(); ++i)
    age.emplace(git.commits[i], git.commits.size() - 1 - i);
  std::vector<SeriesPoint> known, unknown;
  for (auto& p : points) {
    (!p.git_commit.empty() && age.count(p.git_commit) ? known : unknown).push_back(std::move(p));
  }
  // Stable: several runs of one commit stay in time order.
  std::stable_sort(known.begin(), known.end(), [&](const SeriesPoint& a, const SeriesPoint& b) {
    return age.at(a.git_commit) < age.at(b.git_commit);
  });
  // Runs of unknown commits go among the known ones by time: before the
  // first known run started after them.
  points.clear();
  std::size_t k = 0, u = 0;
  while (k < known.size() || u < unknown.size()) {
    const bool take_unknown =
        u < unknown.size() && (k == known.size() || earlier(unknown[u], known[k]));
    points.push_back(std::move(take_unknown ? unknown[u++] : known[k++]));
  }
  return unknown.size();
}

HistoryPoint summarise(SeriesPoint run, const MetricInfo& metric) {
  HistoryPoint p;
  p.run = std::move(run);
  const SeriesPoint& r = p.run;
  if (!r.skipped.empty()) {
    p.gap = "skipped: " + r.skipped;
  } else if (r.unit != metric.unit) {
    p.gap = "unit " + r.unit + ", not " + metric.unit;
  } else if (!r.samples.empty() && !std::all_of(r.samples.begin(), r.samples.end(),
                                                [](double x) { return std::isfinite(x); })) {
    // Google Benchmark writes a counter over no time as Infinity: no number
    // to chart or to find a change point in.
    p.gap = "a sample is not a finite number";
  } else if (!r.samples.empty()) {
    p.n = static_cast<int>(r.samples.size());
    p.value = stats::median(r.samples);
    p.mean = stats::mean(r.samples);
    p.stddev = stats::stddev(r.samples);
    p.mad = stats::mad(r.samples);
    p.min = *std::min_element(r.samples.begin(), r.samples.end());
    p.max = *std::max_element(r.samples.begin(), r.samples.end());
  } else if (r.summary) {
    p.summary_only = true;
    p.n = r.summary->n;
    p.value = r.summary->median ? *r.summary->median : r.summary->mean;
    p.mean = r.summary->mean;
    p.stddev = r.summary->stddev;
    p.min = r.summary->min;
    p.max = r.summary->max;
  } else if (r.failed > 0) {
    p.gap = "all " + std::to_string(r.failed) + " repetitions failed";
  } else {
    p.gap = "no samples";
  }
  return p;
}

}  // namespace

std::string_view to_string(HistoryOrder o) {
  switch (o) {
    case HistoryOrder::git:
      return "git";
    case HistoryOrder::time:
      return "time";
    case HistoryOrder::mixed:
      return "git+time";
  }
  return "time";
}

History build_history(const MetricInfo& metric, const SeriesQuery& query,
                      std::vector<SeriesPoint> points, const std::optional<CommitOrder>& git,
                      const std::string& no_git_reason) {
  History h;
  h.benchmark = query.benchmark;
  h.metric = metric;
  h.query = query;
  std::stable_sort(points.begin(), points.end(), earlier);  // whatever the backend did
  if (git) {
    const std::size_t unknown = order_points(points, *git);
    h.order = unknown == 0               ? HistoryOrder::git
              : unknown == points.size() ? HistoryOrder::time
                                         : HistoryOrder::mixed;
    const std::string listed = "git rev-list --topo-order " + git->rev;
    switch (h.order) {
      case HistoryOrder::git:
        h.order_detail = listed;
        break;
      case HistoryOrder::mixed:
        h.order_detail = listed + "; " + std::to_string(unknown) + " of " +
                         std::to_string(points.size()) +
                         " runs have a commit it does not list, placed by time";
        break;
      case HistoryOrder::time:
        h.order_detail = "started_at: " + listed + " lists none of the runs' commits";
        break;
    }
  } else {
    h.order = HistoryOrder::time;
    h.order_detail = "started_at: " + no_git_reason;
  }
  if (query.last > 0 && points.size() > static_cast<std::size_t>(query.last))
    points.erase(points.begin(), points.end() - query.last);

  std::optional<double> previous;
  for (auto& run : points) {
    HistoryPoint p = summarise(std::move(run), metric);
    if (p.value) {
      if (previous && *previous != 0) p.change = *p.value / *previous - 1;
      previous = p.value;
    }
    h.points.push_back(std::move(p));
  }
  return h;
}

}  // namespace perfgate
