// A benchmark's history: the stored series of one benchmark x metric, each
// run summarised, in commit order, with the change from one point to the
// next (docs/formats.md, "History"). Pure: the store's points and the
// repository's commit order come in, so that the CLI, the server and tests
// run the same code.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/metric.hpp"
#include "model/series.hpp"

namespace perfgate {

// The commits of a branch as `git rev-list --topo-order` lists them (newest
// first), and the revision that was listed ("main", "HEAD").
struct CommitOrder {
  std::string rev;
  std::vector<std::string> commits;
};

// How the points were put in order. `git`: by the position of their commits
// in CommitOrder (oldest first), several runs of one commit by time. `time`:
// by started_at, then store id (no repository, or it knows none of the
// commits). `mixed`: git order for the runs whose commit the repository
// knows, with the others placed among them by time.
enum class HistoryOrder { git, time, mixed };
std::string_view to_string(HistoryOrder o);

struct HistoryPoint {
  SeriesPoint run;  // as the store returned it
  // What the point shows: the median of the run's successful samples, or,
  // for a source that gave only summary statistics, its median when it gave
  // one, else its mean. Absent for a gap.
  std::optional<double> value;
  int n = 0;                  // samples behind value (a summary: the count it summarised)
  bool summary_only = false;  // value comes from the source's summary, not from samples
  std::optional<double> mean, stddev, mad, min, max;  // mad: unscaled, samples only
  // value / the previous point's value - 1, the previous point being the
  // nearest earlier one with a value; absent for the first and for gaps.
  std::optional<double> change;
  // Why there is no value: "skipped: ...", "all 3 repetitions failed",
  // "unit ms, not ns"; empty when there is one.
  std::string gap;
};

struct History {
  std::string benchmark;
  MetricInfo metric;  // the unit every value is in
  HistoryOrder order = HistoryOrder::time;
  // One line on how the order was found: "git rev-list --topo-order main",
  // "time: not in a git repository", ...
  std::string order_detail;
  SeriesQuery query;                 // the filters used (last: as asked, 0 = all)
  std::vector<HistoryPoint> points;  // oldest first, at most query.last
};

// Orders `points` (as Store::series returns them: by time), keeps the last
// `query.last` (0: all), and summarises each. `git` is the commit order of
// the working folder's repository, nullopt without one; `no_git_reason` says
// why for order_detail ("not in a git repository").
History build_history(const MetricInfo& metric, const SeriesQuery& query,
                      std::vector<SeriesPoint> points, const std::optional<CommitOrder>& git,
                      const std::string& no_git_reason);

}  // namespace perfgate
