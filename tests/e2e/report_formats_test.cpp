// End-to-end tests of the JUnit XML and CSV reports: two real runs of a tiny
// suite, the second with one benchmark clearly slower, compared through the
// real binary; the outputs are parsed back (pugixml; a strict RFC 4180
// reader below) and checked against the result files the runs wrote.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "cli_fixture.hpp"

namespace {

using perfgate::e2e::Cli;
using perfgate::e2e::Result;
using perfgate::e2e::slurp;
namespace fs = std::filesystem;
using Rows = std::vector<std::vector<std::string>>;

// `slow/sleep:x.y` sleeps SLOW seconds (default 0.01); `fast` never changes.
// (A suite allows only letters, digits and . _ - / : in names; the unit tests
// cover names that need quoting and escaping.) Six runs each keep the
// test to about a second, and a 5x slowdown is far beyond noise.
const char* kSuite = R"(
[suite]
name = "formats"
[defaults]
warmup = 0
runs = 6
warning = "10%"
critical = "40%"
[gate]
fail_on = "critical"
[[benchmark]]
name = "fast"
shell = "sleep 0.01"
[[benchmark]]
name = "slow/sleep:x.y"
shell = "sleep ${SLOW:-0.01}"
)";
const std::string kSlow = "slow/sleep:x.y";

// A strict RFC 4180 reader: quoted fields may hold anything, a quote inside
// one is doubled, and anything else (a stray quote, an unclosed field, text
// after a closing quote) is an error. Records end in LF or CRLF.
Rows parse_csv(const std::string& s) {
  Rows rows;
  std::vector<std::string> row;
  std::string field;
  std::size_t i = 0;
  auto fail = [&](const char* what) {
    ADD_FAILURE() << "CSV: " << what << " at offset " << i;
    return Rows{};
  };
  while (i < s.size()) {
    if (s[i] == '"') {
      for (++i;; ++i) {
        if (i >= s.size()) return fail("unclosed quoted field");
        if (s[i] == '"') {
          if (i + 1 < s.size() && s[i + 1] == '"')
            field += s[++i];
          else
            break;
        } else {
          field += s[i];
        }
      }
      ++i;  // the closing quote
    } else {
      while (i < s.size() && s[i] != ',' && s[i] != '\n' && s[i] != '\r') {
        if (s[i] == '"') return fail("quote inside an unquoted field");
        field += s[i++];
      }
    }
    row.push_back(std::move(field));
    field.clear();
    if (i < s.size() && s[i] == ',') {
      ++i;
      continue;
    }
    if (i < s.size() && s[i] == '\r') ++i;
    if (i < s.size() && s[i] != '\n') return fail("text after a closing quote");
    ++i;
    rows.push_back(std::move(row));
    row.clear();
  }
  return rows;
}

double number(const std::string& cell) {
  char* end = nullptr;
  double x = std::strtod(cell.c_str(), &end);
  EXPECT_TRUE(!cell.empty() && *end == '\0') << "not a number: '" << cell << "'";
  return x;
}

class ReportFormats : public Cli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    write("perfgate.toml", kSuite);
    ASSERT_EQ(perfgate("run perfgate.toml --quiet").exit_code, 0);
    ASSERT_EQ(perfgate("run perfgate.toml --quiet", "SLOW=0.05").exit_code, 0);
  }

  // The samples each run's result file holds, keyed by (run id, benchmark,
  // metric), for the metrics the runs compare: the oracle for samples-csv.
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<double>> stored() {
    std::map<std::tuple<std::string, std::string, std::string>, std::vector<double>> out;
    for (const auto& entry : fs::directory_iterator(dir_ / ".perfgate/runs")) {
      auto run = nlohmann::json::parse(slurp(entry.path()));
      for (const auto& b : run["benchmarks"])
        for (const auto& m : b["metrics"]) {
          if (!m["compared"].get<bool>()) continue;
          const std::string metric = m["name"];
          auto& xs = out[{run["id"].get<std::string>(), b["name"].get<std::string>(), metric}];
          for (const auto& rep : b["repetitions"])
            if (rep["ok"].get<bool>() && rep["values"].contains(metric))
              xs.push_back(rep["values"][metric].get<double>());
        }
    }
    return out;
  }
};

