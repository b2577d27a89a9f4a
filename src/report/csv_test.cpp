// The CSV reports are read back by Python's csv module in strict mode, an
// independent RFC 4180 reader, and every cell is compared with the
// comparison it came from: names byte for byte, numbers bit for bit.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "report/report_testing.hpp"
#include "report/reporter.hpp"

namespace perfgate {
namespace {

using testing_support::render;
using Rows = std::vector<std::vector<std::string>>;

Rows python_rows(const std::string& csv) {
  const std::string answer = testing_support::run_python(
      "import csv, json, sys\n"
      "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
      "    rows = list(csv.reader(f, strict=True))\n"
      "json.dump(rows, sys.stdout)\n",
      csv);
  return nlohmann::json::parse(answer).get<Rows>();
}

// The double a cell holds, read as any C program would; NAN for "" so a
// missing number never compares equal.
double cell_number(const std::string& cell) {
  if (cell.empty()) return std::nan("");
  char* end = nullptr;
  double x = std::strtod(cell.c_str(), &end);
  EXPECT_EQ(*end, '\0') << "not a plain number: " << cell;
  return x;
}

const std::vector<std::string> kVerdictColumns = {
    "benchmark",        "metric",      "unit",          "direction",      "method",
    "base_n",           "base_median", "base_failed",   "contender_n",    "contender_median",
    "contender_failed", "change",      "ci_low",        "ci_high",        "p_value",
    "p_adjusted",       "status",      "warning_limit", "critical_limit", "reason"};

std::size_t column(const std::string& name) {
  for (std::size_t i = 0; i < kVerdictColumns.size(); ++i)
    if (kVerdictColumns[i] == name) return i;
  ADD_FAILURE() << "no column " << name;
  return 0;
}

TEST(CsvReport, HasTheHeaderAndOneRowPerVerdictWithExactNumbers) {
  const Comparison c = testing_support::sample_comparison();
  Rows rows = python_rows(render("csv", c));
  ASSERT_EQ(rows.size(), c.verdicts.size() + 1);
  EXPECT_EQ(rows[0], kVerdictColumns);
  for (std::size_t i = 0; i < c.verdicts.size(); ++i) {
    const Verdict& v = c.verdicts[i];
    const auto& r = rows[i + 1];
    ASSERT_EQ(r.size(), kVerdictColumns.size());
    EXPECT_EQ(r[column("benchmark")], v.benchmark);
    EXPECT_EQ(r[column("metric")], v.metric);
    EXPECT_EQ(r[column("unit")], "ns");
    EXPECT_EQ(r[column("direction")], "lower");
    EXPECT_EQ(r[column("method")], "samples");
    EXPECT_EQ(r[column("base_n")], "10");
    EXPECT_EQ(r[column("contender_failed")], "0");
    EXPECT_EQ(cell_number(r[column("base_median")]), *v.base.median);
    EXPECT_EQ(cell_number(r[column("contender_median")]), *v.contender.median);
    EXPECT_EQ(cell_number(r[column("change")]), v.change->ratio - 1);
    EXPECT_EQ(cell_number(r[column("ci_low")]), v.change->ci_low - 1);
    EXPECT_EQ(cell_number(r[column("ci_high")]), v.change->ci_high - 1);
    EXPECT_EQ(cell_number(r[column("p_value")]), v.change->p_value);
    EXPECT_EQ(cell_number(r[column("p_adjusted")]), v.change->p_adjusted);
    EXPECT_EQ(cell_number(r[column("warning_limit")]), 0.05);
    EXPECT_EQ(cell_number(r[column("critical_limit")]), 0.10);
    EXPECT_EQ(r[column("reason")], v.reason);
  }
  EXPECT_EQ(rows[1][column("status")], "critical") << "the full status, not just 'regression'";
  EXPECT_EQ(rows[2][column("status")], "stable");
  EXPECT_EQ(rows[1][column("change")], "0.25") << "a fraction, not a percentage";
}

TEST(CsvReport, NumbersKeepFullPrecision) {
  Comparison c = testing_support::sample_comparison();
  const double awkward[] = {0.1 + 0.2, 1e-300, 123456789.12345679, 5e-324, 1.7976931348623157e308};
  for (double x : awkward) {
    c.verdicts[0].base.median = x;
    Rows rows = python_rows(render("csv", c));
    EXPECT_EQ(cell_number(rows[1][column("base_median")]), x) << rows[1][column("base_median")];
  }
}

TEST(CsvReport, AbsentAndNonFiniteValuesAreEmptyCells) {
  Comparison c = testing_support::all_failed(3);
  c.verdicts[1].base.median = std::numeric_limits<double>::quiet_NaN();
  Rows rows = python_rows(render("csv", c));
  ASSERT_EQ(rows.size(), 4u);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][column("status")], "failed");
    EXPECT_EQ(rows[i][column("contender_median")], "");
    EXPECT_EQ(rows[i][column("contender_n")], "0");
    EXPECT_EQ(rows[i][column("contender_failed")], "5");
    for (const char* absent : {"change", "ci_low", "ci_high", "p_value", "p_adjusted"})
      EXPECT_EQ(rows[i][column(absent)], "") << absent;
  }
  EXPECT_EQ(cell_number(rows[1][column("base_median")]), 1e6);
  EXPECT_EQ(rows[2][column("base_median")], "") << "NaN is no number a reader can use";
}

