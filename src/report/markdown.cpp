// The Markdown report, for a pull-request comment: a one-line summary, a
// table of what changed, the stable rows folded in <details>, and a footnote
// with the method and both sides.
#include "report/quantity.hpp"
#include "report/reporter.hpp"

namespace perfgate {
namespace {

// Escapes text for a GitHub table cell: pipes, backticks, HTML and
// Markdown emphasis characters cannot break the table or inject markup.
std::string cell(const std::string& s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '|': out += "\\|"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '`': case '*': case '_': case '[': case ']': case '\\':
        out += '\\'; out += ch; break;
      case '\n': case '\r': out += ' '; break;
      default: out += ch;
    }
  }
  return out;
}

std::string status_mark(Status s) {
  switch (s) {
    case Status::critical: return "🔴 critical";
    case Status::over_budget: return "🔴 over budget";
    case Status::warning: return "🟠 warning";
    case Status::improvement: return "🟢 improvement";
    case Status::stable: return "⚪ stable";
    case Status::inconclusive: return "🟡 inconclusive";
    case Status::failed: return "❌ failed";
  }
  return "";
}

void table(std::ostream& out, const std::vector<const Verdict*>& rows, int confidence_pct) {
  out << "| benchmark | metric | base | contender | change | " << confidence_pct
      << " % CI | p (adj.) | status |\n";
  out << "|---|---|--:|--:|--:|--:|--:|---|\n";
  for (const Verdict* v : rows) {
    std::string change = "-", ci = "-", p = "-";
    if (v->change) {
      change = format_change(v->change->ratio - 1);
      ci = format_change(v->change->ci_low - 1) + " … " + format_change(v->change->ci_high - 1);
      p = format_p(v->change->p_adjusted);
    }
    out << "| " << cell(v->benchmark) << " | " << cell(v->metric) << " | "
        << cell(format_center(v->base, v->method, v->unit)) << " (n=" << v->base.n << ") | "
        << cell(format_center(v->contender, v->method, v->unit)) << " (n=" << v->contender.n
        << ") | " << change << " | " << ci << " | " << p << " | " << status_mark(v->status)
        << " |\n";
  }
}

std::string side(const RunSide& s) {
  std::string out = "`" + s.id + "`";
  if (!s.git_commit.empty()) out += ", commit `" + s.git_commit.substr(0, 7) + "`";
  if (!s.git_branch.empty()) out += " on `" + s.git_branch + "`";
  if (!s.cpu_model.empty())
    out += ", " + cell(s.cpu_model) + " (" + std::to_string(s.logical_cores) + " logical cores)";
  return out;
}

class MarkdownReporter : public Reporter {
 public:
  explicit MarkdownReporter(ReportOptions o) : options_(o) {}
  void write(const Comparison& c, std::ostream& out) const override {
    out << "### perfgate: " << summary_line(c.summary) << "\n\n";
    std::vector<const Verdict*> changed, stable;
    for (const auto& v : c.verdicts) (v.status == Status::stable ? stable : changed).push_back(&v);
    int conf = static_cast<int>(c.options.confidence * 100);
    if (!changed.empty()) {
      table(out, changed, conf);
      out << "\n";
      for (const Verdict* v : changed)
        out << "- **" << cell(v->benchmark) << "** " << cell(v->metric) << ": " << cell(v->reason)
            << "\n";
      out << "\n";
    }
    if (!stable.empty()) {
      out << "<details><summary>" << stable.size() << " stable</summary>\n\n";
      table(out, stable, conf);
      out << "\n</details>\n\n";
    }
    out << "<sub>Base: " << side(c.base) << ". Contender: " << side(c.contender) << ". "
        << cell(method_note(c)) << ".</sub>\n";
  }

 private:
  ReportOptions options_;
};

}  // namespace

std::unique_ptr<Reporter> make_markdown_reporter(const ReportOptions& options) {
  return std::make_unique<MarkdownReporter>(options);
}

}  // namespace perfgate
