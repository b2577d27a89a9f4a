#include "dashboard/project_page.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "dashboard/dashboard_testing.hpp"
#include "dashboard/links.hpp"
#include "dashboard/regressions_page.hpp"

namespace perfgate::dashboard {
namespace {

using testing::analysed;
using testing::count_of;
using testing::step_values;

// Four series: a critical regression at the head, a steady one, an
// improvement, and one with too little history.
std::vector<SeriesRow> four_rows() {
  return {series_row(analysed("gemm/256", step_values({20, 20}, {100e6, 130e6}))),
          series_row(analysed("steady", step_values({40}, {5e6}))),
          series_row(analysed("faster", step_values({20, 20}, {10e6, 7e6}))),
          series_row(analysed("newbie", step_values({3}, {1e6})))};
}

std::string render(const ProjectPage& page) {
  std::ostringstream out;
  write_project_page(page, out);
  return out.str();
}

TEST(SeriesRow, KeepsTheLatestPointTheNewestChangeAndTheLast30Values) {
  const SeriesChanges s = analysed("gemm", step_values({20, 20}, {100e6, 130e6}));
  const SeriesRow r = series_row(s);
  EXPECT_EQ(r.points, 40u);
  ASSERT_TRUE(r.latest);
  EXPECT_EQ(r.latest->run.run_id, "run-039");
  EXPECT_EQ(r.latest->value, s.history.points.back().value);
  ASSERT_TRUE(r.newest_change);
  EXPECT_EQ(r.newest_change->first_bad.run_id, "run-020");
  EXPECT_TRUE(r.open_regression());
  ASSERT_EQ(r.recent.size(), kSparklinePoints);
  EXPECT_EQ(r.recent.front(), s.history.points[10].value);
  EXPECT_EQ(r.recent.back(), s.history.points[39].value);
}

TEST(ProjectPage, HasARowPerSeriesWithItsStateLinkAndSparkline) {
  const std::string html =
      render({"demo", four_rows(), "run-039", "2026-11-02T15:00:00Z", "edivisive", "time"});
  EXPECT_EQ(count_of(html, "<tr data-benchmark="), 4u);
  EXPECT_NE(html.find("<tr data-benchmark=\"gemm/256\" data-metric=\"wall_time\" "
                      "data-state=\"regression\">"),
            std::string::npos);
  EXPECT_NE(html.find("data-benchmark=\"steady\" data-metric=\"wall_time\" data-state=\"steady\""),
            std::string::npos);
  EXPECT_NE(html.find("data-benchmark=\"faster\" data-metric=\"wall_time\" "
                      "data-state=\"improvement\""),
            std::string::npos);
  EXPECT_NE(html.find("data-benchmark=\"newbie\" data-metric=\"wall_time\" data-state=\"short\""),
            std::string::npos);
  EXPECT_NE(html.find("<a href=\"/p/demo/series?benchmark=gemm%2F256&amp;metric=wall_time\">"
                      "gemm/256</a>"),
            std::string::npos);
  EXPECT_NE(html.find("regression at the head (critical)"), std::string::npos);
  EXPECT_NE(html.find("too little history: 3 of 6 runs with a value"), std::string::npos);
  // Sparklines: the last 30 of 40 runs, and all 3 of the short series.
  EXPECT_EQ(count_of(html, "<svg class=\"spark\""), 4u);
  EXPECT_EQ(count_of(html, "data-points=\"30\""), 3u);
  EXPECT_EQ(count_of(html, "data-points=\"3\""), 1u);
  EXPECT_NE(html.find("1 regression at the head</a>"), std::string::npos);
  EXPECT_NE(html.find("Newest run: <span class=\"id\">run-039</span>, started "
                      "2026-11-02T15:00:00Z (UTC)"),
            std::string::npos);
}

TEST(ProjectPage, EveryValueSaysItsMethodAndSampleCount) {
  const std::string html = render({"demo", four_rows(), "run-039", "2026-11-02T15:00:00Z",
                                   "edivisive (window 50)", "each series' runs in time order"});
  EXPECT_EQ(count_of(html, "median of n=5"), 4u);
  EXPECT_EQ(count_of(html, "vs the run before"), 4u);
  EXPECT_NE(
      html.find("Change points: edivisive (window 50), over each series&#39; runs in time order"),
      std::string::npos);
}

TEST(ProjectPage, AHostileBenchmarkNameIsEscapedInTextAttributesAndLinks) {
  const std::vector<SeriesRow> rows{
      series_row(analysed("<script>alert(1)</script>&\"q\"", step_values({12}, {1e6})))};
  const std::string html = render({"x<y", rows, "run-011", "t", "edivisive", "time"});
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_NE(html.find("data-benchmark=\"&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;q&quot;\""),
            std::string::npos);
  EXPECT_NE(html.find("href=\"/p/x%3Cy/"
                      "series?benchmark=%3Cscript%3Ealert%281%29%3C%2Fscript%3E%26%22q%22&amp;"
                      "metric=wall_time\""),
            std::string::npos);
  EXPECT_NE(html.find("<h1>x&lt;y</h1>"), std::string::npos);
}

TEST(ProjectPage, WithoutRunsSaysHowToPushOne) {
  const std::string html = render({"empty", {}, "", "", "edivisive", "time"});
  EXPECT_NE(html.find("No runs yet"), std::string::npos);
  EXPECT_EQ(html.find("<table"), std::string::npos);
}

TEST(RegressionsPage, ListsOnlyOpenRegressionsNewestFirst) {
  std::vector<SeriesRow> rows = four_rows();
  // A second regression whose first bad run started later (run 30 of 40).
  rows.push_back(series_row(analysed("later", step_values({30, 10}, {1e6, 2e6}))));
  ASSERT_TRUE(rows.back().open_regression());
  ASSERT_EQ(rows.back().newest_change->first_bad.run_id, "run-030");
  const std::vector<const SeriesRow*> open = open_regressions(rows);
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0]->benchmark, "later");
  EXPECT_EQ(open[1]->benchmark, "gemm/256");

  std::ostringstream out;
  write_regressions_page({"demo", rows, "edivisive", "time"}, out);
  const std::string html = out.str();
  EXPECT_EQ(count_of(html, "<tr class=\"regression\""), 2u);
  EXPECT_LT(html.find("data-benchmark=\"later\""), html.find("data-benchmark=\"gemm/256\""));
  EXPECT_EQ(html.find("data-benchmark=\"faster\""), std::string::npos);
  EXPECT_EQ(html.find("data-benchmark=\"steady\""), std::string::npos);
  EXPECT_NE(html.find("data-run-id=\"run-020\""), std::string::npos);
  EXPECT_NE(html.find("href=\"/p/demo/series?benchmark=later&amp;metric=wall_time\""),
            std::string::npos);
  EXPECT_NE(html.find("href=\"/p/demo/compare?base=run-029&amp;contender=run-030\""),
            std::string::npos);
  EXPECT_NE(html.find("2 regressions at the head of 5 series"), std::string::npos);
}

TEST(RegressionsPage, SaysSoWhenNothingIsOpen) {
  std::ostringstream out;
  write_regressions_page(
      {"demo", {series_row(analysed("steady", step_values({40}, {5e6})))}, "edivisive", "time"},
      out);
  EXPECT_NE(out.str().find("0 regressions at the head of 1 series"), std::string::npos);
  EXPECT_EQ(out.str().find("<tr class=\"regression\""), std::string::npos);
}

}  // namespace
}  // namespace perfgate::dashboard
