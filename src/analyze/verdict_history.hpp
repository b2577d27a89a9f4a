// Judging a comparison with each series' own history (`compare --history`,
// docs/changepoints.md, "Feeding the gate"). Two questions per benchmark x
// metric. How far does this series move from run to run when nothing
// changes? Its noise since its newest change point sets its limits, in place
// of one percentage for every benchmark: a steady benchmark gets tight
// limits, a noisy one wide limits, and both false alarms and missed
// regressions fall. And, for a regression: did it come with the run judged,
// or was it already in the history before it (the series drifting over its
// newest runs, or a change point after the base)? Pure: the store's series
// comes in, so the CLI, the server and tests run the same code.
#pragma once

#include <cstddef>
#include <string>

#include "analyze/compare.hpp"
#include "analyze/history.hpp"
#include "analyze/series_changes.hpp"

namespace perfgate {

struct HistoryOptions {
  // The fewest runs since the newest change point that set limits: below it
  // the suite's limits stay, and the verdict says so.
  std::size_t min_runs = 8;
  // The newest runs of the regime tested for a trend, and the test's
  // two-sided level (Mann-Kendall).
  std::size_t drift_window = 20;
  double drift_alpha = 0.01;
  // The warning limit is a one-sided prediction bound on the log ratio of two
  // runs of an unchanged benchmark: Student's t quantile at 1 - tail with the
  // regime's degrees of freedom, times sqrt(2) noise. 0.00135 is the tail of
  // three standard deviations. The critical limit is twice the warning limit,
  // as `--threshold` sets it.
  double tail = 0.00135;
  // The warning limit is never below this (exact metrics, such as instruction
  // counts, have no noise at all).
  double floor = 0.005;
};

// Which point of the history the comparison's base is: the run with this id,
// else the newest run at this commit (a baseline file is no stored run).
struct BaseRef {
  std::string run_id;
  std::string commit;
};

// The history before `run_id`: drops that run's point and every later one
// (a stored contender is never part of its own history). Unchanged when no
// point has the id.
History history_before(History history, const std::string& run_id);

// What `changes` (find_series_changes over the history, without the run
// judged) says about the series: its regime since the newest strong change
// point, its noise and limits there, a drift in its newest runs, the level it
// stands at, and the newest regression change point after `base`.
SeriesState series_state(const SeriesChanges& changes, const BaseRef& base,
                         const HistoryOptions& options);

// Attaches the history to a decided verdict (v.history) and says, at the end
// of its reason, where its limits came from and, for a regression, whether
// this run made it (it is beyond the limits from where the series stood) or
// it was already there: then it is at most a warning, since the run judged
// did not cause it (the gate's default, fail_on = critical, lets it pass and
// every report still shows it).
void judge_with_history(Verdict& v, const SeriesState& state);

}  // namespace perfgate
