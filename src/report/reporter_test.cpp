#include "report/reporter.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "report/quantity.hpp"
#include "report/report_testing.hpp"

namespace perfgate {
namespace {

std::string render(const std::string& format, const Comparison& c, bool color = false) {
  ReportOptions o;
  o.color = color;
  return testing_support::render(format, c, o);
}

TEST(JsonReport, FollowsTheVerdictContract) {
  auto doc = nlohmann::json::parse(render("json", testing_support::sample_comparison()));
  EXPECT_EQ(doc["schema_version"], 1);
  EXPECT_EQ(doc["base"]["label"], "latest~1");
  ASSERT_EQ(doc["verdicts"].size(), 2u);
  const auto& v = doc["verdicts"][0];
  EXPECT_EQ(v["benchmark"], "matmul|256`<b>");
  EXPECT_EQ(v["metric"], "wall_time");
  EXPECT_EQ(v["unit"], "ns");
  EXPECT_EQ(v["direction"], "lower");
  EXPECT_EQ(v["base"]["n"], 10);
  EXPECT_DOUBLE_EQ(v["base"]["median"].get<double>(), 40e6);
  EXPECT_DOUBLE_EQ(v["change"]["ratio"].get<double>(), 1.25);
  EXPECT_DOUBLE_EQ(v["change"]["ci_low"].get<double>(), 1.21);
  EXPECT_DOUBLE_EQ(v["change"]["ci_high"].get<double>(), 1.29);
  EXPECT_DOUBLE_EQ(v["change"]["p_value"].get<double>(), 0.00018);
  EXPECT_EQ(v["status"], "regression") << "the spine's word, kept for older readers";
  EXPECT_EQ(v["level"], "critical");
  EXPECT_EQ(v["severity"], "critical");
  EXPECT_DOUBLE_EQ(v["change"]["p_adjusted"].get<double>(), 0.00036);
  EXPECT_DOUBLE_EQ(v["limits"]["critical"].get<double>(), 0.10);
  EXPECT_TRUE(v["budget"].is_null());
  EXPECT_EQ(doc["summary"]["regressions"], 1);
  EXPECT_EQ(doc["summary"]["critical"], 1);
  EXPECT_EQ(doc["summary"]["stable"], 1);
  EXPECT_EQ(doc["summary"]["failed"], 0);
  EXPECT_EQ(doc["method"]["resamples"], 10000);
}

TEST(JsonReport, AVerdictWithoutSamplesHasNullChangeAndMedian) {
  Comparison c = testing_support::sample_comparison();
  c.verdicts[0].change.reset();
  c.verdicts[0].contender = testing_support::side(0, 10, std::nullopt);
  c.verdicts[0].status = Status::failed;
  auto doc = nlohmann::json::parse(render("json", c));
  EXPECT_TRUE(doc["verdicts"][0]["change"].is_null());
  EXPECT_TRUE(doc["verdicts"][0]["contender"]["median"].is_null());
  EXPECT_EQ(doc["verdicts"][0]["contender"]["failed"], 10);
}

TEST(MarkdownReport, EscapesNamesSoTheTableCannotBreak) {
  std::string md = render("markdown", testing_support::sample_comparison());
  EXPECT_NE(md.find("matmul\\|256\\`&lt;b&gt;"), std::string::npos) << md;
  EXPECT_EQ(md.find("<b>"), std::string::npos) << md;
}

TEST(MarkdownReport, SummarisesAndFoldsStableRows) {
  std::string md = render("markdown", testing_support::sample_comparison());
  EXPECT_EQ(md.rfind("<!-- perfgate-report -->\n### perfgate: 1 regression (1 critical, 0 warnings), "
                     "0 improvements, 1 stable", 0), 0u) << md;
  auto details = md.find("<details><summary>1 stable</summary>");
  ASSERT_NE(details, std::string::npos) << md;
  EXPECT_GT(md.find("| sort |"), details) << "the stable row belongs inside <details>";
  EXPECT_LT(md.find("matmul"), details) << "the regression belongs above the fold";
  EXPECT_NE(md.find("10000 resamples"), std::string::npos) << "the method is stated";
}

TEST(TextReport, ShowsRowsSummaryReasonAndMethod) {
  std::string t = render("text", testing_support::sample_comparison());
  EXPECT_NE(t.find("+25.0 %"), std::string::npos) << t;
  EXPECT_NE(t.find("40.0 ms"), std::string::npos) << t;
  EXPECT_NE(t.find("10/10"), std::string::npos) << t;
  EXPECT_NE(t.find("1 regression (1 critical, 0 warnings), 0 improvements, 1 stable, 0 inconclusive, 0 failed"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("beyond the 10.0 % critical limit"), std::string::npos) << t;
  EXPECT_NE(t.find("Mann-Whitney"), std::string::npos) << t;
}

TEST(TextReport, ColoursOnlyWhenAsked) {
  EXPECT_EQ(render("text", testing_support::sample_comparison(), false).find('\033'), std::string::npos);
  EXPECT_NE(render("text", testing_support::sample_comparison(), true).find("\033[1;31m"), std::string::npos);
}

TEST(Reporters, UnknownFormatIsRefused) {
  EXPECT_EQ(make_reporter("yaml", {}), nullptr);
}

TEST(Quantity, FormatsByUnit) {
  EXPECT_EQ(format_quantity(23.4e6, "ns"), "23.4 ms");
  EXPECT_EQ(format_quantity(std::nullopt, "ns"), "-");
  EXPECT_EQ(format_quantity(812.0, "MiB/s"), "812 MiB/s");
  EXPECT_EQ(format_change(0.034), "+3.4 %");
  EXPECT_EQ(format_change(-0.0004), "+0.0 %");
  EXPECT_EQ(format_p(0.00001), "<0.0001");
  EXPECT_EQ(format_p(0.0123), "0.012");
  EXPECT_EQ(format_p(0.016), "0.016") << "never rounded onto alpha = 0.02";
  EXPECT_EQ(format_p(0.69), "0.69");
  EXPECT_EQ(format_p(0.0042), "0.0042");
}

}  // namespace
}  // namespace perfgate

namespace perfgate {
namespace {

MvpCheck mvp_check(double value, double mvp, std::optional<double> target, Stand stand) {
  MvpCheck m;
  m.value = value;
  m.mvp = mvp;
  m.target = target;
  m.stand = stand;
  return m;
}

TEST(FormatStand, SaysWhereTheRunStandsAndHowFarToGo) {
  EXPECT_EQ(format_stand(mvp_check(17e9, 60e9, 5e9, Stand::within_mvp), "ns"),
            "17.0 s: within MVP 60.0 s; target 5.00 s not yet met (12.0 s to go)");
  EXPECT_EQ(format_stand(mvp_check(4e9, 60e9, 5e9, Stand::target_met), "ns"),
            "4.00 s: target 5.00 s met (MVP 60.0 s)");
  EXPECT_EQ(format_stand(mvp_check(80e6, 20e6, std::nullopt, Stand::beyond_mvp), "ns"),
            "80.0 ms: beyond MVP 20.0 ms by 60.0 ms");
  EXPECT_EQ(format_stand(mvp_check(25, 10, 40.0, Stand::within_mvp), "tokens/s"),
            "25.0 tokens/s: within MVP 10.0 tokens/s; target 40.0 tokens/s not yet met (15.0 "
            "tokens/s to go)");
}

// The sample comparison with an MVP and target on its second (stable) verdict.
Comparison with_mvp() {
  Comparison c = testing_support::sample_comparison();
  c.verdicts[1].mvp = mvp_check(17e9, 60e9, 5e9, Stand::within_mvp);
  return c;
}

TEST(TextReport, ShowsTheStandOfAStableVerdictWithAnMvp) {
  Comparison c = with_mvp();
  std::string out = render("text", c);
  EXPECT_NE(out.find("  " + c.verdicts[1].benchmark + " " + c.verdicts[1].metric +
                     " 17.0 s: within MVP 60.0 s; target 5.00 s not yet met (12.0 s to go)\n"),
            std::string::npos)
      << out;
  EXPECT_EQ(render("text", testing_support::sample_comparison()).find("MVP"), std::string::npos);
}

TEST(MarkdownReport, ListsTheStandAmongTheReasons) {
  std::string out = render("markdown", with_mvp());
  EXPECT_NE(out.find("17.0 s: within MVP 60.0 s; target 5.00 s not yet met (12.0 s to go)\n"),
            std::string::npos)
      << out;
}

TEST(JsonReport, TheBudgetObjectCarriesMvpTargetAndStand) {
  auto doc = nlohmann::json::parse(render("json", with_mvp()));
  const auto& b = doc["verdicts"][1]["budget"];
  ASSERT_TRUE(b.is_object()) << doc.dump(2);
  EXPECT_EQ(b["stand"], "within_mvp");
  EXPECT_DOUBLE_EQ(b["mvp"].get<double>(), 60e9);
  EXPECT_DOUBLE_EQ(b["target"].get<double>(), 5e9);
  EXPECT_EQ(b["statistic"], "median");
  EXPECT_DOUBLE_EQ(b["value"].get<double>(), 17e9);
  EXPECT_EQ(b["zone"], "ok");
  EXPECT_TRUE(b["max"].is_null());
  // A verdict with a zoned budget too keeps it, and gains the MVP beside it.
  Comparison c = with_mvp();
  c.verdicts[1].budget = BudgetCheck{Budget{"wall_time", 99.0, 100e9, std::nullopt}, "p99", 20e9,
                                     0.2, BudgetZone::ok};
  auto both = nlohmann::json::parse(render("json", c))["verdicts"][1]["budget"];
  EXPECT_EQ(both["statistic"], "p99");
  EXPECT_EQ(both["stand"], "within_mvp");
  EXPECT_TRUE(doc["verdicts"][0]["budget"].is_null());
}

}  // namespace
}  // namespace perfgate
