// The GitHub Actions report: workflow commands a runner turns into marks on
// the run's page. Each finding becomes an annotation (::error for what fails
// a gate, ::warning for warnings, ::notice for improvements and inconclusive
// rows); the full text table sits in a ::group:: block the log folds, and
// the CLI prints the summary line after it, where the eye lands. (It also appends
// the Markdown report to $GITHUB_STEP_SUMMARY, the job's summary page.)
//
// GitHub shows at most 10 annotations of each kind per step, so perfgate
// writes up to that many per kind, worst first, and one more that counts the
// rest rather than letting GitHub drop them silently.
#include <algorithm>
#include <sstream>

#include "report/github.hpp"
#include "report/quantity.hpp"
#include "report/reporter.hpp"

namespace perfgate {
namespace {

constexpr int annotations_per_kind = 10;

// Workflow command escaping: the message may not hold raw line breaks or a
// bare %; property values additionally not ':' or ','.
std::string escape_data(const std::string& s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string escape_property(const std::string& s) {
  std::string out;
  for (char ch : escape_data(s)) {
    switch (ch) {
      case ':': out += "%3A"; break;
      case ',': out += "%2C"; break;
      default: out += ch;
    }
  }
  return out;
}

enum class Kind { error, warning, notice, none };

// By severity, which non-gating (smoke) mode has already lowered to warning:
// a smoke job marks findings without turning the run red.
Kind kind_of(const Verdict& v) {
  if (v.severity == Severity::critical) return Kind::error;
  if (v.severity == Severity::warning) return Kind::warning;
  if (v.status == Status::improvement || v.status == Status::inconclusive) return Kind::notice;
  return Kind::none;
}

const char* command(Kind k) {
  switch (k) {
    case Kind::error: return "error";
    case Kind::warning: return "warning";
    case Kind::notice: return "notice";
    case Kind::none: break;
  }
  return "";
}

std::string title(const Verdict& v) {
  std::string t = "perfgate: " + v.benchmark + " " + v.metric + " " +
                  std::string(to_string(v.status));
  if (v.change) t += " " + format_change(v.change->ratio - 1);
  return t;
}

std::string message(const Verdict& v) {
  std::string m = format_center(v.base, v.method, v.unit) + " (n=" + std::to_string(v.base.n) +
                  ") -> " + format_center(v.contender, v.method, v.unit) + " (n=" +
                  std::to_string(v.contender.n) + ")";
  if (v.change)
    m += ", change " + format_change(v.change->ratio - 1) + " [" +
         format_change(v.change->ci_low - 1) + ", " + format_change(v.change->ci_high - 1) +
         "], p (adj.) " + format_p(v.change->p_adjusted);
  return m + ". " + v.reason;
}

class GithubReporter : public Reporter {
 public:
  explicit GithubReporter(ReportOptions o) : options_(o) {}

  void write(const Comparison& c, std::ostream& out) const override {
    out << "::group::perfgate: " << escape_data(c.base.label) << " -> "
        << escape_data(c.contender.label) << ", " << c.verdicts.size()
        << (c.verdicts.size() == 1 ? " verdict" : " verdicts") << "\n";
    std::ostringstream table;
    ReportOptions text = options_;
    text.width = 0;  // a CI log scrolls sideways; nothing is dropped
    make_text_reporter(text)->write(c, table);
    // A line of the table that starts with "::" would be read as a command.
    std::istringstream lines(table.str());
    for (std::string line; std::getline(lines, line);)
      out << (line.rfind("::", 0) == 0 ? " " : "") << line << "\n";
    out << "::endgroup::\n";

    std::vector<const Verdict*> order;
    for (const auto& v : c.verdicts)
      if (kind_of(v) != Kind::none) order.push_back(&v);
    std::stable_sort(order.begin(), order.end(), [](const Verdict* a, const Verdict* b) {
      return static_cast<int>(kind_of(*a)) < static_cast<int>(kind_of(*b));
    });
    int written[3] = {0, 0, 0}, left[3] = {0, 0, 0};
    for (const Verdict* v : order) {
      const int k = static_cast<int>(kind_of(*v));
      if (written[k] == annotations_per_kind) {
        ++left[k];
        continue;
      }
      ++written[k];
      out << github_annotation(command(kind_of(*v)), title(*v), message(*v)) << "\n";
    }
    for (int k = 0; k < 3; ++k)
      if (left[k] > 0)
        out << "::" << command(static_cast<Kind>(k)) << " title=perfgate%3A " << left[k]
            << " more::" << left[k] << " more findings of this kind are not annotated (GitHub "
            << "shows " << annotations_per_kind
            << " per kind); the table above and the job summary list them all\n";
    // Skipped benchmarks in one warning: not run is not passed.
    if (!c.skipped.empty()) {
      std::string lines;
      for (const auto& s : c.skipped) lines += (lines.empty() ? "" : "\n") + skipped_line(s);
      out << github_annotation("warning",
                               "perfgate: " + std::to_string(c.skipped.size()) +
                                   (c.skipped.size() == 1 ? " benchmark" : " benchmarks") +
                                   " skipped, not verified",
                               lines)
          << "\n";
    }
  }

 private:
  ReportOptions options_;
};

}  // namespace

std::string github_annotation(std::string_view kind, const std::string& title,
                              const std::string& message) {
  return "::" + std::string(kind) + " title=" + escape_property(title) +
         "::" + escape_data(message);
}

std::unique_ptr<Reporter> make_github_reporter(const ReportOptions& options) {
  return std::make_unique<GithubReporter>(options);
}

}  // namespace perfgate
