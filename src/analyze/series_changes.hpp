// Change points of stored series (`perfgate detect` over the store): a
// benchmark's History (its points in commit order, analyze/history.hpp) goes
// through the detector (stats/changepoint_detect.hpp), and each change point
// comes back with the runs and commits either side, whether it is a
// regression or an improvement for the metric, how severe under the relative
// limits, and whether it is where the series' head now stands. Pure: the
// store's series and the limits come in, so the CLI, the server and tests run
// the same code (docs/changepoints.md, "Over the store").
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/compare.hpp"
#include "analyze/history.hpp"
#include "model/limits.hpp"
#include "stats/changepoint.hpp"
#include "stats/changepoint_detect.hpp"

namespace perfgate {

// Worse or better for the metric's direction: a rising median of a
// lower-is-better metric is a regression.
enum class ChangeKind { regression, improvement };
std::string_view to_string(ChangeKind k);

// One point of the series, as a change point names it.
struct ChangeRun {
  std::size_t index = 0;  // in History::points (gaps counted)
  std::string commit;     // full hash; empty when the run had no git state
  std::string run_id;
  std::int64_t store_id = 0;
  std::string started_at;
};

struct SeriesChangePoint {
  // What the detector said: point.index is first_bad.index; magnitude, its
  // interval, p-value and strong/weak as stats::ChangePoint documents them.
  stats::ChangePoint point;
  ChangeKind kind = ChangeKind::improvement;
  // A regression beyond the critical limit is critical, beyond the warning
  // limit a warning, else none (a real but small shift); an improvement is
  // always none. By the point estimate of the magnitude, as compare grades a
  // verdict by its estimated change. A median_before of 0 (magnitude NaN)
  // that got worse is critical: no relative limit bounds it.
  Severity severity = Severity::none;
  ChangeRun last_good;  // the newest point with a value before the change
  ChangeRun first_bad;  // the first point of the new regime
  // The series' head is in the regime this regression started: it is the
  // newest strong change point of the series, and a regression. Weak points
  // (--weak) never are: they are hints the merge did not keep.
  bool at_head = false;
};

struct SeriesChanges {
  History history;         // the points analysed, in the order used
  RelativeLimits limits;   // for the metric's direction, as the newest run set them
  std::size_t values = 0;  // points with a value: what the detector analysed
  std::size_t needed = 0;  // the fewest values the method analyses
  bool enough_history = true;
  std::vector<SeriesChangePoint> change_points;  // oldest first
  std::vector<std::string> notes;                // the detector's notes
  std::size_t before_since = 0;                  // change points --since left out
};

// The fewest points with a value the method analyses (2 x min_segment): a
// series with fewer has "not enough history", never an invented change.
std::size_t points_needed(const stats::DetectOptions& options);

// Runs the detector over `history`'s values (gaps skipped) and describes
// every change point it finds. `limits`: the relative limits for the
// metric's direction (Limits::for_direction).
SeriesChanges find_series_changes(History history, const stats::DetectOptions& options,
                                  const RelativeLimits& limits);

// --since COMMIT: keeps only the change points whose first bad point comes
// after COMMIT. `commit_prefix`: at least 4 hexadecimal digits, matching
// exactly one commit among the points of `all`. In a series with a point at
// that commit, "after" is after its last such point in the series' order; in
// a series without one (the benchmark was not measured there), after the
// newest run at that commit started. A bad or unknown prefix, or one that
// names several commits: perfgate::Error (exit 2) naming it.
void keep_changes_since(std::vector<SeriesChanges>& all, const std::string& commit_prefix);

// The gate over change points at the head of their series: `critical` fails
// on a critical one, `warning` also on a warning, `any` on every regression
// at the head, `never` on none; non-gating never fails.
bool change_gate_fails(const std::vector<SeriesChanges>& all, const GatePolicy& policy);
// Non-gating mode: critical severities become warnings, as for a comparison.
void report_changes_as_warnings(std::vector<SeriesChanges>& all);
// One line: "gate failed (fail_on = critical): 1 regression at the head: gemm wall_time".
std::string change_gate_summary(const std::vector<SeriesChanges>& all, const GatePolicy& policy);

}  // namespace perfgate
