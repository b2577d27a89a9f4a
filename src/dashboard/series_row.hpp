// Where one series stands, in a few numbers: what the project page shows per
// row and what the regressions page lists. Made from a series' full analysis
// (analyze/series_changes.hpp) and small enough to keep for a thousand
// series, so that a page never holds every series' points at once.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analyze/series_changes.hpp"
#include "model/metric.hpp"

namespace perfgate::dashboard {

// How many of the newest values a row's sparkline shows.
inline constexpr std::size_t kSparklinePoints = 30;

struct SeriesRow {
  std::string benchmark;
  MetricInfo metric;           // the unit every value is in
  std::size_t points = 0;      // runs in the series, gaps included
  std::size_t values = 0;      // of which with a value: what the detector analysed
  std::size_t needed = 0;      // the fewest values the detector analyses
  bool enough_history = true;  // values >= needed (else no change point is looked for)
  // The newest point (it may be a gap: then value is absent and gap says why).
  std::optional<HistoryPoint> latest;
  // The newest strong change point, nullopt when there is none.
  std::optional<SeriesChangePoint> newest_change;
  // The last kSparklinePoints values, oldest first; nullopt for a gap.
  std::vector<std::optional<double>> recent;

  // A regression at the head of the series: the newest strong change point
  // made it worse and nothing since moved it back.
  bool open_regression() const { return newest_change && newest_change->at_head; }
};

SeriesRow series_row(const SeriesChanges& changes);

// "median of n=5", "mean of n=3 (the source's summary)": how a value was made.
std::string value_method(const HistoryPoint& p);

// A change point's kind and severity as a CSS class and a word: "critical",
// "warning", "regression" (below the warning limit), "improvement".
std::string change_class(const SeriesChangePoint& cp);

// "+12.0 % (95 % CI +9.1 % … +14.8 %), median 1.20 ms → 1.34 ms over 25 → 12
// runs": what a change point changed, with its method's numbers.
std::string describe_change(const SeriesChangePoint& cp, const std::string& unit);

}  // namespace perfgate::dashboard
