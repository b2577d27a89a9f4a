// The terminal report: an aligned table, colours by status, the reason under
// every row that is not plainly stable, a summary line and the method.
#include <cstdio>

#include "report/quantity.hpp"
#include "report/reporter.hpp"
#include "report/table.hpp"

namespace perfgate {
namespace {

std::string status_color(Status s) {
  switch (s) {
    case Status::critical:
      return "1;31";
    case Status::over_budget:
      return "1;31";
    case Status::warning:
      return "31";
    case Status::improvement:
      return "32";
    case Status::stable:
      return "";
    case Status::inconclusive:
      return "33";
    case Status::failed:
      return "1;35";
  }
  return "";
}

std::string describe(const RunSide& s) {
  std::string out = s.label;
  std::string facts = s.id;
  if (!s.git_commit.empty()) facts += ", commit " + s.git_commit.substr(0, 7);
  if (!s.git_branch.empty()) facts += " on " + s.git_branch;
  if (s.quick) facts += ", quick";
  if (facts.rfind(", ", 0) == 0) facts.erase(0, 2);
  return facts.empty() ? out : out + " (" + facts + ")";
}

// The significance level as set: "0.02", not a p-value's "0.020".
std::string fmt_alpha(double alpha) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", alpha);
  return buf;
}

std::string capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// What the columns mean, in two lines: the test, the interval and the
// counts behind every number in the table.
std::string legend(const Comparison& c) {
  if (c.pairs) return "n = pairs base/contender; " + method_note(c) + ".";
  const auto& o = c.options;
  std::string s = "n = samples base/contender; change = contender median / base median - 1; " +
                  std::to_string(static_cast<int>(o.confidence * 100)) +
                  " % CI = percentile bootstrap, " + std::to_string(o.resamples) +
                  " resamples; p = two-sided Mann-Whitney U, Benjamini-Hochberg-adjusted over " +
                  std::to_string(c.family_size) + " tests; a change counts at p < " +
                  fmt_alpha(o.alpha) + " beyond the warning limit.";
  int summaries = 0;
  for (const auto& v : c.verdicts) summaries += v.method == Method::summaries ? 1 : 0;
  if (summaries > 0)
    s += " \"mean\" rows (" + std::to_string(summaries) +
         ") had summary statistics only: ratio of means, delta-method t interval, Welch's t-test.";
  const std::string history = history_note(c);
  if (!history.empty()) s += " " + capitalised(history) + ".";
  return s;
}

class TextReporter : public Reporter {
 public:
  explicit TextReporter(ReportOptions o) : options_(o) {}

  void write(const Comparison& c, std::ostream& out) const override {
    out << "base:      " << describe(c.base) << "\n";
    out << "contender: " << describe(c.contender) << "\n\n";

    // `perfgate ab` (pairs): the level is the one spent at the last look.
    const std::string ci_header =
        c.pairs ? std::string("CI")
                : std::to_string(static_cast<int>(c.options.confidence * 100)) + " % CI";
    TextTable table({"benchmark", "metric", "base", "contender", "n", "change", ci_header,
                     "p (adj.)", "status"});
    for (std::size_t col : {2u, 3u, 4u, 5u, 7u}) table.align_right(col);
    // On a narrow terminal: shorter names first, then the p-value, the
    // counts and the interval go (the legend says so); the change and the
    // status always stay.
    table.shrinkable(0, 20, 10);
    for (std::size_t col : {7u, 4u, 6u}) table.droppable(col);
    for (const auto& v : c.verdicts) {
      std::string change = "-", ci = "-", p = "-";
      if (v.change) {
        change = format_change(v.change->ratio - 1);
        ci = "[" + format_change(v.change->ci_low - 1) + ", " +
             format_change(v.change->ci_high - 1) + "]";
        p = format_p(v.change->p_adjusted);
      }
      std::string code = status_color(before_this_run(v) ? Status::warning : v.status);
      table.add_row({{v.benchmark, ""},
                     {v.metric, ""},
                     {format_center(v.base, v.method, v.unit), ""},
                     {format_center(v.contender, v.method, v.unit), ""},
                     {std::to_string(v.base.n) + "/" + std::to_string(v.contender.n), ""},
                     {change, code},
                     {ci, ""},
                     {p, ""},
                     {status_label(v), code}});
    }
    std::vector<std::string> hidden = table.write(out, options_.color, options_.width);

    bool any_reason = false;
    for (const auto& v : c.verdicts) {
      // A stable benchmark whose series drifts still says so.
      if (v.status == Status::stable && !(v.history && v.history->series.drift)) continue;
      if (!any_reason) out << "\n";
      any_reason = true;
      out << wrap("  " + v.benchmark + " " + v.metric + ": " + v.reason, options_.width, 4);
    }
    // The stand is shown whatever the status: a stable run still wants to
    // know how far it is from its target.
    for (const auto& v : c.verdicts) {
      if (!v.mvp) continue;
      if (!any_reason) out << "\n";
      any_reason = true;
      out << wrap("  " + v.benchmark + " " + v.metric + " " + format_stand(*v.mvp, v.unit),
                  options_.width, 4);
    }
    for (const auto& n : c.only_in_base)
      out << wrap("  " + n + ": only in base, not compared", options_.width, 4);
    for (const auto& n : c.only_in_contender)
      out << wrap("  " + n + ": only in contender, not compared", options_.width, 4);
    for (const auto& s : c.skipped) out << wrap("  " + skipped_line(s), options_.width, 4);

    out << "\n" << wrap(summary_line(c.summary), options_.width, 0);
    out << wrap(legend(c), options_.width, 0);
    if (!hidden.empty()) {
      std::string names;
      for (const auto& h : hidden) names += (names.empty() ? "" : ", ") + h;
      out << wrap(
          "(not shown, the terminal is too narrow: " + names + "; widen it, or use --format json)",
          options_.width, 0);
    }
  }

 private:
  ReportOptions options_;
};

}  // namespace

std::unique_ptr<Reporter> make_text_reporter(const ReportOptions& options) {
  return std::make_unique<TextReporter>(options);
}

}  // namespace perfgate
