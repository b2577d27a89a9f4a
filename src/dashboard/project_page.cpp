#include "dashboard/project_page.hpp"

#include "dashboard/links.hpp"
#include "dashboard/page_frame.hpp"
#include "dashboard/sparkline.hpp"
#include "report/html_page.hpp"
#include "report/quantity.hpp"

namespace perfgate::dashboard {
namespace {

using html::escape;

std::string state_of(const SeriesRow& r) {
  if (!r.enough_history) return "short";
  if (!r.newest_change) return "steady";
  return r.newest_change->kind == ChangeKind::regression ? "regression" : "improvement";
}

void write_latest(std::ostream& out, const SeriesRow& r) {
  out << "<td class=\"num\">";
  if (!r.latest) {
    out << "-</td>";
    return;
  }
  const HistoryPoint& p = *r.latest;
  if (p.value)
    out << escape(format_quantity(p.value, r.metric.unit)) << " <span class=\"muted\">"
        << escape(value_method(p)) << "</span>";
  else
    out << "<span class=\"gap\">no value: " << escape(p.gap) << "</span>";
  out << "</td><td class=\"num\">";
  if (p.change)
    out << escape(format_change(*p.change)) << " <span class=\"muted\">vs the run before</span>";
  else
    out << "-";
  out << "</td>";
}

void write_state(std::ostream& out, const SeriesRow& r) {
  if (!r.enough_history) {
    out << "<td class=\"state short\">too little history: " << r.values << " of " << r.needed
        << " runs with a value</td>";
    return;
  }
  if (!r.newest_change) {
    out << "<td class=\"state steady\">steady: no change point in " << r.values << " runs</td>";
    return;
  }
  const SeriesChangePoint& cp = *r.newest_change;
  const std::string cls = change_class(cp);
  out << "<td class=\"state " << cls << "\"><span class=\"status " << cls << "\">"
      << (cp.at_head ? "regression at the head (" + cls + ")"
                     : std::string(to_string(cp.kind)) + " (newest change)")
      << "</span> " << escape(describe_change(cp, r.metric.unit)) << " <span class=\"muted\">since "
      << escape(cp.first_bad.run_id) << "</span></td>";
}

}  // namespace

void write_project_page(const ProjectPage& page, std::ostream& out) {
  begin_page(out, {page.project, project_nav(page.project), false});
  std::size_t open = 0;
  for (const SeriesRow& r : page.rows) open += r.open_regression();
  out << "<p class=\"summary\">" << page.rows.size() << " series; <a href=\""
      << escape(regressions_url(page.project)) << "\">" << open
      << (open == 1 ? " regression" : " regressions") << " at the head</a></p>\n";
  if (!page.newest_run.empty())
    out << "<p class=\"newest\">Newest run: <span class=\"id\">" << escape(page.newest_run)
        << "</span>, started " << escape(page.newest_started) << " (UTC)</p>\n";
  if (page.rows.empty()) {
    out << "<p>No runs yet. Push one: <code>perfgate push RESULT.json --server URL --project "
        << escape(page.project) << "</code>.</p>\n";
  } else {
    out << "<p class=\"filter\" hidden><label>Filter <input type=\"search\" id=\"filter\" "
           "placeholder=\"benchmark or metric\"></label> <span id=\"filter-count\"></span></p>\n"
        << "<table class=\"series-table\">\n<thead><tr><th>benchmark</th><th>metric</th>"
           "<th>latest</th><th>change</th><th>newest change point</th><th>last "
        << kSparklinePoints << " runs</th></tr></thead>\n<tbody>\n";
    for (const SeriesRow& r : page.rows) {
      out << "<tr data-benchmark=\"" << escape(r.benchmark) << "\" data-metric=\""
          << escape(r.metric.name) << "\" data-state=\"" << state_of(r) << "\"><td class=\"name\">"
          << "<a href=\"" << escape(series_url(page.project, r.benchmark, r.metric.name)) << "\">"
          << escape(r.benchmark) << "</a></td><td>" << escape(r.metric.name) << " <span "
          << "class=\"muted\">" << escape(r.metric.unit) << "</span></td>";
      write_latest(out, r);
      write_state(out, r);
      out << "<td>";
      write_sparkline(out, r.recent,
                      r.benchmark + " " + r.metric.name + ": the last " +
                          std::to_string(r.recent.size()) + " runs' medians, oldest first");
      out << "</td></tr>\n";
    }
    out << "</tbody>\n</table>\n";
  }
  end_page(out,
           "Latest: the newest run's value, the median of its successful samples (n per "
           "row; a source that gave only a summary: its median or mean). Change: against "
           "the newest earlier run with a value. Change points: " +
               page.detect_method + ", over " + page.runs_analysed +
               ". A regression at the head is the newest change point of its series.");
}

}  // namespace perfgate::dashboard
