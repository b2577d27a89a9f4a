// Store::project_series, written once for both backends: each backend runs a
// few plain queries (the project's runs, each run's metrics, its samples, its
// failures, the documents of runs with gaps) and feeds the rows to this
// builder, which keeps each series' newest points and assembles them as
// Store::series would return them. Why not one SQL statement with a window
// function: ranking a million metric rows took SQLite 1.5 s; this walk reads
// 1,000 series x 200 points with their samples in 0.27 s (docs/ARCHITECTURE.md,
// "Reading a whole project").
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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
  // descending), each followed by the metrics its benchmarks declare, until
  // walked_enough() says the rest may be left: every series has its newest
  // `last` points, or the walk went 2 x `last` runs deep and at most a tenth
  // of the series still lack points (a benchmark that is run rarely, new or
  // retired): read_incomplete reads those whole. Asked before each run.
  void run(std::int64_t id, std::string run_id, std::string started_at, std::string git_commit,
           std::string git_branch, std::string host_id);
  void metric(std::string_view benchmark, std::string_view name, std::string_view unit,
              std::string_view direction);
  bool walked_enough();

  // 3. The runs holding a kept point (their store ids, ascending), whose
  // samples and failures are wanted.
  std::vector<std::int64_t> runs_with_points();
  // A sample of a kept point, in repetition order (others are ignored).
  void sample(std::int64_t run, std::string_view benchmark, std::string_view metric, double value);
  // How many repetitions of `benchmark` failed in `run`.
  void failures(std::int64_t run, std::string_view benchmark, int count);

  // 4. The runs with a kept point that has no sample (every repetition
  // failed, the benchmark was skipped, or the source gave a summary only),
  // whose documents say why; and what they say.
  std::vector<std::int64_t> runs_with_gaps() const;
  void skipped(std::int64_t run, std::string_view benchmark, std::string reason);
  void summary(std::int64_t run, std::string_view benchmark, std::string_view metric,
               const SampleSummary& summary);

  // 5. When the walk stopped early, the series it left with fewer than
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
  // A kept point: its benchmark and metric (views of its series' names,
  // which do not move: series_ is a map), its series and its index there.
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
  // The kept points of `run`'s `benchmark` (of one metric, when given).
  KeptRange kept(std::int64_t run, std::string_view benchmark,
                 std::optional<std::string_view> metric = std::nullopt);

  NamedSeries& series(std::string_view benchmark, std::string_view metric);

  int last_;
  std::vector<RunRow> runs_;
  std::map<Key, NamedSeries, ByNames> series_;
  std::size_t full_ = 0;        // series with `last` points
  bool stopped_early_ = false;  // walked_enough() said so while runs were left
  // The kept points of each run, by benchmark, then metric (sorted when the
  // walk ends: runs_with_points).
  std::unordered_map<std::int64_t, std::vector<Kept>> kept_;
  bool sorted_ = false;
  Kept* last_sample_ = nullptr;  // the point the previous sample went to
  std::int64_t last_sample_run_ = 0;
};

}  // namespace perfgate::store_detail
