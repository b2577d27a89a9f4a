#include "dashboard/series_page.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "dashboard/dashboard_testing.hpp"
#include "dashboard/links.hpp"

namespace perfgate::dashboard {
namespace {

using testing::analysed;
using testing::count_of;
using testing::step_values;

std::string render(const SeriesPage& page) {
  std::ostringstream out;
  write_series_page(page, out);
  return out.str();
}

// The chart's data as the page's script reads it: the text of the
// application/json element, parsed.
nlohmann::json chart_data(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"series-data\">";
  const std::size_t from = html.find(open);
  if (from == std::string::npos) return nullptr;
  const std::size_t start = from + open.size();
  return nlohmann::json::parse(html.substr(start, html.find("</script>", start) - start));
}

SeriesPage step_page(const std::string& benchmark = "gemm/256") {
  // 20 runs at 100 ms, then 20 at 130 ms: a critical regression at the head.
  return {"demo", analysed(benchmark, step_values({20, 20}, {100e6, 130e6})), "edivisive", "time"};
}

TEST(SeriesPage, TheFixtureHasOneRegressionAtTheHeadAtRun20) {
  const SeriesChanges s = step_page().changes;
  ASSERT_EQ(s.change_points.size(), 1u);
  EXPECT_EQ(s.change_points[0].point.index, 20u);
  EXPECT_TRUE(s.change_points[0].at_head);
  EXPECT_EQ(s.change_points[0].severity, Severity::critical);
}

TEST(SeriesPage, EmbedsOnePointPerRunWithItsRunCommitAndValue) {
  const SeriesPage page = step_page();
  const std::string html = render(page);
  const nlohmann::json d = chart_data(html);
  ASSERT_TRUE(d.is_object()) << html.substr(0, 2000);
  ASSERT_EQ(d["value"].size(), 40u);
  ASSERT_EQ(d["run_id"].size(), 40u);
  const History& h = page.changes.history;
  for (std::size_t i = 0; i < 40; ++i) {
    EXPECT_EQ(d["run_id"][i], h.points[i].run.run_id);
    EXPECT_EQ(d["commit"][i], h.points[i].run.git_commit);
    EXPECT_EQ(d["branch"][i], "main");
    EXPECT_DOUBLE_EQ(d["value"][i].get<double>(), *h.points[i].value);
    EXPECT_EQ(d["n"][i], 5);
  }
  EXPECT_NE(html.find("data-points=\"40\""), std::string::npos);
  // The axis in ms, as format_value scales 100e6 ns.
  EXPECT_EQ(d["axis_unit"], "ms");
  EXPECT_DOUBLE_EQ(d["axis_factor"].get<double>(), 1e-6);
}

TEST(SeriesPage, MarksTheChangePointAndTheSegmentMedians) {
  const SeriesPage page = step_page();
  const std::string html = render(page);
  const nlohmann::json d = chart_data(html);
  ASSERT_EQ(d["change_points"].size(), 1u);
  EXPECT_EQ(d["change_points"][0]["index"], 20);
  EXPECT_EQ(d["change_points"][0]["run_id"], "run-020");
  EXPECT_EQ(d["change_points"][0]["class"], "critical");
  EXPECT_EQ(d["change_points"][0]["at_head"], true);
  ASSERT_EQ(d["segments"].size(), 2u);
  EXPECT_EQ(d["segments"][0]["from"], 0);
  EXPECT_EQ(d["segments"][0]["to"], 20);
  EXPECT_EQ(d["segments"][1]["from"], 20);
  EXPECT_EQ(d["segments"][1]["to"], 40);
  EXPECT_NEAR(d["segments"][0]["median"].get<double>(), 100e6, 2e6);
  EXPECT_NEAR(d["segments"][1]["median"].get<double>(), 130e6, 2.6e6);
  // The table row, and its link comparing the last good run with the first bad.
  EXPECT_NE(html.find("<tr class=\"change-point\" data-index=\"20\" data-run-id=\"run-020\">"),
            std::string::npos);
  EXPECT_NE(html.find("href=\"/p/demo/compare?base=run-019&amp;contender=run-020\""),
            std::string::npos);
}

TEST(SeriesPage, ListsEveryRunNewestFirstWithTheNewestTwoPreselected) {
  const std::string html = render(step_page());
  EXPECT_EQ(count_of(html, "<tr data-index=\""), 40u);
  EXPECT_LT(html.find("data-run-id=\"run-039\"><td>"), html.find("data-run-id=\"run-000\"><td>"));
  EXPECT_NE(html.find("name=\"base\" value=\"run-038\" aria-label=\"base\" checked"),
            std::string::npos);
  EXPECT_NE(html.find("name=\"contender\" value=\"run-039\" aria-label=\"contender\" checked"),
            std::string::npos);
  EXPECT_EQ(count_of(html, " checked"), 2u);
  // Without JavaScript the form asks the comparison page for the two runs.
  EXPECT_NE(html.find("<form method=\"get\" action=\"/p/demo/compare\""), std::string::npos);
}

TEST(SeriesPage, AGapIsARunWithoutAValueAndSaysWhy) {
  auto values = step_values({20}, {5e6});
  values[7] = std::nullopt;
  const std::string html = render({"demo", analysed("b", values), "edivisive", "time"});
  const nlohmann::json d = chart_data(html);
  ASSERT_EQ(d["value"].size(), 20u);
  EXPECT_TRUE(d["value"][7].is_null());
  EXPECT_NE(d["gap"][7].get<std::string>().find("failed"), std::string::npos) << d["gap"][7];
  EXPECT_NE(html.find("data-points=\"19\""), std::string::npos);
  EXPECT_EQ(count_of(html, "<tr data-index=\""), 20u);
}

TEST(SeriesPage, EveryValueSaysItsMethodAndSampleCount) {
  const std::string html = render(step_page());
  EXPECT_EQ(count_of(html, "median of n=5"), 40u + 40u);  // the table and the tooltips' text
  EXPECT_NE(html.find("Vertical lines: change points (edivisive)"), std::string::npos);
}

TEST(SeriesPage, AHostileBenchmarkNameIsTextEverywhere) {
  const std::string name = "<script>alert(\"x\")</script>&";
  const SeriesPage page = step_page(name);
  const std::string html = render(page);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("</script>&"), std::string::npos);
  EXPECT_NE(
      html.find("<h1>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp; · wall_time</h1>"),
      std::string::npos);
  // The data block reads back the exact name.
  EXPECT_EQ(chart_data(html)["benchmark"], name);
  EXPECT_NE(html.find("\\u003cscript>alert"), std::string::npos);
}

TEST(SeriesPage, LoadsUPlotAndTheDashboardScriptFromTheServerOnly) {
  const std::string html = render(step_page());
  EXPECT_NE(html.find("<script defer src=\"" + asset_url("uPlot.iife.min.js") + "\">"),
            std::string::npos);
  EXPECT_NE(html.find("<script defer src=\"" + asset_url("dashboard.js") + "\">"),
            std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_NE(html.find("default-src 'self'"), std::string::npos);
}

TEST(AxisUnit, ScalesDurationsAndSizesLeavesOtherUnits) {
  EXPECT_EQ(axis_unit(2.5e3, "ns").unit, "µs");
  EXPECT_DOUBLE_EQ(axis_unit(2.5e3, "ns").factor, 1e-3);
  EXPECT_EQ(axis_unit(3 * 1024.0 * 1024, "bytes").unit, "MiB");
  EXPECT_EQ(axis_unit(812, "ns").unit, "ns");
  EXPECT_DOUBLE_EQ(axis_unit(812, "ns").factor, 1);
  EXPECT_EQ(axis_unit(4500, "tok/s").unit, "tok/s");
  EXPECT_EQ(axis_unit(0, "ns").unit, "ns");
}

}  // namespace
}  // namespace perfgate::dashboard
