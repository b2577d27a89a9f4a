// The Markdown report, for a pull-request comment: a one-line summary, a
// table of what changed (worst first), the stable rows folded in <details>,
// and a footnote with the method, sample counts and both sides' environment.
//
// GitHub refuses a comment over 65,536 characters, and a refused comment is a
// verdict nobody reads. So the report is assembled against a budget
// (ReportOptions::max_markdown_chars, counted in UTF-8 bytes, which is never
// fewer than GitHub's characters): the header, the footnote and the changed
// rows come first; the reasons, then stable rows, are added while they fit;
// whatever does not fit is counted in a visible note instead.
#include <algorithm>
#include <sstream>

#include "report/comparison_content.hpp"
#include "report/quantity.hpp"
#include "report/reporter.hpp"
#include "report/table.hpp"

namespace perfgate {
namespace {

// A benchmark name longer than this is shortened in the middle: a table cell
// of thousands of characters helps nobody and costs the budget.
constexpr std::size_t max_name_chars = 160;

// Escapes text for a GitHub table cell: pipes, backticks, HTML and
// Markdown emphasis characters cannot break the table or inject markup.
std::string cell(const std::string& s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '|':
        out += "\\|";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '\\':
      case '#':
      case '~':
        out += '\\';
        out += ch;
        break;
      case '\n':
      case '\r':
      case '\t':
        out += ' ';
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string status_mark(const Verdict& v) {
  // Already in the history: it does not block the merge, so not red.
  if (before_this_run(v)) return "🟠 " + status_label(v);
  switch (v.status) {
    case Status::critical:
      return "🔴 critical";
    case Status::over_budget:
      return "🔴 over budget";
    case Status::warning:
      return "🟠 warning";
    case Status::improvement:
      return "🟢 improvement";
    case Status::stable:
      return "⚪ stable";
    case Status::inconclusive:
      return "🟡 inconclusive";
    case Status::failed:
      return "❌ failed";
  }
  return "";
}

// confidence_pct 0: `perfgate ab`, whose interval is at the level of its last look.
std::string table_header(int confidence_pct) {
  const std::string ci = confidence_pct > 0 ? std::to_string(confidence_pct) + " % CI" : "CI";
  return "| benchmark | metric | base | contender | change (" + ci +
         ") | p (adj.) | status |\n|---|---|--:|--:|--:|--:|---|\n";
}

std::string table_row(const Verdict& v) {
  std::string change = "-", p = "-";
  if (v.change) {
    change = "**" + format_change(v.change->ratio - 1) + "** (" +
             format_change(v.change->ci_low - 1) + " … " + format_change(v.change->ci_high - 1) +
             ")";
    p = format_p(v.change->p_adjusted);
  }
  return "| " + cell(shorten_middle(v.benchmark, max_name_chars)) + " | " + cell(v.metric) + " | " +
         cell(format_center(v.base, v.method, v.unit)) + " (n=" + std::to_string(v.base.n) +
         ") | " + cell(format_center(v.contender, v.method, v.unit)) +
         " (n=" + std::to_string(v.contender.n) + ") | " + change + " | " + p + " | " +
         status_mark(v) + " |\n";
}

std::string side(const RunSide& s) {
  const SideFacts f = side_facts(s);
  std::string out = "`" + cell(f.run) + "`";
  if (!f.commit.empty()) out += ", commit `" + f.commit + "`";
  if (!f.branch.empty()) out += " on `" + cell(f.branch) + "`";
  if (f.quick) out += ", quick";
  return f.environment.empty() ? out : out + "; " + cell(f.environment);
}

class MarkdownReporter : public Reporter {
 public:
  explicit MarkdownReporter(ReportOptions o) : options_(o) {}

  void write(const Comparison& c, std::ostream& out) const override {
    const int conf = c.pairs ? 0 : static_cast<int>(c.options.confidence * 100);
    // A marker CI scripts find to update their earlier comment, not add one.
    std::string head =
        "<!-- perfgate-report -->\n### perfgate: " + summary_line(c.summary) + "\n\n";
    if (c.verdicts.empty()) head += "No benchmark was compared.\n\n";
    // Skipped benchmarks come first: a check that did not run is not a pass.
    if (!c.skipped.empty()) {
      head += "⏭️ **" + std::to_string(c.skipped.size()) +
              (c.skipped.size() == 1 ? " benchmark" : " benchmarks") +
              " skipped, not verified:**\n";
      for (std::size_t i = 0; i < c.skipped.size(); ++i) {
        if (i == 10) {
          head += "- ... and " + std::to_string(c.skipped.size() - 10) + " more\n";
          break;
        }
        head += "- " + cell(shorten_middle(skipped_line(c.skipped[i]), 600)) + "\n";
      }
      head += "\n";
    }
    std::string foot = "<sub>Base: " + side(c.base) + ". Contender: " + side(c.contender) + ". " +
                       sample_counts(c) + cell(method_note(c)) + ".</sub>\n";

    const ReportOrder order = report_order(c);
    const std::vector<const Verdict*>& changed = order.changed;
    const std::vector<const Verdict*>& stable = order.stable;

    // Room for the notes that say what was left out.
    constexpr std::size_t note_room = 400;
    const std::size_t max = options_.max_markdown_chars;
    std::size_t budget = max > head.size() + foot.size() + note_room
                             ? max - head.size() - foot.size() - note_room
                             : 0;
    std::string body;
    auto fits = [&](const std::string& s) { return body.size() + s.size() <= budget; };

    std::size_t shown_changed = 0;
    if (!changed.empty() && fits(table_header(conf))) {
      body += table_header(conf);
      for (const Verdict* v : changed) {
        std::string row = table_row(*v);
        if (!fits(row)) break;
        body += row;
        ++shown_changed;
      }
      body += "\n";
    }
    if (shown_changed < changed.size())
      body += "**" + std::to_string(changed.size() - shown_changed) +
              " more changed rows not "
              "shown**: this comment would pass GitHub's " +
              std::to_string(max) +
              "-character limit. The full report: `--format json` or `--format csv`.\n\n";

    std::string reasons;
    for (std::size_t i = 0; i < shown_changed; ++i)
      reasons += "- **" + cell(shorten_middle(changed[i]->benchmark, max_name_chars)) + "** " +
                 cell(changed[i]->metric) + ": " + cell(changed[i]->reason) + "\n";
    // Every stand against an MVP and target, stable rows too: how far from the
    // target is news even when nothing changed.
    for (const auto& v : c.verdicts)
      if (v.mvp)
        reasons += "- **" + cell(shorten_middle(v.benchmark, max_name_chars)) + "** " +
                   cell(v.metric) + " " + cell(format_stand(*v.mvp, v.unit)) + "\n";
    if (!reasons.empty() && fits(reasons + "\n")) body += reasons + "\n";

    if (!stable.empty()) {
      std::string folded =
          "<details><summary>" + std::to_string(stable.size()) + " stable</summary>\n\n";
      std::size_t shown_stable = 0;
      if (fits(folded + table_header(conf) + "\n</details>\n\n")) {
        folded += table_header(conf);
        for (const Verdict* v : stable) {
          std::string row = table_row(*v);
          if (body.size() + folded.size() + row.size() + 20 > budget) break;
          folded += row;
          ++shown_stable;
        }
        if (shown_stable < stable.size())
          folded += "\n" + std::to_string(stable.size() - shown_stable) +
                    " more stable rows not shown (GitHub's comment limit).\n";
        body += folded + "\n</details>\n\n";
      } else {
        body +=
            std::to_string(stable.size()) + " stable rows not shown (GitHub's comment limit).\n\n";
      }
    }
    out << head << body << foot;
  }

 private:
  ReportOptions options_;
};

}  // namespace

std::unique_ptr<Reporter> make_markdown_reporter(const ReportOptions& options) {
  return std::make_unique<MarkdownReporter>(options);
}

}  // namespace perfgate
