// Reports: a comparison written in one output format. One interface, one
// file per format (text.cpp, json.cpp, markdown.cpp, github.cpp, junit.cpp,
// csv.cpp, html.cpp), as Google Benchmark's reporters and hyperfine's
// exporters are.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/compare.hpp"

namespace perfgate {

struct ReportOptions {
  bool color = false;  // ANSI colours by status (text, github)
  // Columns the text table may use (the terminal's width); 0: no limit, as
  // when writing to a file or a pipe.
  int width = 0;
  // The most characters a Markdown report may have: GitHub refuses comments
  // over 65,536. The report folds, then truncates with a visible note.
  std::size_t max_markdown_chars = 65536;
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void write(const Comparison& comparison, std::ostream& out) const = 0;
};

std::unique_ptr<Reporter> make_text_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_json_reporter();
std::unique_ptr<Reporter> make_markdown_reporter(const ReportOptions& options);
// GitHub Actions workflow commands: ::error/::warning/::notice per finding,
// the text table in a ::group:: block.
std::unique_ptr<Reporter> make_github_reporter(const ReportOptions& options);
// JUnit XML: one test case per benchmark x metric.
std::unique_ptr<Reporter> make_junit_reporter();
// CSV: one row per verdict.
std::unique_ptr<Reporter> make_csv_reporter();
// CSV: one row per raw sample of either side.
std::unique_ptr<Reporter> make_samples_csv_reporter();
// One self-contained HTML page: a distribution plot per benchmark x metric.
std::unique_ptr<Reporter> make_html_reporter();

// The reporter for a --format value, or nullptr when the name is unknown.
std::unique_ptr<Reporter> make_reporter(std::string_view format, const ReportOptions& options);
// The names make_reporter accepts, for usage messages.
std::vector<std::string> report_formats();

// "1 regression, 2 improvements, 41 stable, 0 inconclusive, 0 failed".
std::string summary_line(const Summary& summary);

// "generate: skipped by the contender, not compared: fixture \"model\" not
// found: ..." — one benchmark a side did not run.
std::string skipped_line(const SkippedBenchmark& s);

// A verdict's status as the tables show it: "critical", or "critical (before
// this run)" for a regression `--history` found already in the history (its
// severity lowered: it does not block the merge).
std::string status_label(const Verdict& v);
// Whether `--history` found the verdict's regression already in the history.
bool before_this_run(const Verdict& v);

// The method behind every verdict, in one sentence with its parameters and
// sample counts, so that every printed number says how it was made.
std::string method_note(const Comparison& comparison);
// For a comparison judged with --history: how each series' limits were set
// and what they are ("" otherwise). method_note ends with it.
std::string history_note(const Comparison& comparison);

}  // namespace perfgate
