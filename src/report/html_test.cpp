// The HTML pages: every name escaped, one chart per verdict with a point per
// sample (counted from the path data, not from data-points alone), the empty,
// all-failed and 5,000-benchmark comparisons, and the history chart's gaps
// and highlighted latest run. What a browser draws is checked by
// tests/browser/html_report_test.py.
#include "report/html.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "report/quantity.hpp"
#include "report/report_testing.hpp"

namespace perfgate {
namespace {

using testing_support::many_verdicts;
using testing_support::sample_comparison;

std::string page(const Comparison& c) {
  std::ostringstream out;
  write_comparison_html(c, out);
  return out.str();
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size()))
    ++n;
  return n;
}

// The <svg class="chart"...</svg> elements of a page, in order.
std::vector<std::string> charts(const std::string& html) {
  std::vector<std::string> out;
  for (auto at = html.find("<svg class=\"chart"); at != std::string::npos;
       at = html.find("<svg class=\"chart", at + 1))
    out.push_back(html.substr(at, html.find("</svg>", at) + 6 - at));
  return out;
}

std::string attribute(const std::string& element, const std::string& name) {
  auto at = element.find(" " + name + "=\"");
  if (at == std::string::npos) return "<absent>";
  at += name.size() + 3;
  return element.substr(at, element.find('"', at) - at);
}

// The <path> of `cls` ("series base") inside a chart; "<absent>" if none.
std::string path_element(const std::string& chart, const std::string& cls) {
  auto at = chart.find("<path class=\"" + cls + "\"");
  if (at == std::string::npos) return "<absent>";
  return chart.substr(at, chart.find("/>", at) + 2 - at);
}

// Points of a series, as a browser would count them: "M" commands in its data.
std::size_t points(const std::string& chart, const std::string& cls) {
  std::string d = attribute(path_element(chart, cls), "d");
  return static_cast<std::size_t>(std::count(d.begin(), d.end(), 'M'));
}