TEST(CsvReport, HostileNamesRoundTripExactly) {
  const std::vector<std::string> names = testing_support::hostile_names();
  const Comparison c = testing_support::with_names(names);
  Rows rows = python_rows(render("csv", c));
  ASSERT_EQ(rows.size(), names.size() + 1);
  for (std::size_t i = 0; i < names.size(); ++i) {
    ASSERT_EQ(rows[i + 1].size(), kVerdictColumns.size()) << names[i];
    EXPECT_EQ(rows[i + 1][column("benchmark")], names[i]);
    EXPECT_EQ(rows[i + 1][column("reason")], "reason of " + names[i]);
  }
}

TEST(CsvReport, QuotesOnlyFieldsThatNeedItAndDoublesQuotes) {
  const std::string csv =
      render("csv", testing_support::with_names({"a,b", "say \"hi\"", "plain", "x\ny"}));
  EXPECT_EQ(csv.find("\"a,b\",wall_time0,"), csv.find("\n") + 1) << csv;
  EXPECT_NE(csv.find("\n\"say \"\"hi\"\"\",wall_time1,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nplain,wall_time2,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\n\"x\ny\",wall_time3,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",\"reason of a,b\"\n"), std::string::npos) << csv;
}

TEST(CsvReport, RecordsEndInLineFeedsWithNoCarriageReturn) {
  const std::string csv = render("csv", testing_support::sample_comparison());
  EXPECT_EQ(csv.find('\r'), std::string::npos);
  EXPECT_EQ(csv.back(), '\n');
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);
}

TEST(CsvReport, ZeroBenchmarksIsTheHeaderAlone) {
  Comparison c = testing_support::sample_comparison();
  c.verdicts.clear();
  Rows rows = python_rows(render("csv", c));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], kVerdictColumns);
}

TEST(CsvReport, FiveThousandBenchmarksAreAllThere) {
  const Comparison c = testing_support::many_verdicts(5000);
  Rows rows = python_rows(render("csv", c));
  ASSERT_EQ(rows.size(), 5001u);
  int critical = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][column("benchmark")], c.verdicts[i - 1].benchmark);
    critical += rows[i][column("status")] == "critical" ? 1 : 0;
  }
  EXPECT_EQ(critical, 500);
}

TEST(SamplesCsvReport, OneRowPerSampleOfEitherSideWithExactValues) {
  const Comparison c = testing_support::sample_comparison();
  Rows rows = python_rows(render("samples-csv", c));
  EXPECT_EQ(rows[0], (std::vector<std::string>{"side", "run_id", "benchmark", "metric", "unit",
                                               "index", "value"}));
  std::size_t expected = 0;
  for (const auto& v : c.verdicts) expected += v.base_samples.size() + v.contender_samples.size();
  ASSERT_EQ(rows.size(), expected + 1);
  std::size_t r = 1;
  for (const auto& v : c.verdicts) {
    for (const auto& [side, run, samples] :
         {std::tuple{"base", &c.base, &v.base_samples},
          std::tuple{"contender", &c.contender, &v.contender_samples}}) {
      for (std::size_t k = 0; k < samples->size(); ++k, ++r) {
        ASSERT_EQ(rows[r].size(), 7u);
        EXPECT_EQ(rows[r][0], side);
        EXPECT_EQ(rows[r][1], run->id);
        EXPECT_EQ(rows[r][2], v.benchmark);
        EXPECT_EQ(rows[r][3], v.metric);
        EXPECT_EQ(rows[r][4], v.unit);
        EXPECT_EQ(rows[r][5], std::to_string(k));
        EXPECT_EQ(cell_number(rows[r][6]), (*samples)[k]);
      }
    }
  }
}

TEST(SamplesCsvReport, ASideWithoutSamplesHasNoRowsAndHostileNamesRoundTrip) {
  Comparison c = testing_support::with_names(testing_support::hostile_names());
  c.verdicts[0].contender_samples.clear();  // a summary-only or failed side
  Rows rows = python_rows(render("samples-csv", c));
  ASSERT_EQ(rows.size(), 1 + 10 + 20 * (c.verdicts.size() - 1));
  for (std::size_t r = 1; r <= 10; ++r) EXPECT_EQ(rows[r][0], "base");
  EXPECT_EQ(rows[11][2], c.verdicts[1].benchmark);
  EXPECT_EQ(rows.back()[2], c.verdicts.back().benchmark);
}

TEST(SamplesCsvReport, EveryBenchmarkFailedLeavesOnlyTheBaseSamples) {
  const Comparison c = testing_support::all_failed(7);
  Rows rows = python_rows(render("samples-csv", c));
  ASSERT_EQ(rows.size(), 1u + 7 * 5);
  for (std::size_t r = 1; r < rows.size(); ++r) EXPECT_EQ(rows[r][0], "base");
}

}  // namespace
}  // namespace perfgate
