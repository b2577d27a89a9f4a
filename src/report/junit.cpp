// The JUnit XML report: one test case per benchmark x metric, so that any CI
// with a test view (Jenkins, GitLab, GitHub test-report actions) lists the
// comparison beside the project's tests and marks regressions as failures.
//
// The mapping (docs/formats.md, "JUnit XML"):
//   critical, warning, over_budget  -> <failure type="STATUS"> with the numbers
//   failed                          -> <error type="failed">: nothing to judge
//   inconclusive, stable, improvement -> passed, with the numbers in <system-out>
//
// Why benchmark as classname and metric as name: Jenkins groups test cases by
// class and GitLab shows the classname as the "suite" column, so a benchmark
// with several judged metrics reads as one class with one row per metric.
// The classname is "perfgate." + benchmark so Jenkins files every benchmark
// under one package, "perfgate", apart from the project's own tests (a
// benchmark name with dots splits further in Jenkins' package view; the
// attribute itself always holds the whole name).
//
// Why inconclusive passes rather than being <skipped>: JUnit's skipped means
// "not run", and CI views count and hide skipped tests as such; an
// inconclusive benchmark did run, was measured, and only lacks the evidence
// to call a change. It passes with the reason (and how many more runs would
// decide it) in <system-out>, which is where a reader looks for detail.
#include <cmath>
#include <cstdio>
#include <string_view>

#include "report/quantity.hpp"
#include "report/reporter.hpp"

namespace perfgate {
namespace {

// --- XML text -------------------------------------------------------------

// Decodes one UTF-8 sequence at s[i]; returns the code point and sets `len`,
// or returns -1 (len = 1) for a byte that starts no valid sequence: overlong
// forms, surrogates and values past U+10FFFF are invalid too.
long decode_utf8(std::string_view s, std::size_t i, std::size_t& len) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  len = 1;
  if (b0 < 0x80) return b0;
  // The lead byte says the length (110xxxxx: 2, 1110xxxx: 3, 11110xxx: 4)
  // and carries the top bits; each length has a least value it may encode.
  const std::size_t n = (b0 & 0xE0) == 0xC0   ? 2
                        : (b0 & 0xF0) == 0xE0 ? 3
                        : (b0 & 0xF8) == 0xF0 ? 4
                                              : 0;
  if (n == 0 || i + n > s.size()) return -1;
  static constexpr long kLeast[] = {0, 0, 0x80, 0x800, 0x10000};
  long cp = b0 & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < kLeast[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  len = n;
  return cp;
}

void append_utf8(std::string& out, long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Text for an attribute value (`attribute`) or element content, such that
// every XML 1.0 parser reads the file and gets the text back. Markup
// characters become entities; tab, newline and CR become character
// references in attributes (a parser would turn them into spaces) and CR in
// content (a parser would fold CR LF into LF). What XML 1.0 forbids outright,
// even as a reference, is replaced visibly: C0 control characters by their
// Control Pictures (U+0001 -> U+2401 "␁"), bytes that are not UTF-8 and the
// non-characters U+FFFE/U+FFFF by U+FFFD.
// The reference that stands for `cp`, or nullptr when it is written as is
// (or replaced: see xml_escape).
const char* reference(long cp, bool attribute) {
  switch (cp) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return attribute ? "&quot;" : nullptr;
    case '\'':
      return attribute ? "&apos;" : nullptr;
    case '\t':
      return attribute ? "&#9;" : nullptr;
    case '\n':
      return attribute ? "&#10;" : nullptr;
    case '\r':
      return "&#13;";
    default:
      return nullptr;
  }
}

std::string xml_escape(std::string_view s, bool attribute) {
  std::string out;
  out.reserve(s.size() + 16);
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len;
    const long cp = decode_utf8(s, i, len);
    i += len;
    if (const char* ref = reference(cp, attribute))
      out += ref;
    else if (cp < 0 || cp == 0xFFFE || cp == 0xFFFF)
      append_utf8(out, 0xFFFD);
    else if (cp < 0x20 && cp != '\t' && cp != '\n')
      append_utf8(out, 0x2400 + cp);
    else
      append_utf8(out, cp);
  }
  return out;
}

std::string attr(std::string_view s) { return xml_escape(s, true); }
std::string text(std::string_view s) { return xml_escape(s, false); }

// --- numbers --------------------------------------------------------------

// JUnit's `time`, in seconds: for a metric measured in ns, the sum of the
// contender's samples (for perfgate run's wall_time: how long the contender's
// successful repetitions took; median x n when it gave only a summary); 0 for
// any other unit, which measures no time.
double case_seconds(const Verdict& v) {
  if (v.unit != "ns") return 0;
  double ns = 0;
  for (double x : v.contender_samples) ns += x;
  if (v.contender_samples.empty() && v.contender.median) ns = *v.contender.median * v.contender.n;
  const double s = ns / 1e9;
  return std::isfinite(s) && s > 0 ? s : 0;
}

std::string seconds(double s) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.6f", s);
  return buf;
}

