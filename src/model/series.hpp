// A series: the stored runs of one benchmark x metric, each as a point with
// its samples and where it was measured (docs/formats.md, "History"). Plain
// data that every store backend returns alike (Store::series), so that
// `perfgate history`, the dashboard and change-point detection read one shape.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/metric.hpp"
#include "model/run.hpp"

namespace perfgate {

// Which runs Store::series returns. An empty filter matches every run.
struct SeriesQuery {
  std::string benchmark;    // exactly this benchmark name (required)
  std::string metric;       // exactly this metric name (required)
  std::string branch;       // exactly this git branch
  std::string host_prefix;  // a host id (Environment::host_id) starting with these characters
  std::optional<std::string> project;  // runs of exactly this project ("" too); nullopt: any
  int last = 0;  // only the newest `last` matching runs (by started_at, then store id); 0 = all
};

// One run of the benchmark. A run is a point when its benchmark declares the
// metric. A run that declares it but holds no sample of it (every repetition
// failed, or the benchmark was skipped) is a point without samples: a gap,
// shown as such, because a history that silently joined the runs around a
// breakage would hide it. A run whose benchmark does not declare the metric
// (it did not exist yet) is no point.
struct SeriesPoint {
  std::int64_t store_id = 0;  // the store's own id (StoredRunSummary::id)
  std::string run_id;         // Run::id
  std::string started_at;     // UTC, ISO 8601, as in the run
  std::string git_commit;     // full hash; empty when the run had no git state
  std::string git_branch;
  std::string host_id;  // Environment::host_id: the machine's fingerprint
  std::string unit;     // the metric's unit as this run declared it
  Direction direction = Direction::lower_is_better;
  std::vector<double> samples;  // successful repetitions' values, in repetition order
  int failed = 0;               // failed repetitions of the benchmark (any metric)
  std::string skipped;          // why the benchmark was not run; empty when it ran
  // Set when the source gave only summary statistics for this metric (an
  // ingested pytest-benchmark or llama-bench file); `samples` is then empty.
  std::optional<SampleSummary> summary;

  bool has_value() const { return !samples.empty() || summary.has_value(); }
};

// One series of a project with its points (Store::project_series).
struct NamedSeries {
  std::string benchmark;
  std::string metric;
  std::vector<SeriesPoint> points;  // as Store::series returns them: oldest first
};

}  // namespace perfgate
