#include "dashboard/series_page.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "dashboard/links.hpp"
#include "dashboard/page_frame.hpp"
#include "dashboard/series_row.hpp"
#include "model/units.hpp"
#include "report/html_page.hpp"
#include "report/quantity.hpp"

namespace perfgate::dashboard {
namespace {

using html::escape;
using nlohmann::json;

std::string point_text(const HistoryPoint& p, const std::string& unit) {
  if (!p.value) return "no value: " + p.gap;
  return format_quantity(p.value, unit) + " (" + value_method(p) + ")";
}

// The median of each regime between change points, from the detector's
// own segment medians: segment k ends where change point k starts.
json segments_of(const SeriesChanges& s) {
  json out = json::array();
  std::size_t from = 0;
  for (const SeriesChangePoint& cp : s.change_points) {
    out.push_back(
        {{"from", from}, {"to", cp.point.index}, {"median", cp.point.change.median_before}});
    from = cp.point.index;
  }
  if (!s.change_points.empty())
    out.push_back({{"from", from},
                   {"to", s.history.points.size()},
                   {"median", s.change_points.back().point.change.median_after}});
  return out;
}

json chart_data(const SeriesPage& page, const AxisUnit& axis) {
  const History& h = page.changes.history;
  json run_id = json::array(), commit = json::array(), branch = json::array(),
       started = json::array(), value = json::array(), n = json::array(), text = json::array(),
       gap = json::array();
  for (const HistoryPoint& p : h.points) {
    run_id.push_back(p.run.run_id);
    commit.push_back(p.run.git_commit);
    branch.push_back(p.run.git_branch);
    started.push_back(p.run.started_at);
    value.push_back(p.value ? json(*p.value) : json(nullptr));
    n.push_back(p.n);
    text.push_back(point_text(p, h.metric.unit));
    gap.push_back(p.gap);
  }
  json cps = json::array();
  for (const SeriesChangePoint& cp : page.changes.change_points)
    cps.push_back(
        {{"index", cp.point.index},
         {"run_id", cp.first_bad.run_id},
         {"class", change_class(cp)},
         {"at_head", cp.at_head},
         {"text", std::string(to_string(cp.kind)) + " " + describe_change(cp, h.metric.unit)}});
  return {{"benchmark", h.benchmark},
          {"metric", h.metric.name},
          {"unit", h.metric.unit},
          {"direction", to_string(h.metric.direction)},
          {"axis_unit", axis.unit},
          {"axis_factor", axis.factor},
          {"compare", compare_url(page.project)},
          {"run_id", run_id},
          {"commit", commit},
          {"branch", branch},
          {"started_at", started},
          {"value", value},
          {"n", n},
          {"text", text},
          {"gap", gap},
          {"change_points", cps},
          {"segments", segments_of(page.changes)}};
}

std::string short_commit(const std::string& commit) { return commit.substr(0, 10); }

void write_change_points(std::ostream& out, const SeriesPage& page) {
  const SeriesChanges& s = page.changes;
  out << "<h2>Change points</h2>\n";
  if (!s.enough_history) {
    out << "<p class=\"muted\">Too little history: " << s.values << " of the " << s.needed
        << " runs with a value the detector needs.</p>\n";
    return;
  }
  if (s.change_points.empty()) {
    out << "<p>No change point in " << s.values << " runs.</p>\n";
    return;
  }
  out << "<table class=\"change-points\">\n<thead><tr><th>first bad run</th><th>kind</th>"
         "<th>change</th><th>p</th><th>last good → first bad</th></tr></thead>\n<tbody>\n";
  for (auto it = s.change_points.rbegin(); it != s.change_points.rend(); ++it) {
    const SeriesChangePoint& cp = *it;
    const std::string cls = change_class(cp);
    out << "<tr class=\"change-point\" data-index=\"" << cp.point.index << "\" data-run-id=\""
        << escape(cp.first_bad.run_id) << "\"><td class=\"id\">#" << cp.point.index + 1 << ' '
        << escape(cp.first_bad.run_id) << "</td><td class=\"status " << cls << "\">" << cls
        << (cp.at_head ? " at the head" : "") << (cp.point.strong ? "" : " (weak)") << "</td><td>"
        << escape(describe_change(cp, s.history.metric.unit)) << "</td><td class=\"num\">"
        << escape(format_p(cp.point.p_value)) << "</td><td><a href=\""
        << escape(compare_url(page.project, cp.last_good.run_id, cp.first_bad.run_id)) << "\">"
        << escape(short_commit(cp.last_good.commit)) << " → "
        << escape(short_commit(cp.first_bad.commit)) << "</a></td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
}

void write_runs(std::ostream& out, const SeriesPage& page) {
  const History& h = page.changes.history;
  // Preselected: the newest run with a value against the one before it.
  std::vector<std::size_t> with_value;
  for (std::size_t i = h.points.size(); i-- > 0 && with_value.size() < 2;)
    if (h.points[i].value) with_value.push_back(i);
  const std::size_t contender = with_value.empty() ? h.points.size() : with_value[0];
  const std::size_t base = with_value.size() < 2 ? h.points.size() : with_value[1];

  out << "<h2>Runs</h2>\n<form method=\"get\" action=\"" << escape(compare_url(page.project))
      << "\" class=\"pick\">\n<p><button type=\"submit\">Compare the chosen runs</button> "
         "<span class=\"muted\">base and contender, in the first two columns</span></p>\n"
         "<table class=\"runs\">\n<thead><tr><th>base</th><th>contender</th><th>#</th>"
         "<th>started (UTC)</th><th>run</th><th>commit</th><th>branch</th><th>value</th>"
         "<th>change</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = h.points.size(); i-- > 0;) {
    const HistoryPoint& p = h.points[i];
    const std::string id = escape(p.run.run_id);
    out << "<tr data-index=\"" << i << "\" data-run-id=\"" << id << "\"><td><input type=\"radio\" "
        << "name=\"base\" value=\"" << id << "\" aria-label=\"base\""
        << (i == base ? " checked" : "")
        << "></td><td><input type=\"radio\" name=\"contender\" value=\"" << id
        << "\" aria-label=\"contender\"" << (i == contender ? " checked" : "") << "></td><td>"
        << i + 1 << "</td><td class=\"id\">" << escape(p.run.started_at) << "</td><td class=\"id\">"
        << id << "</td><td class=\"id\">" << escape(short_commit(p.run.git_commit)) << "</td><td>"
        << escape(p.run.git_branch) << "</td><td class=\"num\">"
        << (p.value ? escape(format_quantity(p.value, h.metric.unit)) + " <span class=\"muted\">" +
                          escape(value_method(p)) + "</span>"
                    : "<span class=\"gap\">" + escape(p.gap) + "</span>")
        << "</td><td class=\"num\">" << (p.change ? escape(format_change(*p.change)) : "-")
        << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n</form>\n";
}

}  // namespace

AxisUnit axis_unit(double typical, const std::string& unit) {
  if (!std::isfinite(typical) || typical == 0) return {unit, 1};
  const std::string shown = format_value(typical, unit);
  const std::size_t space = shown.rfind(' ');
  if (space == std::string::npos) return {unit, 1};
  const std::string scaled = shown.substr(space + 1);
  const std::optional<double> f = conversion_factor(unit, scaled);
  if (!f || scaled == unit) return {unit, 1};
  return {scaled, *f};
}

void write_series_page(const SeriesPage& page, std::ostream& out) {
  const History& h = page.changes.history;
  std::vector<double> values;
  for (const HistoryPoint& p : h.points)
    if (p.value) values.push_back(std::abs(*p.value));
  double typical = 0;
  if (!values.empty()) {
    std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
    typical = values[values.size() / 2];
  }
  const AxisUnit axis = axis_unit(typical, h.metric.unit);

  begin_page(out, {h.benchmark + " · " + h.metric.name, project_nav(page.project), true});
  std::size_t at_head = 0;
  for (const SeriesChangePoint& cp : page.changes.change_points) at_head += cp.at_head;
  out << "<p class=\"summary\">" << h.points.size() << (h.points.size() == 1 ? " run" : " runs")
      << " (" << values.size() << " with a value), " << escape(h.metric.unit) << ", "
      << (h.metric.direction == Direction::lower_is_better ? "lower" : "higher") << " is better; "
      << page.changes.change_points.size()
      << (page.changes.change_points.size() == 1 ? " change point" : " change points")
      << (at_head ? ", a regression at the head" : "") << "</p>\n";
  out << "<div id=\"chart\" class=\"chart\" data-points=\"" << values.size()
      << "\" data-change-points=\"" << page.changes.change_points.size()
      << "\"><p class=\"muted nojs\">The chart needs JavaScript; the tables below hold every "
         "run.</p></div>\n<div id=\"tip\" class=\"tip\" hidden></div>\n"
         "<p id=\"pick\" class=\"pick-note\" hidden>Click a point to choose the base run, "
         "another for the contender. <a id=\"compare-link\" hidden></a></p>\n";
  write_change_points(out, page);
  write_runs(out, page);
  write_json_data(out, "series-data", chart_data(page, axis));
  end_page(out,
           "Each point: one run's value, the median of its successful samples (n per "
           "run; a source that gave only a summary: its median or mean), in " +
               page.order + ". Vertical lines: change points (" + page.detect_method +
               "); horizontal lines: the median of each segment between them. A gap is "
               "a run without a value (the reason is in its row).");
}

}  // namespace perfgate::dashboard