std::string limit_pct(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", fraction * 100);
  return buf;
}

// --- one test case --------------------------------------------------------

bool is_regression(Status s) {
  return s == Status::critical || s == Status::warning || s == Status::over_budget;
}

std::string status_words(Status s) {
  switch (s) {
    case Status::critical:
      return "critical regression";
    case Status::warning:
      return "warning regression";
    case Status::over_budget:
      return "over budget";
    case Status::failed:
      return "failed";
    default:
      return std::string(to_string(s));
  }
}

// "+25.0 % (95 % CI +21.0 % … +29.0 %)", or "" without a change.
std::string change_with_interval(const Verdict& v, int confidence_pct) {
  if (!v.change) return "";
  return format_change(v.change->ratio - 1) + " (" + std::to_string(confidence_pct) + " % CI " +
         format_change(v.change->ci_low - 1) + " … " + format_change(v.change->ci_high - 1) + ")";
}

std::string side_line(const char* name, const RunSide& run, const SideSummary& s,
                      const Verdict& v) {
  return std::string(name) + " " + run.label + " (" + run.id +
         "): " + (v.method == Method::summaries ? "" : "median ") +
         format_center(s, v.method, v.unit) + ", n = " + std::to_string(s.n) + ", " +
         std::to_string(s.failed) + " failed\n";
}

// The numbers behind a verdict, one fact a line: what a failure's body and a
// passing case's <system-out> carry.
std::string details(const Comparison& c, const Verdict& v) {
  const int conf = static_cast<int>(std::lround(c.options.confidence * 100));
  std::string d = v.benchmark + " " + v.metric + ": " + status_words(v.status) + "\n";
  d += side_line("base", c.base, v.base, v);
  d += side_line("contender", c.contender, v.contender, v);
  if (v.change) {
    d += "change " + change_with_interval(v, conf) + "\n";
    d += "p = " + format_p(v.change->p_value) + ", adjusted p = " + format_p(v.change->p_adjusted) +
         " (Benjamini-Hochberg across " + std::to_string(c.family_size) + " tests)\n";
  }
  d += "limits: warning " + limit_pct(v.limits.warning) + ", critical " +
       limit_pct(v.limits.critical) + " (" + std::string(to_string(v.direction)) + " is better)\n";
  if (v.budget)
    d += "budget: " + v.budget->statistic + " " + format_quantity(v.budget->value, v.unit) + ", " +
         limit_pct(v.budget->used) + " of the budget\n";
  if (v.mvp) d += "mvp: " + format_stand(*v.mvp, v.unit) + "\n";
  if (v.more_runs)
    d += "about " + std::to_string(*v.more_runs) + " more runs per side would decide it\n";
  d += "severity: " + std::string(to_string(v.severity)) + "\n";
  d += "reason: " + v.reason + "\n";
  return d;
}

