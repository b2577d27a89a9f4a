// The CSV reports: `csv`, one row per verdict, and `samples-csv`, one row per
// raw sample of either side, for spreadsheets, pandas and R
// (docs/formats.md, "CSV").
//
// Decisions, each for the reader's sake:
// - Fields follow RFC 4180: a field holding a comma, a double quote, CR or LF
//   is quoted, and quotes inside it are doubled. Everything else is written
//   as is, so names come back byte for byte.
// - Records end in "\n", not RFC 4180's CRLF: Python's csv, pandas, R and
//   every spreadsheet read both, and a bare LF keeps line tools (grep, awk,
//   cut, diff) from finding a stray CR in the last column.
// - Numbers are written with full precision (the shortest text that reads
//   back as the same double), never as percentages; an absent or non-finite
//   value is an empty field.
// - No guard against spreadsheet formula injection (prefixing names that
//   start with = + - @ by a quote): it would change the names every other
//   reader sees, and numbers in these files legitimately start with "-". The
//   names come from the suite under review; open the file in a spreadsheet
//   through its import dialog, or read the Markdown or HTML report.
#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>

#include "report/csv_fields.hpp"
#include "report/reporter.hpp"

namespace perfgate {
namespace {

using csv::field;
using csv::number;

// One record, field by field; end() closes it with the line end.
class Record {
 public:
  explicit Record(std::ostream& out) : out_(out) {}
  Record& text(std::string_view s) { return raw(field(s)); }
  Record& num(double x) { return raw(number(x)); }
  Record& num(const std::optional<double>& x) { return raw(number(x)); }
  Record& integer(long long n) { return raw(std::to_string(n)); }
  void end() { out_ << '\n'; }

 private:
  Record& raw(const std::string& s) {
    if (!first_) out_ << ',';
    first_ = false;
    out_ << s;
    return *this;
  }
  std::ostream& out_;
  bool first_ = true;
};

// The change columns are fractions (ratio - 1), as the limits are: 0.25 for
// +25 %, so that `change > critical_limit` compares like with like.
std::optional<double> minus_one(const std::optional<Change>& c, double Change::*ratio) {
  if (!c) return std::nullopt;
  return (*c).*ratio - 1;
}

std::optional<double> of_change(const std::optional<Change>& c, double Change::*field) {
  if (!c) return std::nullopt;
  return (*c).*field;
}

class CsvReporter : public Reporter {
 public:
  void write(const Comparison& c, std::ostream& out) const override {
    out << "benchmark,metric,unit,direction,method,base_n,base_median,base_failed,contender_n,"
           "contender_median,contender_failed,change,ci_low,ci_high,p_value,p_adjusted,status,"
           "warning_limit,critical_limit,reason\n";
    for (const auto& v : c.verdicts) {
      Record(out)
          .text(v.benchmark)
          .text(v.metric)
          .text(v.unit)
          .text(to_string(v.direction))
          .text(to_string(v.method))
          .integer(v.base.n)
          .num(v.base.median)
          .integer(v.base.failed)
          .integer(v.contender.n)
          .num(v.contender.median)
          .integer(v.contender.failed)
          .num(minus_one(v.change, &Change::ratio))
          .num(minus_one(v.change, &Change::ci_low))
          .num(minus_one(v.change, &Change::ci_high))
          .num(of_change(v.change, &Change::p_value))
          .num(of_change(v.change, &Change::p_adjusted))
          .text(to_string(v.status))
          .num(v.limits.warning)
          .num(v.limits.critical)
          .text(v.reason)
          .end();
    }
  }
};

// `index` counts a side's successful samples of the metric, from 0, in the
// order the repetitions ran (failed repetitions have no sample).
void write_samples(std::ostream& out, std::string_view side, const RunSide& run, const Verdict& v,
                   const std::vector<double>& samples) {
  for (std::size_t i = 0; i < samples.size(); ++i)
    Record(out)
        .text(side)
        .text(run.id)
        .text(v.benchmark)
        .text(v.metric)
        .text(v.unit)
        .integer(static_cast<long long>(i))
        .num(samples[i])
        .end();
}

class SamplesCsvReporter : public Reporter {
 public:
  void write(const Comparison& c, std::ostream& out) const override {
    out << "side,run_id,benchmark,metric,unit,index,value\n";
    for (const auto& v : c.verdicts) {
      write_samples(out, "base", c.base, v, v.base_samples);
      write_samples(out, "contender", c.contender, v, v.contender_samples);
    }
  }
};

}  // namespace

std::unique_ptr<Reporter> make_csv_reporter() { return std::make_unique<CsvReporter>(); }

std::unique_ptr<Reporter> make_samples_csv_reporter() {
  return std::make_unique<SamplesCsvReporter>();
}

}  // namespace perfgate
