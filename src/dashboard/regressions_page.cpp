#include "dashboard/regressions_page.hpp"

#include <algorithm>

#include "dashboard/links.hpp"
#include "dashboard/page_frame.hpp"
#include "report/html_page.hpp"
#include "report/quantity.hpp"

namespace perfgate::dashboard {
namespace {

using html::escape;

std::string short_commit(const std::string& commit) {
  return commit.empty() ? "no commit" : commit.substr(0, 10);
}

}  // namespace

std::vector<const SeriesRow*> open_regressions(const std::vector<SeriesRow>& rows) {
  std::vector<const SeriesRow*> open;
  for (const SeriesRow& r : rows)
    if (r.open_regression()) open.push_back(&r);
  std::stable_sort(open.begin(), open.end(), [](const SeriesRow* a, const SeriesRow* b) {
    const std::string& ta = a->newest_change->first_bad.started_at;
    const std::string& tb = b->newest_change->first_bad.started_at;
    if (ta != tb) return ta > tb;
    if (a->benchmark != b->benchmark) return a->benchmark < b->benchmark;
    return a->metric.name < b->metric.name;
  });
  return open;
}

void write_regressions_page(const RegressionsPage& page, std::ostream& out) {
  begin_page(out, {page.project + ": regressions", project_nav(page.project), false});
  const std::vector<const SeriesRow*> open = open_regressions(page.rows);
  out << "<p class=\"summary\">" << open.size()
      << (open.size() == 1 ? " regression" : " regressions") << " at the head of "
      << page.rows.size() << " series</p>\n";
  if (open.empty()) {
    out << "<p>No series is worse now than before its newest change point.</p>\n";
  } else {
    out << "<table class=\"regressions\">\n<thead><tr><th>since</th><th>benchmark</th>"
           "<th>metric</th><th>severity</th><th>change</th><th>p</th><th>last good → first "
           "bad</th></tr></thead>\n<tbody>\n";
    for (const SeriesRow* r : open) {
      const SeriesChangePoint& cp = *r->newest_change;
      const std::string cls = change_class(cp);
      out << "<tr class=\"regression\" data-benchmark=\"" << escape(r->benchmark)
          << "\" data-metric=\"" << escape(r->metric.name) << "\" data-run-id=\""
          << escape(cp.first_bad.run_id) << "\"><td class=\"id\">"
          << escape(cp.first_bad.started_at) << "</td><td class=\"name\"><a href=\""
          << escape(series_url(page.project, r->benchmark, r->metric.name)) << "\">"
          << escape(r->benchmark) << "</a></td><td>" << escape(r->metric.name)
          << "</td><td class=\"status " << cls << "\">" << cls << "</td><td>"
          << escape(describe_change(cp, r->metric.unit)) << "</td><td class=\"num\">"
          << escape(format_p(cp.point.p_value)) << "</td><td><a href=\""
          << escape(compare_url(page.project, cp.last_good.run_id, cp.first_bad.run_id)) << "\">"
          << escape(short_commit(cp.last_good.commit)) << " → "
          << escape(short_commit(cp.first_bad.commit)) << "</a></td></tr>\n";
    }
    out << "</tbody>\n</table>\n";
  }
  end_page(out,
           "A regression at the head: the newest change point of its series made the "
           "metric worse, and the series has stayed there. Change points: " +
               page.detect_method + ", over " + page.runs_analysed +
               "; the change is between the medians of the runs either side (run counts "
               "given), its interval distribution-free; p: the detector's test between "
               "the two segments. The link compares the last good run with the first bad.");
}

}  // namespace perfgate::dashboard