// A failure's one-line message, which CI views show without expanding:
// "critical regression +25.0 % (95 % CI +21.0 % … +29.0 %): <reason>".
std::string message(const Comparison& c, const Verdict& v) {
  const int conf = static_cast<int>(std::lround(c.options.confidence * 100));
  std::string m = status_words(v.status);
  if (v.change) m += " " + change_with_interval(v, conf);
  return m + ": " + v.reason;
}

void write_case(std::ostream& out, const Comparison& c, const Verdict& v) {
  out << "    <testcase classname=\"" << attr("perfgate." + v.benchmark) << "\" name=\""
      << attr(v.metric) << "\" time=\"" << seconds(case_seconds(v)) << "\">\n";
  const std::string body = text(details(c, v));
  if (is_regression(v.status)) {
    out << "      <failure message=\"" << attr(message(c, v)) << "\" type=\"" << to_string(v.status)
        << "\">" << body << "</failure>\n";
  } else if (v.status == Status::failed) {
    out << "      <error message=\"" << attr(message(c, v)) << "\" type=\"failed\">" << body
        << "</error>\n";
  } else {
    out << "      <system-out>" << body << "</system-out>\n";
  }
  out << "    </testcase>\n";
}

// --- the document ---------------------------------------------------------

void property(std::ostream& out, std::string_view name, std::string_view value) {
  out << "      <property name=\"" << attr(name) << "\" value=\"" << attr(value) << "\"/>\n";
}

void write_properties(std::ostream& out, const Comparison& c) {
  out << "    <properties>\n";
  property(out, "base.label", c.base.label);
  property(out, "base.id", c.base.id);
  property(out, "base.git_commit", c.base.git_commit);
  property(out, "contender.label", c.contender.label);
  property(out, "contender.id", c.contender.id);
  property(out, "contender.git_commit", c.contender.git_commit);
  property(out, "summary", summary_line(c.summary));
  property(out, "method", method_note(c));
  out << "    </properties>\n";
}

// Benchmarks in only one run are not test cases (nothing was compared), but
// a reader of the suite's output should learn that they were left out.
std::string not_compared(const Comparison& c) {
  std::string s;
  for (const auto& b : c.only_in_base) s += "only in base, not compared: " + b + "\n";
  for (const auto& b : c.only_in_contender) s += "only in contender, not compared: " + b + "\n";
  return s;
}

class JunitReporter : public Reporter {
 public:
  void write(const Comparison& c, std::ostream& out) const override {
    int failures = 0, errors = 0;
    double total_s = 0;
    for (const auto& v : c.verdicts) {
      failures += is_regression(v.status) ? 1 : 0;
      errors += v.status == Status::failed ? 1 : 0;
      total_s += case_seconds(v);
    }
    const std::size_t tests = c.verdicts.size() + c.skipped.size();
    const std::string counts = "tests=\"" + std::to_string(tests) + "\" failures=\"" +
                               std::to_string(failures) + "\" errors=\"" + std::to_string(errors) +
                               "\" skipped=\"" + std::to_string(c.skipped.size()) + "\" time=\"" +
                               seconds(total_s) + "\"";
    const std::string suite = c.contender.suite_name.empty() ? "perfgate" : c.contender.suite_name;
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuites name=\"perfgate\" " << counts << ">\n";
    out << "  <testsuite name=\"" << attr(suite) << "\" " << counts << ">\n";
    write_properties(out, c);
    for (const auto& v : c.verdicts) write_case(out, c, v);
    // A benchmark a side did not run is JUnit's "skipped" exactly: not run.
    for (const auto& s : c.skipped)
      out << "    <testcase classname=\"" << attr("perfgate." + s.benchmark)
          << "\" name=\"(all metrics)\" time=\"0\">\n      <skipped message=\""
          << attr(skipped_line(s)) << "\"/>\n    </testcase>\n";
    const std::string left_out = not_compared(c);
    if (!left_out.empty()) out << "    <system-out>" << text(left_out) << "</system-out>\n";
    out << "  </testsuite>\n</testsuites>\n";
  }
};

}  // namespace

std::unique_ptr<Reporter> make_junit_reporter() { return std::make_unique<JunitReporter>(); }

}  // namespace perfgate
