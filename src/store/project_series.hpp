// Store::project_series, written once for both backends: each backend runs a
// few plain queries and feeds the rows to this builder, which keeps each
// series' newest points and assembles them as Store::series would return
// them. Why not one SQL statement with a window function: ranking a million
// metric rows took SQLite 1.5 s; this walk reads 1,000 series x 200 points
// with their samples in 0.27 s (docs/ARCHITECTURE.md, "Reading a whole
// project").
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/series.hpp"

namespace perfgate::store_detail {

class ProjectSeriesBuilder {
 public:
  // Keeps each series' newest `last` points (0: all).
  explicit ProjectSeriesBuilder(int last) : last_(last) {}

  // 1. The project's series, from the catalogue (schema version 3).
  void expect(std::string_view benchmark, std::string_view metric);

  // 2. The project's runs, newest first (started_at, then store id,
  // descending), one at a time, until walked_enough() (asked before each
  // run) says the rest may be left: every series has its newest `last`
  // points, or the walk went 2 x `last` runs deep and at most a tenth of the
  // series still lack points (a benchmark that is run rarely, new or
  // retired), which read_incomplete then reads whole.
  bool walked_enough();
  // A run, then the metrics its benchmarks declare: each is a point of its
  // series while the series has fewer than `last`.
  void run(std::int64_t id, std::string run_id, std::string started_at, std::string git_commit,
           std::string git_branch, std::string host_id);
  void metric(std::string_view benchmark, std::string_view name, std::string_view unit,
              std::string_view direction);
  // Whether the run made a point, so that its samples and failures are
  // wanted; then those (samples in repetition order; others are ignored).
  bool run_has_points();
  void sample(std::string_view benchmark, std::string_view metric, double value);
  void failures(std::string_view benchmark, int count);
  // Whether a point of the run has no sample (every repetition failed, the
  // benchmark was skipped, or the source gave a summary only), so that its
  // document is wanted to say why; then what it says.
  bool run_has_gaps() const;
  void skipped(std::string_view benchmark, const std::string& reason);
  void summary(std::string_view benchmark, std::string_view metric, const SampleSummary& summary);

  // 3. When the walk stopped early, the series it left with fewer than
  // `last` points, each read whole by `read` (Store::series of `project`).
  void read_incomplete(const std::string& project,
                       const std::function<std::vector<SeriesPoint>(const SeriesQuery&)>& read);

  // The series that have points, by benchmark then metric, each oldest
  // point first.
  std::vector<NamedSeries> take();

 private:
  using Key = std::pair<std::string, std::string>;  // benchmark, metric
  using Names = std::pair<std::string_view, std::string_view>;
  struct RunRow {
    std::int64_t id = 0;
    std::string run_id, started_at, git_commit, git_branch, host_id;
  };
  // A point of the current run: its series' names (views of strings that do
  // not move: series_ is a map), its series and its index there (points move
  // while the series grows).
  struct Kept {
    std::string_view benchmark, metric;
    NamedSeries* series = nullptr;
    std::size_t index = 0;
    SeriesPoint& point() const { return series->points[index]; }
  };
  using KeptRange = std::pair<std::vector<Kept>::iterator, std::vector<Kept>::iterator>;
  static Names names(const Key& k) { return {k.first, k.second}; }
  static Names names(const Kept& k) { return {k.benchmark, k.metric}; }
  static Names names(const Names& n) { return n; }
  // Series keys and kept points by benchmark, then metric, compared without
  // copying the names; and kept points by benchmark alone.
  struct ByNames {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      return names(a) < names(b);
    }
  };
  struct BenchmarkLess {
    bool operator()(const Kept& a, std::string_view b) const { return a.benchmark < b; }
    bool operator()(std::string_view a, const Kept& b) const { return a < b.benchmark; }
  };
  // The current run's points of `benchmark` (of one metric, when given).
  KeptRange kept(std::string_view benchmark);
  KeptRange kept(std::string_view benchmark, std::string_view metric);

  NamedSeries& series(std::string_view benchmark, std::string_view metric);

  int last_;
  std::map<Key, NamedSeries, ByNames> series_;
  std::size_t full_ = 0;  // series with `last` points
  std::size_t runs_walked_ = 0;
  bool stopped_early_ = false;  // walked_enough() said so while runs were left
  RunRow run_;                  // the current run
  std::vector<Kept> kept_;      // its points, by names once run_has_points() sorted them
};

}  // namespace perfgate::store_detail
