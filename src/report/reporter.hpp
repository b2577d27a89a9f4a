// Reports: a comparison written in one output format. One interface, one
// file per format (text.cpp, json.cpp, markdown.cpp), as Google Benchmark's
// reporters and hyperfine's exporters are.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/compare.hpp"

namespace perfgate {

struct ReportOptions {
  bool color = false;  // ANSI colours by status (text only)
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void write(const Comparison& comparison, std::ostream& out) const = 0;
};

std::unique_ptr<Reporter> make_text_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_json_reporter();
std::unique_ptr<Reporter> make_markdown_reporter();

// The reporter for a --format value, or nullptr when the name is unknown.
std::unique_ptr<Reporter> make_reporter(std::string_view format, const ReportOptions& options);
// The names make_reporter accepts, for usage messages.
std::vector<std::string> report_formats();

// "1 regression, 2 improvements, 41 stable, 0 inconclusive, 0 failed".
std::string summary_line(const Summary& summary);

// The method behind every verdict, in one sentence with its parameters and
// sample counts, so that every printed number says how it was made.
std::string method_note(const Comparison& comparison);

}  // namespace perfgate
