// The terminal report: an aligned table, colours by status, the reason under
// every row that is not plainly stable, a summary line and the method.
#include "report/quantity.hpp"
#include "report/reporter.hpp"
#include "report/table.hpp"

namespace perfgate {
namespace {

std::string status_color(Status s) {
  switch (s) {
    case Status::critical: return "1;31";
    case Status::over_budget: return "1;31";
    case Status::warning: return "31";
    case Status::improvement: return "32";
    case Status::stable: return "";
    case Status::inconclusive: return "33";
    case Status::failed: return "1;35";
  }
  return "";
}

std::string describe(const RunSide& s) {
  std::string out = s.label;
  std::string facts = s.id;
  if (!s.git_commit.empty()) facts += ", commit " + s.git_commit.substr(0, 7);
  if (!s.git_branch.empty()) facts += " on " + s.git_branch;
  if (s.quick) facts += ", quick";
  return out + " (" + facts + ")";
}

class TextReporter : public Reporter {
 public:
  explicit TextReporter(ReportOptions o) : options_(o) {}

  void write(const Comparison& c, std::ostream& out) const override {
    out << "base:      " << describe(c.base) << "\n";
    out << "contender: " << describe(c.contender) << "\n\n";

    TextTable table({"benchmark", "metric", "base", "contender", "n", "change",
                     std::to_string(static_cast<int>(c.options.confidence * 100)) + " % CI", "p (adj.)",
                     "status"});
    for (std::size_t col : {2u, 3u, 4u, 5u, 7u}) table.align_right(col);
    for (const auto& v : c.verdicts) {
      std::string change = "-", ci = "-", p = "-";
      if (v.change) {
        change = format_change(v.change->ratio - 1);
        ci = "[" + format_change(v.change->ci_low - 1) + ", " +
             format_change(v.change->ci_high - 1) + "]";
        p = format_p(v.change->p_adjusted);
      }
      std::string code = status_color(v.status);
      table.add_row({{v.benchmark, ""},
                     {v.metric, ""},
                     {format_center(v.base, v.method, v.unit), ""},
                     {format_center(v.contender, v.method, v.unit), ""},
                     {std::to_string(v.base.n) + "/" + std::to_string(v.contender.n), ""},
                     {change, code},
                     {ci, ""},
                     {p, ""},
                     {std::string(to_string(v.status)), code}});
    }
    table.write(out, options_.color);

    bool any_reason = false;
    for (const auto& v : c.verdicts) {
      if (v.status == Status::stable) continue;
      if (!any_reason) out << "\n";
      any_reason = true;
      out << "  " << v.benchmark << " " << v.metric << ": " << v.reason << "\n";
    }
    for (const auto& n : c.only_in_base) out << "  " << n << ": only in base, not compared\n";
    for (const auto& n : c.only_in_contender)
      out << "  " << n << ": only in contender, not compared\n";

    out << "\n" << summary_line(c.summary) << "\n";
    out << "n = samples base/contender. " << method_note(c) << ".\n";
  }

 private:
  ReportOptions options_;
};

}  // namespace

std::unique_ptr<Reporter> make_text_reporter(const ReportOptions& options) {
  return std::make_unique<TextReporter>(options);
}

}  // namespace perfgate