TEST(HtmlComparison, IsOneSelfContainedPageWithNoScriptAndNoExternalResource) {
  std::string html = page(sample_comparison());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_EQ(html.substr(html.size() - 8), "</html>\n");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http:"), std::string::npos);
  EXPECT_EQ(html.find("https:"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
}

TEST(HtmlComparison, GivesEveryVerdictAChartWithOnePointPerSampleAndItsMedian) {
  Comparison c = sample_comparison();
  c.verdicts[1].contender_samples.resize(7);  // sides of different sizes
  std::vector<std::string> found = charts(page(c));
  ASSERT_EQ(found.size(), c.verdicts.size());
  for (std::size_t i = 0; i < found.size(); ++i) {
    const Verdict& v = c.verdicts[i];
    const std::string& chart = found[i];
    EXPECT_EQ(attribute(chart, "data-metric"), v.metric);
    EXPECT_EQ(attribute(chart, "data-series"), "2");
    EXPECT_EQ(points(chart, "series base"), v.base_samples.size()) << chart;
    EXPECT_EQ(points(chart, "series contender"), v.contender_samples.size()) << chart;
    EXPECT_EQ(attribute(path_element(chart, "series contender"), "data-points"),
              std::to_string(v.contender_samples.size()));
    EXPECT_EQ(points(chart, "median base"), 1u);
    EXPECT_EQ(points(chart, "median contender"), 1u);
  }
  EXPECT_EQ(attribute(found[0], "data-status"), "critical");
  EXPECT_EQ(attribute(found[1], "data-status"), "stable");
}

TEST(HtmlComparison, PutsChangedRowsBeforeStableOnesAndShowsTheNumbersAndSides) {
  Comparison c = sample_comparison();
  std::swap(c.verdicts[0], c.verdicts[1]);  // the stable row first in the comparison
  std::string html = page(c);
  EXPECT_LT(html.find("data-status=\"critical\""), html.find("data-status=\"stable\""));
  EXPECT_NE(html.find(summary_line(c.summary)), std::string::npos);
  EXPECT_NE(html.find(format_change(0.25)), std::string::npos);
  EXPECT_NE(html.find(format_quantity(50e6, "ns")), std::string::npos);
  EXPECT_NE(html.find(c.base.id), std::string::npos);
  EXPECT_NE(html.find(c.contender.id), std::string::npos);
  EXPECT_NE(html.find("3f2a9c1aaaaa"), std::string::npos);  // the base's commit
  EXPECT_NE(html.find("1 stable"), std::string::npos);
}

TEST(HtmlComparison, EscapesHostileAndLongNamesAndKeepsNonAscii) {
  Comparison c = sample_comparison();
  const std::string long_name(5000, 'x');
  c.verdicts[0].benchmark = "<script>alert('x')</script> & \"quoted\" naïve/日本";
  c.verdicts[1].benchmark = long_name + "<end>";
  c.verdicts[0].reason = "<b>bold</b>";
  c.base.label = "base<i>";
  c.contender.git_branch = "feat/\"q\"&'a'";
  std::string html = page(c);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<b>bold"), std::string::npos);
  EXPECT_EQ(html.find("base<i>"), std::string::npos);
  const std::string escaped =
      "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot; naïve/日本";
  EXPECT_GE(count(html, escaped), 3u);  // the table cell, data-benchmark and the chart's title
  EXPECT_EQ(attribute(charts(html)[0], "data-benchmark"), escaped);
  EXPECT_NE(html.find(long_name + "&lt;end&gt;"), std::string::npos);
  EXPECT_NE(html.find("feat/&quot;q&quot;&amp;&#39;a&#39;"), std::string::npos);
}

TEST(HtmlComparison, WithoutBenchmarksSaysSoAndIsStillAWholePage) {
  Comparison c = sample_comparison();
  c.verdicts.clear();
  c.summary = Summary{};
  std::string html = page(c);
  EXPECT_NE(html.find("No benchmarks"), std::string::npos);
  EXPECT_TRUE(charts(html).empty());
  EXPECT_EQ(html.substr(html.size() - 8), "</html>\n");
}

TEST(HtmlComparison, WhenEveryBenchmarkFailedDrawsTheBaseAndSaysTheContenderHasNoSamples) {
  Comparison c = sample_comparison();
  c.summary = Summary{};
  for (auto& v : c.verdicts) {
    v.status = Status::failed;
    v.severity = Severity::critical;
    v.change.reset();
    v.contender = testing_support::side(0, 10, std::nullopt);
    v.contender_samples.clear();
    v.reason = "all 10 repetitions failed: exit status 1";
    ++c.summary.failed;
  }
  std::string html = page(c);
  std::vector<std::string> found = charts(html);
  ASSERT_EQ(found.size(), 2u);
  for (const auto& chart : found) {
    EXPECT_EQ(attribute(chart, "data-status"), "failed");
    EXPECT_EQ(points(chart, "series base"), 10u);
    EXPECT_EQ(points(chart, "series contender"), 0u);
    EXPECT_EQ(path_element(chart, "median contender"), "<absent>");
    EXPECT_NE(chart.find("no successful samples"), std::string::npos);
  }
  EXPECT_NE(html.find("2 failed"), std::string::npos);
  EXPECT_NE(html.find("all 10 repetitions failed: exit status 1"), std::string::npos);
}

TEST(HtmlComparison, ShowsMeanAndStandardDeviationForRowsJudgedFromSummaries) {
  Comparison c = sample_comparison();
  Verdict& v = c.verdicts[0];
  v.method = Method::summaries;
  v.contender_samples.clear();
  v.contender.mean = 50e6;
  v.contender.stddev = 2e6;
  v.contender.summary_only = true;
  std::string html = page(c);
  std::string chart = charts(html)[0];
  EXPECT_EQ(attribute(chart, "data-method"), "summaries");
  EXPECT_EQ(points(chart, "series base"), 10u);  // the samples side still shows its samples
  EXPECT_EQ(points(chart, "series contender"), 0u);
  EXPECT_EQ(points(chart, "summary contender"), 2u);  // the ± sd bar and the mean
  EXPECT_NE(html.find("mean " + format_quantity(50e6, "ns") + " ± " + format_quantity(2e6, "ns")),
            std::string::npos);
  EXPECT_NE(html.find("summary statistics only: mean ± standard deviation"), std::string::npos);
}

TEST(HtmlComparison, PlacesSamplesOnOneScaleSoTheSlowerSideIsFurtherRight) {
  std::string chart = charts(page(sample_comparison()))[0];  // contender 25 % slower
  auto first_x = [&](const std::string& cls) {
    std::string d = attribute(path_element(chart, cls), "d");
    return std::stod(d.substr(1));
  };
  EXPECT_LT(first_x("median base"), first_x("median contender"));
  EXPECT_LT(first_x("series base"), first_x("series contender"));
}

// 5,000 verdicts with 10 samples a side. 10 MB is what a browser opens from
// disk in well under a second and what a CI artifact upload takes without
// complaint; one verdict costs about 1.3 KB, so the limit also catches a
// per-point markup blow-up (one element per sample would be about 3x).
TEST(HtmlComparison, FiveThousandVerdictsStayUnderTenMegabytesWithAConstantElementCountPerChart) {
  Comparison c = many_verdicts(5000);
  std::string html = page(c);
  EXPECT_LT(html.size(), 10u * 1000 * 1000);
  std::vector<std::string> found = charts(html);
  ASSERT_EQ(found.size(), 5000u);
  for (const auto& chart : {found.front(), found.back()}) {
    EXPECT_EQ(count(chart, "<path"), 5u);  // axis, two series, two medians
    EXPECT_EQ(points(chart, "series base"), 10u);
  }
  // The thousands of stable rows start folded, so the browser does not lay them out.
  EXPECT_NE(html.find("<details class=\"stable\"><summary>" + std::to_string(c.summary.stable) +
                      " stable</summary>"),
            std::string::npos);
}

TEST(HtmlComparison, AFewStableRowsStartUnfolded) {
  EXPECT_NE(page(sample_comparison()).find("<details class=\"stable\" open>"), std::string::npos);
}

TEST(HtmlComparison, IsWhatTheHtmlFormatOfTheRegistryWrites) {
  Comparison c = sample_comparison();
  EXPECT_EQ(testing_support::render("html", c), page(c));
}

TEST(HtmlComparison, LinksTheNavigationItIsGiven) {
  std::ostringstream out;
  write_comparison_html(sample_comparison(), out, {{"history.html", "history of \"s\""}});
  EXPECT_NE(out.str().find("<nav><a href=\"history.html\">history of &quot;s&quot;</a></nav>"),
            std::string::npos);
}

// --- history ---

perfgate::Run run_with(const std::string& id,
                       const std::vector<std::pair<std::string, std::vector<double>>>& benchmarks) {
  perfgate::Run r;
  r.id = id;
  r.suite_name = "demo";
  r.started_at = "2026-11-2" + id.substr(id.size() - 1) + "T10:00:00Z";
  r.environment.git.commit = "abcdef0123456789";
  for (const auto& [name, values] : benchmarks) {
    BenchmarkResult b;
    b.name = name;
    b.metrics = {MetricInfo{"wall_time", "ns", Direction::lower_is_better, true},
                 MetricInfo{"peak_rss", "bytes", Direction::lower_is_better, false}};
    for (std::size_t i = 0; i < values.size(); ++i) {
      Repetition rep;
      rep.index = static_cast<int>(i);
      rep.values = {{"wall_time", values[i]}, {"peak_rss", 4e6}};
      b.repetitions.push_back(rep);
    }
    r.benchmarks.push_back(b);
  }
  return r;
}

std::string history_page(const std::vector<perfgate::Run>& runs, std::size_t* series = nullptr) {
  std::ostringstream out;
  std::size_t n = write_history_html(runs, out);
  if (series) *series = n;
  return out.str();
}

std::string chart_of(const std::string& html, const std::string& benchmark) {
  for (const auto& c : charts(html))
    if (attribute(c, "data-benchmark") == benchmark) return c;
  return "<absent>";
}

TEST(HtmlHistory, DrawsAPointPerRunWithAGapWhereARunLacksTheBenchmarkAndHighlightsTheLatest) {
  std::vector<perfgate::Run> runs = {
      run_with("r1", {{"a", {10, 11, 12}}, {"b", {5, 5}}, {"old", {1}}}),
      run_with("r2", {{"a", {11, 12, 13}}}), run_with("r3", {{"a", {12, 13, 14}}, {"b", {6, 7}}})};
  std::size_t series = 0;
  std::string html = history_page(runs, &series);
  EXPECT_EQ(series, 3u);  // a, b, old; wall_time only: peak_rss is not judged
  EXPECT_EQ(charts(html).size(), 3u);

  std::string a = chart_of(html, "a"), b = chart_of(html, "b"), old = chart_of(html, "old");
  EXPECT_EQ(points(a, "series runs"), 3u);
  EXPECT_EQ(points(a, "line"), 1u);  // one unbroken line
  EXPECT_EQ(points(b, "series runs"), 2u);
  EXPECT_EQ(points(b, "line"), 2u);  // broken at r2
  EXPECT_EQ(points(old, "series runs"), 1u);

  EXPECT_EQ(count(a, "class=\"latest\""), 1u);
  EXPECT_EQ(attribute(path_element(a, "latest"), "data-run"), "r3");
  EXPECT_EQ(count(b, "class=\"latest\""), 1u);
  EXPECT_EQ(count(old, "class=\"latest\""), 0u);  // not in the latest run: nothing to highlight
  EXPECT_NE(html.find("no value in the latest run"), std::string::npos);
  // The latest point is the rightmost marker.
  std::string marks = attribute(path_element(a, "series runs"), "d");
  std::string latest = attribute(path_element(a, "latest"), "d");
  EXPECT_EQ(marks.substr(marks.rfind('M')), latest);
}

TEST(HtmlHistory, PlotsTheMedianOfEachRunAndNamesTheRunInItsTooltip) {
  std::vector<perfgate::Run> runs = {run_with("r1", {{"a", {1000, 2000, 900000}}}),
                                     run_with("r2", {{"a", {3000}}})};
  std::string a = chart_of(history_page(runs), "a");
  EXPECT_NE(a.find("#1 r1, commit abcdef0, 2026-11-21T10:00:00Z: median " +
                   format_quantity(2000, "ns") + " (n = 3)"),
            std::string::npos)
      << a;
  EXPECT_NE(a.find("latest " + format_quantity(3000, "ns")), std::string::npos);
}

TEST(HtmlHistory, LeavesOutFailedRepetitionsAndEscapesNames) {
  perfgate::Run r = run_with("r1", {{"<a&b>", {10, 20}}});
  Repetition failed;
  failed.ok = false;
  failed.failure = "exit 1";
  r.benchmarks[0].repetitions.push_back(failed);
  std::string html = history_page({r});
  EXPECT_EQ(html.find("<a&b>"), std::string::npos);
  std::string chart = chart_of(html, "&lt;a&amp;b&gt;");
  EXPECT_EQ(points(chart, "series runs"), 1u);
  EXPECT_NE(chart.find("(n = 2)"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">1</td></tr>"), std::string::npos);  // 1 failed repetition
}

TEST(HtmlHistory, WithoutRunsSaysSo) {
  std::size_t series = 7;
  std::string html = history_page({}, &series);
  EXPECT_EQ(series, 0u);
  EXPECT_NE(html.find("No runs."), std::string::npos);
  EXPECT_TRUE(charts(html).empty());
}

}  // namespace
}  // namespace perfgate
