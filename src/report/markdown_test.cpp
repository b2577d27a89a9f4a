// The Markdown report is read back the way GitHub reads it: table rows are
// counted and split into cells on unescaped pipes, and the whole comment
// must stay under GitHub's limit however many benchmarks there are.
#include <gtest/gtest.h>

#include <sstream>

#include "report/report_testing.hpp"
#include "report/reporter.hpp"

namespace perfgate {
namespace {

using testing_support::many_verdicts;
using testing_support::render;

// Table rows (not header, not the |---| rule) of the text, in order.
std::vector<std::string> table_rows(const std::string& md) {
  std::vector<std::string> rows;
  std::istringstream in(md);
  std::string line;
  bool header_next = false;
  while (std::getline(in, line)) {
    if (line.rfind("| benchmark |", 0) == 0) {
      header_next = true;
      continue;
    }
    if (header_next) {  // the alignment rule
      header_next = false;
      continue;
    }
    if (line.rfind("| ", 0) == 0) rows.push_back(line);
  }
  return rows;
}

// Cells of a table row as GitHub splits them: on pipes not escaped by "\".
std::vector<std::string> cells(const std::string& row) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 1; i < row.size(); ++i) {
    if (row[i] == '\\' && i + 1 < row.size()) {
      cur += row[i + 1];
      ++i;
    } else if (row[i] == '|') {
      const auto b = cur.find_first_not_of(' '), e = cur.find_last_not_of(' ');
      out.push_back(b == std::string::npos ? "" : cur.substr(b, e - b + 1));
      cur.clear();
    } else {
      cur += row[i];
    }
  }
  return out;
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

TEST(MarkdownReport, OneRowPerVerdictChangedFirstWorstFirstStableFolded) {
  Comparison c = many_verdicts(44);  // critical: 0, 10, 20, 30, 40; improvement: 25
  std::swap(c.verdicts[0], c.verdicts[25]);  // an improvement before the criticals
  std::string md = render("markdown", c);
  std::vector<std::string> rows = table_rows(md);
  ASSERT_EQ(rows.size(), 44u) << md;
  for (int i = 0; i < 5; ++i) EXPECT_NE(rows[i].find("critical"), std::string::npos) << rows[i];
  EXPECT_NE(rows[5].find("improvement"), std::string::npos) << "worst first: " << rows[5];
  auto details = md.find("<details><summary>38 stable</summary>");
  ASSERT_NE(details, std::string::npos);
  EXPECT_GT(md.find(rows[6]), details) << "stable rows are folded";
  EXPECT_LT(md.find(rows[5]), details);
  EXPECT_EQ(md.find("not shown"), std::string::npos) << "nothing was left out";
}

TEST(MarkdownReport, HostileNamesStayInTheirCell) {
  Comparison c = many_verdicts(3);
  c.verdicts[0].benchmark = "a|b`c`<script>alert(1)</script>*x*_y_ [l](http://e) ютф-8 ✓";
  c.verdicts[1].benchmark = "line\nbreak\\|pipe";
  std::string md = render("markdown", c);
  for (const auto& row : table_rows(md)) EXPECT_EQ(cells(row).size(), 7u) << row;
  EXPECT_EQ(md.find("<script>"), std::string::npos);
  // Unescaped by the reader, the name reads as it was, HTML entities aside.
  std::vector<std::string> first = cells(table_rows(md)[0]);
  EXPECT_EQ(first[0], "a|b`c`&lt;script&gt;alert(1)&lt;/script&gt;*x*_y_ [l](http://e) ютф-8 ✓");
  EXPECT_EQ(cells(table_rows(md)[1])[0], "line break\\|pipe");
}

TEST(MarkdownReport, FiveThousandBenchmarksFitGitHubsLimitAndSayWhatWasLeftOut) {
  Comparison c = many_verdicts(5000);  // 500 critical, 100 improvements, 4400 stable
  std::string md = render("markdown", c);
  EXPECT_LE(md.size(), 65536u);
  std::vector<std::string> rows = table_rows(md);
  // Worst first: all 500 criticals, then as many improvements as fit; the
  // rest are counted.
  std::size_t critical_rows = 0;
  for (const auto& r : rows) critical_rows += r.find("critical |") != std::string::npos;
  EXPECT_EQ(critical_rows, 500u);
  ASSERT_LT(rows.size(), 600u);
  for (std::size_t i = 500; i < rows.size(); ++i)
    EXPECT_NE(rows[i].find("improvement |"), std::string::npos) << rows[i];
  const std::string note = std::to_string(600 - rows.size()) + " more changed rows not shown";
  EXPECT_NE(md.find(note), std::string::npos) << md.substr(md.size() - 2000);
  EXPECT_NE(md.find("4400 stable rows not shown"), std::string::npos);
  EXPECT_NE(md.find("Samples per row"), std::string::npos) << "the footnote always stays";
}

TEST(MarkdownReport, ALowerLimitIsHonouredToo) {
  ReportOptions o;
  o.max_markdown_chars = 8000;
  std::string md = render("markdown", many_verdicts(1000), o);
  EXPECT_LE(md.size(), 8000u);
  EXPECT_NE(md.find("more changed rows not shown"), std::string::npos);
}

TEST(MarkdownReport, NoBenchmarksSaysSo) {
  Comparison c = many_verdicts(0);
  std::string md = render("markdown", c);
  EXPECT_NE(md.find("No benchmark was compared."), std::string::npos) << md;
  EXPECT_TRUE(table_rows(md).empty());
}

TEST(MarkdownReport, EveryBenchmarkFailedIsAllAboveTheFold) {
  Comparison c = many_verdicts(4);
  for (auto& v : c.verdicts) {
    v.status = Status::failed;
    v.change.reset();
    v.contender = testing_support::side(0, 5, std::nullopt);
    v.reason = "contender: 5 of 5 repetitions failed; first: exit status 1";
  }
  c.summary = Summary{};
  c.summary.failed = 4;
  std::string md = render("markdown", c);
  EXPECT_EQ(count(md, "❌ failed"), 4u);
  EXPECT_EQ(md.find("<details>"), std::string::npos);
  EXPECT_EQ(count(md, "5 of 5 repetitions failed"), 4u) << "the reason is under the table";
  EXPECT_NE(md.find("0 stable, 0 inconclusive, 4 failed"), std::string::npos);
}

TEST(MarkdownReport, VeryLongNamesAreShortenedInTheMiddle) {
  Comparison c = many_verdicts(2);
  c.verdicts[0].benchmark = "start/" + std::string(5000, 'x') + "/end";
  std::string md = render("markdown", c);
  std::string name = cells(table_rows(md)[0])[0];
  EXPECT_EQ(name.rfind("start/", 0), 0u);
  EXPECT_EQ(name.substr(name.size() - 4), "/end");
  EXPECT_NE(name.find("…"), std::string::npos);
  EXPECT_LT(name.size(), 200u);
}

TEST(MarkdownReport, FootnoteNamesEachSidesEnvironmentAndSampleCounts) {
  Comparison c = many_verdicts(3);
  c.base.cpu_model = "AMD EPYC 7763";
  c.base.logical_cores = 2;
  c.base.os = "Debian GNU/Linux 12 (bookworm)";
  c.contender.compiler = "GNU 12.2.0";
  c.contender.source = "gbench";
  c.verdicts[1].contender.n = 7;
  std::string md = render("markdown", c);
  EXPECT_NE(md.find("AMD EPYC 7763 (2 logical cores), Debian GNU/Linux 12 (bookworm)"),
            std::string::npos) << md;
  EXPECT_NE(md.find("GNU 12.2.0, ingested from gbench"), std::string::npos) << md;
  EXPECT_NE(md.find("Samples per row: base n=10, contender n=7–10"), std::string::npos) << md;
  EXPECT_NE(md.find("Mann-Whitney"), std::string::npos) << "the method is named";
}

}  // namespace
}  // namespace perfgate
