#include "dashboard/series_row.hpp"

#include <cmath>

#include "report/quantity.hpp"

namespace perfgate::dashboard {

SeriesRow series_row(const SeriesChanges& s) {
  const History& h = s.history;
  SeriesRow row;
  row.benchmark = h.benchmark;
  row.metric = h.metric;
  row.points = h.points.size();
  row.values = s.values;
  row.needed = s.needed;
  row.enough_history = s.enough_history;
  if (!h.points.empty()) {
    row.latest = h.points.back();
    row.latest->run.samples.clear();  // the value and n say what they gave
    row.latest->run.samples.shrink_to_fit();
  }
  for (auto it = s.change_points.rbegin(); it != s.change_points.rend(); ++it)
    if (it->point.strong) {
      row.newest_change = *it;
      break;
    }
  const std::size_t from =
      h.points.size() > kSparklinePoints ? h.points.size() - kSparklinePoints : 0;
  for (std::size_t i = from; i < h.points.size(); ++i) row.recent.push_back(h.points[i].value);
  return row;
}

std::string value_method(const HistoryPoint& p) {
  if (!p.summary_only) return "median of n=" + std::to_string(p.n);
  // The source's own statistic: its median when it gave one, else its mean.
  return std::string(p.run.summary && p.run.summary->median ? "median" : "mean") +
         " of n=" + std::to_string(p.n) + " (the source's summary)";
}

std::string change_class(const SeriesChangePoint& cp) {
  if (cp.kind == ChangeKind::improvement) return "improvement";
  return cp.severity == Severity::none ? "regression" : std::string(to_string(cp.severity));
}

std::string describe_change(const SeriesChangePoint& cp, const std::string& unit) {
  const stats::SegmentChange& c = cp.point.change;
  std::string text = std::isfinite(c.magnitude) ? format_change(c.magnitude) : "from 0";
  if (std::isfinite(c.magnitude_low) && std::isfinite(c.magnitude_high))
    text += " (95 % CI " + format_change(c.magnitude_low) + " … " +
            format_change(c.magnitude_high) + ")";
  return text + ", median " + format_quantity(c.median_before, unit) + " → " +
         format_quantity(c.median_after, unit) + " over " + std::to_string(c.n_before) + " → " +
         std::to_string(c.n_after) + " runs";
}

}  // namespace perfgate::dashboard
