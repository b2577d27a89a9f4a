#include "report/reporter.hpp"

#include <cmath>
#include <cstdio>

#include "analyze/ab.hpp"
#include "analyze/percent.hpp"

namespace perfgate {

std::unique_ptr<Reporter> make_reporter(std::string_view format, const ReportOptions& options) {
  if (format == "text") return make_text_reporter(options);
  if (format == "json") return make_json_reporter();
  if (format == "markdown" || format == "md") return make_markdown_reporter(options);
  if (format == "github") return make_github_reporter(options);
  if (format == "junit") return make_junit_reporter();
  if (format == "csv") return make_csv_reporter();
  if (format == "samples-csv") return make_samples_csv_reporter();
  if (format == "html") return make_html_reporter();
  return nullptr;
}

std::vector<std::string> report_formats() {
  return {"text", "json", "markdown", "github", "junit", "csv", "samples-csv", "html"};
}

std::string summary_line(const Summary& s) {
  auto plural = [](int n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  std::string line = plural(s.regressions(), "regression", "regressions");
  if (s.regressions() > 0)
    line += " (" + std::to_string(s.critical) + " critical, " +
            plural(s.warnings, "warning", "warnings") + ")";
  if (s.over_budget > 0) line += ", " + std::to_string(s.over_budget) + " over budget";
  return line + ", " + plural(s.improvements, "improvement", "improvements") + ", " +
         std::to_string(s.stable) + " stable, " + std::to_string(s.inconclusive) +
         " inconclusive, " + std::to_string(s.failed) + " failed";
}

std::string skipped_line(const SkippedBenchmark& s) {
  const std::string by = s.side == "both" ? "by both sides" : "by the " + s.side;
  return s.benchmark + ": skipped " + by + ", not compared: " + s.reason;
}

namespace {

// `perfgate ab` (Method::pairs, docs/ab.md): the sequential design with its
// numbers; the pairs and the look are the row's when there is one row, else
// each row says its own (n and its reason).
std::string pairs_note(const Comparison& c, const PairsDesign& d) {
  std::string looks;
  for (int k = 1; k <= 3; ++k) looks += std::to_string(look_pairs(k, d)) + ", ";
  char buf[640];
  std::string pairs = "N", last;
  if (c.verdicts.size() == 1 && c.verdicts[0].looks > 0) {
    const int k = c.verdicts[0].looks;
    pairs = std::to_string(c.verdicts[0].base.n);
    std::snprintf(buf, sizeof buf, "look %d: %.3g; ", k, look_alpha(k, d.alpha));
    last = buf;
  }
  std::snprintf(buf, sizeof buf,
                "change = median of the per-pair ratios contender/base, %s interleaved pairs "
                "in randomised order; sign-test interval of that median (binomial order "
                "statistics) at the level spent at the last look (%salpha %g over looks at "
                "%s... pairs, alpha_k = %g/(k(k+1))); stopped when the interval lay entirely "
                "beyond or within ±%.1f %%; p from the two-sided sign test",
                pairs.c_str(), last.c_str(), d.alpha, looks.c_str(), d.alpha, d.threshold * 100);
  return buf;
}

}  // namespace

bool before_this_run(const Verdict& v) { return v.history && v.history->origin == Origin::history; }

std::string status_label(const Verdict& v) {
  return std::string(to_string(v.status)) + (before_this_run(v) ? " (before this run)" : "");
}

std::string history_note(const Comparison& c) {
  std::string from_history, suites;
  int n_history = 0, n_suite = 0;
  for (const auto& v : c.verdicts) {
    if (!v.history) continue;
    const SeriesState& s = v.history->series;
    const std::string name = v.benchmark + " " + v.metric;
    if (s.limits) {
      std::string runs = std::to_string(s.runs) + " runs";
      if (!s.since_commit.empty()) runs += " since " + s.since_commit.substr(0, 7);
      if (s.drift) runs += ", drifting";
      from_history +=
          (n_history++ ? ", " : "") + name + " " + pct(s.limits->warning) + " (" + runs + ")";
    } else {
      suites += (n_suite++ ? ", " : "") + name + " (" + std::to_string(s.runs) + " runs)";
    }
  }
  if (n_history == 0 && n_suite == 0) return "";
  std::string note =
      "limits from each series' history (--history): the warning limit is a one-sided "
      "3-sigma prediction bound (Student's t) on two runs of its newest regime, at least 0.5 %, "
      "the critical limit twice it";
  if (n_history) note += "; warning limits: " + from_history;
  if (n_suite) note += "; too little history, the suite's limits: " + suites;
  return note;
}

std::string method_note(const Comparison& c) {
  const std::string history = history_note(c);
  if (c.pairs) return pairs_note(c, *c.pairs) + (history.empty() ? "" : "; " + history);
  const auto& o = c.options;
  char buf[768];
  std::snprintf(buf, sizeof buf,
                "change = contender median / base median - 1; %.0f %% percentile-bootstrap "
                "interval of that ratio (%d resamples, seed %#llx); p from a "
                "two-sided Mann-Whitney U test, adjusted by Benjamini-Hochberg across the %d tests "
                "of this comparison; a change counts "
                "when adjusted p < %.2g and it is beyond the warning limit; stable when the "
                "whole interval lies within the warning limit",
                o.confidence * 100, o.resamples, static_cast<unsigned long long>(o.seed),
                c.family_size, o.alpha);
  std::string note = buf;
  int summaries = 0;
  for (const auto& v : c.verdicts) summaries += v.method == Method::summaries ? 1 : 0;
  if (summaries > 0)
    note += "; " + std::to_string(summaries) + (summaries == 1 ? " row" : " rows") +
            " judged from summary statistics because the source gave no raw samples "
            "(shown as \"mean\"): change = ratio of means, t interval of the log ratio "
            "(delta method), p from Welch's t-test on mean, standard deviation and count";
  if (!history.empty()) note += "; " + history;
  return note;
}

}  // namespace perfgate
