#include "dashboard/compare_page.hpp"

#include "dashboard/links.hpp"
#include "dashboard/page_frame.hpp"
#include "report/comparison_content.hpp"
#include "report/html_page.hpp"
#include "report/quantity.hpp"
#include "report/reporter.hpp"

namespace perfgate::dashboard {
namespace {

using html::escape;

// A side as the Markdown report's footnote describes it.
std::string side_text(const RunSide& side) {
  const SideFacts f = side_facts(side);
  std::string out = f.run;
  if (!f.commit.empty()) out += ", commit " + f.commit;
  if (!f.branch.empty()) out += " on " + f.branch;
  if (f.quick) out += ", quick";
  return f.environment.empty() ? out : out + "; " + f.environment;
}

void write_table(std::ostream& out, const ComparePage& page,
                 const std::vector<const Verdict*>& rows) {
  const Comparison& c = page.comparison;
  const std::string ci =
      c.pairs ? "CI" : std::to_string(static_cast<int>(c.options.confidence * 100)) + " % CI";
  out << "<table class=\"verdicts\">\n<thead><tr><th>benchmark</th><th>metric</th><th>base</th>"
         "<th>contender</th><th>change ("
      << ci << ")</th><th>p (adj.)</th><th>status</th></tr></thead>\n<tbody>\n";
  for (const Verdict* v : rows) {
    const std::string status = std::string(to_string(v->status));
    out << "<tr class=\"verdict\" data-benchmark=\"" << escape(v->benchmark) << "\" data-metric=\""
        << escape(v->metric) << "\" data-status=\"" << status << "\"><td class=\"name\"><a href=\""
        << escape(series_url(page.project, v->benchmark, v->metric)) << "\">"
        << escape(v->benchmark) << "</a></td><td>" << escape(v->metric) << "</td><td class=\"num\">"
        << escape(format_center(v->base, v->method, v->unit))
        << " <span class=\"muted\">n=" << v->base.n << "</span></td><td class=\"num\">"
        << escape(format_center(v->contender, v->method, v->unit))
        << " <span class=\"muted\">n=" << v->contender.n << "</span></td><td class=\"num\">";
    if (v->change)
      out << "<strong>" << escape(format_change(v->change->ratio - 1)) << "</strong> ("
          << escape(format_change(v->change->ci_low - 1)) << " … "
          << escape(format_change(v->change->ci_high - 1)) << ")</td><td class=\"num\">"
          << escape(format_p(v->change->p_adjusted));
    else
      out << "-</td><td class=\"num\">-";
    // A regression already in the history does not block a merge: a warning's colour.
    const std::string cls = before_this_run(*v) ? "warning" : status;
    out << "</td><td class=\"status " << cls << "\">" << escape(status_label(*v)) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
}

}  // namespace

void write_compare_page(const ComparePage& page, std::ostream& out) {
  const Comparison& c = page.comparison;
  begin_page(out, {"Comparison", project_nav(page.project), false});
  out << "<p class=\"sides\">Base <a class=\"run base\" href=\"#footnote\">" << escape(c.base.id)
      << "</a> → contender <a class=\"run contender\" href=\"#footnote\">" << escape(c.contender.id)
      << "</a></p>\n<p class=\"summary\">" << escape(summary_line(c.summary)) << "</p>\n";
  if (c.verdicts.empty()) out << "<p>No benchmark was compared.</p>\n";
  if (!c.skipped.empty()) {
    out << "<p class=\"skipped\">" << c.skipped.size()
        << (c.skipped.size() == 1 ? " benchmark" : " benchmarks")
        << " skipped, not verified:</p>\n<ul class=\"skipped\">\n";
    for (const SkippedBenchmark& s : c.skipped)
      out << "<li>" << escape(skipped_line(s)) << "</li>\n";
    out << "</ul>\n";
  }
  const ReportOrder order = report_order(c);
  if (!order.changed.empty()) write_table(out, page, order.changed);

  std::string reasons;
  for (const Verdict* v : order.changed)
    reasons += "<li><strong>" + escape(v->benchmark) + "</strong> " + escape(v->metric) + ": " +
               escape(v->reason) + "</li>\n";
  // Every stand against an MVP and target, stable rows too, as in the Markdown report.
  for (const Verdict& v : c.verdicts)
    if (v.mvp)
      reasons += "<li><strong>" + escape(v.benchmark) + "</strong> " + escape(v.metric) + " " +
                 escape(format_stand(*v.mvp, v.unit)) + "</li>\n";
  if (!reasons.empty()) out << "<ul class=\"reasons\">\n" << reasons << "</ul>\n";

  if (!order.stable.empty()) {
    // Open when short: a closed <details> is not laid out, which keeps a page
    // of thousands of stable rows quick to open.
    out << "<details class=\"stable\"" << (order.stable.size() <= 20 ? " open" : "") << "><summary>"
        << order.stable.size() << " stable</summary>\n";
    write_table(out, page, order.stable);
    out << "</details>\n";
  }
  out << "<p id=\"footnote\" class=\"footnote\">Base: " << escape(side_text(c.base))
      << ". Contender: " << escape(side_text(c.contender)) << ". " << escape(sample_counts(c))
      << "</p>\n";
  end_page(out, method_note(c) + ".");
}

}  // namespace perfgate::dashboard
