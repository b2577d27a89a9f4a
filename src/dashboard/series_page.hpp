// The series page (/p/NAME/series?benchmark=B&metric=M): one benchmark x
// metric's history. A uPlot chart (web/src/dashboard.js) draws every run as a
// point, marks each change point with a vertical line and each segment's
// median with a horizontal one, shows a run's commit, branch, id, value and n
// on hover, and turns two clicked points into a link to their comparison.
// Below it, the same facts as tables (readable without JavaScript): the change
// points, and every run, newest first, with radio buttons that pick a base
// and a contender for the comparison page.
#pragma once

#include <ostream>
#include <string>

#include "analyze/series_changes.hpp"

namespace perfgate::dashboard {

struct SeriesPage {
  std::string project;
  SeriesChanges changes;      // the series and its change points
  std::string detect_method;  // as ProjectPage
  std::string order;          // how the runs were put in order: "time order (...)"
};

// The chart's data goes into <script type="application/json"
// id="series-data">: columns "run_id", "commit", "branch", "started_at",
// "value" (null for a gap, in the metric's unit), "n", "text" (the value as
// reports print it, with its method and n), "gap"; "change_points" (index,
// run_id, class, at_head, text) and "segments" (from, to exclusive, median).
// The chart's element has data-points: the runs with a value.
void write_series_page(const SeriesPage& page, std::ostream& out);

// The unit the chart's axis shows values in and the factor from the metric's
// unit to it: durations in ns as "ms" (1e-6) when the typical value is
// milliseconds, as format_value would scale it; {unit, 1} when it does not
// scale.
struct AxisUnit {
  std::string unit;
  double factor = 1;
};
AxisUnit axis_unit(double typical, const std::string& unit);

}  // namespace perfgate::dashboard
