// Series for the dashboard's tests: points as a store returns them, analysed
// by the real history and change-point code (analyze/), so the pages are
// tested on what the server will hand them. Test-only; header-only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyze/history.hpp"
#include "analyze/series_changes.hpp"
#include "stats/testing/samples.hpp"

namespace perfgate::dashboard::testing {

// A point per value (nullopt: a run whose every repetition failed), each run
// with 5 samples around its value; run ids "run-000", "run-001", ..., commits
// of 40 hex digits made from the index, branch "main".
inline std::vector<SeriesPoint> points_of(const std::vector<std::optional<double>>& values,
                                          const std::string& unit = "ns") {
  std::vector<SeriesPoint> points;
  for (std::size_t i = 0; i < values.size(); ++i) {
    SeriesPoint p;
    p.store_id = static_cast<std::int64_t>(i + 1);
    char id[64];
    std::snprintf(id, sizeof id, "run-%03zu", i);
    p.run_id = id;
    char started[64];
    std::snprintf(started, sizeof started, "2026-11-%02zuT%02zu:00:00Z", 1 + i / 24, i % 24);
    p.started_at = started;
    p.git_commit = std::string(32, 'a') + id + "x";
    p.git_commit.resize(40, '0');
    p.git_branch = "main";
    p.host_id = "host-1";
    p.unit = unit;
    if (values[i]) {
      const double v = *values[i];
      p.samples = {v * 0.99, v * 0.995, v, v * 1.005, v * 1.01};
    } else {
      p.failed = 5;
    }
    points.push_back(std::move(p));
  }
  return points;
}

// The values of a step series: lengths[i] runs at levels[i], 1 % noise.
inline std::vector<std::optional<double>> step_values(const std::vector<int>& lengths,
                                                      const std::vector<double>& levels) {
  std::vector<std::optional<double>> out;
  for (double v : stats::testing::steps(7, lengths, levels, 0.01)) out.push_back(v);
  return out;
}

// The series analysed as the dashboard's routes analyse it: time order (no
// repository), the default detector, 5 % / 10 % limits.
inline SeriesChanges analysed(const std::string& benchmark,
                              const std::vector<std::optional<double>>& values,
                              const std::string& metric = "wall_time",
                              Direction direction = Direction::lower_is_better) {
  MetricInfo m{metric, "ns", direction, true};
  SeriesQuery q;
  q.benchmark = benchmark;
  q.metric = metric;
  History h = build_history(m, q, points_of(values), std::nullopt, "the server has no repository");
  return find_series_changes(std::move(h), stats::DetectOptions{}, RelativeLimits{0.05, 0.10});
}

// The number of times `needle` occurs in `text`.
inline std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size()))
    ++n;
  return n;
}

}  // namespace perfgate::dashboard::testing
