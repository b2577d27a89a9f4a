#include "dashboard/compare_page.hpp"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "dashboard/dashboard_testing.hpp"
#include "report/html_page.hpp"
#include "report/report_testing.hpp"

namespace perfgate::dashboard {
namespace {

using testing::count_of;
using testing_support::many_verdicts;
using testing_support::render;
using testing_support::run_python;
using testing_support::sample_comparison;

std::string page_of(const Comparison& c) {
  std::ostringstream out;
  write_compare_page({"demo", c}, out);
  return out.str();
}

// Python's html.parser (an independent reader) lists the page's verdict rows:
// "benchmark<TAB>metric<TAB>status" per line, in page order, from the
// attributes as a browser decodes them.
constexpr const char* kRowsOfPage = R"py(
import sys
from html.parser import HTMLParser
sys.stdout.reconfigure(encoding="utf-8")
class Rows(HTMLParser):
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and a.get("class") == "verdict":
            print(a["data-benchmark"] + "\t" + a["data-metric"] + "\t" + a["data-status"])
Rows().feed(open(sys.argv[1], encoding="utf-8").read())
)py";

// The same from the Markdown report's tables: benchmark, metric and the
// status word of each row, in report order.
constexpr const char* kRowsOfMarkdown = R"py(
import re, sys
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.startswith("| ") or line.startswith("| benchmark"):
        continue
    # Markdown's backslash escapes (wall\_time) read as the character.
    cells = [re.sub(r"\\(.)", r"\1", c.strip()) for c in line.strip().strip("|").split(" | ")]
    status = cells[-1].split(" ", 1)[1].split(" (")[0].replace("over budget", "over_budget")
    print(cells[0] + "\t" + cells[1] + "\t" + status)
)py";

TEST(ComparePage, ShowsTheMarkdownReportsRowsInItsOrder) {
  const Comparison c = many_verdicts(60);
  const std::string page_rows = run_python(kRowsOfPage, page_of(c));
  const std::string markdown_rows = run_python(kRowsOfMarkdown, render("markdown", c));
  EXPECT_EQ(count_of(page_rows, "\n"), 60u);
  EXPECT_EQ(page_rows, markdown_rows);
  // Worst first: the six critical rows (every tenth) lead.
  std::istringstream lines(page_rows);
  std::string line;
  for (int i = 0; i < 6 && std::getline(lines, line); ++i)
    EXPECT_EQ(line, "bench/" + std::to_string(10 * i) + "\twall_time\tcritical");
}

TEST(ComparePage, HoldsTheSameNumbersMethodAndSamplesAsTheMarkdownReport) {
  const Comparison c = sample_comparison();
  const std::string html = page_of(c);
  // The critical row: both medians with n, the change with its interval, p.
  EXPECT_NE(html.find("40.0 ms <span class=\"muted\">n=10</span>"), std::string::npos);
  EXPECT_NE(html.find("50.0 ms <span class=\"muted\">n=10</span>"), std::string::npos);
  EXPECT_NE(html.find("<strong>+25.0 %</strong> (+21.0 % … +29.0 %)"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">0.0004</td>"), std::string::npos);
  EXPECT_NE(html.find("change (95 % CI)"), std::string::npos);
  const std::string counts = "Samples per row: base n=10, contender n=10.";
  EXPECT_NE(render("markdown", c).find(counts), std::string::npos);
  EXPECT_NE(html.find(counts), std::string::npos);
  EXPECT_NE(html.find(html::escape(method_note(c))), std::string::npos);
  EXPECT_NE(html.find("Base: 20261123T190312.345Z-3f2a9c1, commit 3f2a9c1."), std::string::npos);
  EXPECT_NE(html.find(summary_line(c.summary)), std::string::npos);
  EXPECT_NE(html.find("+25.0 % is beyond the 10.0 % critical limit"), std::string::npos);
  // The stable row folded, open because it is short.
  EXPECT_NE(html.find("<details class=\"stable\" open><summary>1 stable</summary>"),
            std::string::npos);
}

TEST(ComparePage, NamesBothRunsAndLinksEachRowToItsSeries) {
  const std::string html = page_of(sample_comparison());
  EXPECT_NE(
      html.find("Base <a class=\"run base\" href=\"#footnote\">20261123T190312.345Z-3f2a9c1</a>"),
      std::string::npos);
  EXPECT_NE(html.find("contender <a class=\"run contender\" href=\"#footnote\">"
                      "20261123T190400.001Z-3f2a9c1</a>"),
            std::string::npos);
  EXPECT_NE(html.find("<a href=\"/p/demo/series?benchmark=sort&amp;metric=wall_time\">sort</a>"),
            std::string::npos);
}

TEST(ComparePage, HostileNamesReadBackExactlyThroughAnHtmlParser) {
  std::vector<std::string> names = testing_support::hostile_names();
  names.push_back("<script>alert(1)</script>");
  const Comparison c = testing_support::with_names(names);
  const std::string html = page_of(c);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  // Control characters become spaces (HTML forbids them); all else is kept.
  std::multiset<std::string> expected;
  for (std::string n : names) {
    for (char& ch : n)
      if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = ' ';
    expected.insert(n);
  }
  std::multiset<std::string> read;
  std::istringstream lines(run_python(kRowsOfPage, html));
  for (std::string line; std::getline(lines, line);) read.insert(line.substr(0, line.find('\t')));
  EXPECT_EQ(read, expected);
}

}  // namespace
}  // namespace perfgate::dashboard