TEST_F(ReportFormats, JunitShowsTheSlowBenchmarkAsAFailureWithItsNumbers) {
  Result r = perfgate("compare latest~1 latest --format junit");
  EXPECT_EQ(r.exit_code, 1) << "the critical regression fails the gate\n" << r.err;
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(r.out.c_str())) << r.out;
  pugi::xml_node suites = doc.child("testsuites");
  const int verdicts = static_cast<int>(
      nlohmann::json::parse(perfgate("compare latest~1 latest --format json").out)["verdicts"]
          .size());
  EXPECT_EQ(suites.attribute("tests").as_int(), verdicts);
  EXPECT_EQ(static_cast<int>(doc.select_nodes("//testcase").size()), verdicts);
  EXPECT_EQ(suites.attribute("failures").as_int(), 1) << r.out;
  EXPECT_EQ(suites.attribute("errors").as_int(), 0) << r.out;
  EXPECT_STREQ(doc.child("testsuites").child("testsuite").attribute("name").value(), "formats");

  pugi::xml_node failure = doc.select_node("//testcase/failure").node();
  ASSERT_TRUE(failure) << r.out;
  EXPECT_EQ(std::string(failure.parent().attribute("classname").value()), "perfgate." + kSlow);
  EXPECT_STREQ(failure.parent().attribute("name").value(), "wall_time");
  EXPECT_STREQ(failure.attribute("type").value(), "critical");
  EXPECT_NE(std::string(failure.attribute("message").value()).find("% CI"), std::string::npos);
  const std::string body = failure.text().get();
  for (const char* fact : {"base latest~1", "contender latest", "n = 6, 0 failed",
                           "adjusted p =", "critical 40.0 %", "reason: "})
    EXPECT_NE(body.find(fact), std::string::npos) << fact << " in:\n" << body;
  // Six sleeps of 50 ms: at least 0.3 s measured.
  EXPECT_GE(failure.parent().attribute("time").as_double(), 0.3);

  Result to_file = perfgate("compare latest~1 latest --format junit -o report.xml");
  EXPECT_EQ(to_file.exit_code, 1);
  EXPECT_EQ(slurp(dir_ / "report.xml"), r.out) << "-o writes what stdout would show";
}

TEST_F(ReportFormats, CsvHasOneRowPerVerdictMatchingTheJsonReport) {
  Result r = perfgate("compare latest~1 latest --format csv -o verdicts.csv");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  Rows rows = parse_csv(slurp(dir_ / "verdicts.csv"));
  auto doc = nlohmann::json::parse(perfgate("compare latest~1 latest --format json").out);
  const auto& verdicts = doc["verdicts"];
  ASSERT_EQ(rows.size(), verdicts.size() + 1);
  ASSERT_EQ(rows[0].size(), 20u);
  EXPECT_EQ(rows[0][0], "benchmark");
  for (std::size_t i = 0; i < verdicts.size(); ++i) {
    const auto& v = verdicts[i];
    const auto& row = rows[i + 1];
    ASSERT_EQ(row.size(), 20u);
    EXPECT_EQ(row[0], v["benchmark"]);
    EXPECT_EQ(row[1], v["metric"]);
    EXPECT_EQ(row[16], v["level"]);
    EXPECT_EQ(number(row[5]), v["base"]["n"].get<double>());
    EXPECT_EQ(number(row[6]), v["base"]["median"].get<double>());
    EXPECT_EQ(number(row[9]), v["contender"]["median"].get<double>());
    EXPECT_EQ(number(row[11]), v["change"]["ratio"].get<double>() - 1);
    EXPECT_EQ(number(row[15]), v["change"]["p_adjusted"].get<double>());
    EXPECT_EQ(row[19], v["reason"]);
  }
  EXPECT_EQ(rows[2][0], kSlow);
  EXPECT_EQ(rows[2][16], "critical");
  EXPECT_GT(number(rows[2][11]), 0.4) << "beyond the critical limit";
}

TEST_F(ReportFormats, SamplesCsvHoldsExactlyTheSamplesOfTheResultFiles) {
  Result r = perfgate("compare latest~1 latest --format samples-csv");
  Rows rows = parse_csv(r.out);
  ASSERT_FALSE(rows.empty()) << r.err;
  EXPECT_EQ(rows[0], (std::vector<std::string>{"side", "run_id", "benchmark", "metric", "unit",
                                               "index", "value"}));
  auto doc = nlohmann::json::parse(perfgate("compare latest~1 latest --format json").out);
  std::size_t n_total = 0;
  for (const auto& v : doc["verdicts"])
    n_total += v["base"]["n"].get<std::size_t>() + v["contender"]["n"].get<std::size_t>();
  ASSERT_EQ(rows.size(), n_total + 1) << "one row per sample: the sum of n over both sides";

  auto samples = stored();
  std::size_t n_stored = 0;
  for (const auto& [key, xs] : samples) n_stored += xs.size();
  EXPECT_EQ(n_stored, n_total) << "two runs of two benchmarks, each metric compared";
  for (std::size_t r_i = 1; r_i < rows.size(); ++r_i) {
    const auto& row = rows[r_i];
    ASSERT_EQ(row.size(), 7u);
    const std::string& id = row[1];
    EXPECT_EQ(id, doc[row[0]]["id"].get<std::string>()) << "the run id of its side";
    const auto& xs = samples[{id, row[2], row[3]}];
    const std::size_t index = std::stoul(row[5]);
    ASSERT_LT(index, xs.size()) << row[2];
    EXPECT_EQ(number(row[6]), xs[index]) << row[2] << " " << row[5];
  }
}

}  // namespace
