#include "report/history.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace perfgate {
namespace {

// Points with these values (nullopt: a gap), oldest first.
History history_of(const std::vector<std::optional<double>>& values) {
  History h;
  h.benchmark = "gemm, \"big\"";
  h.metric = {"wall_time", "ns", Direction::lower_is_better, true};
  h.order = HistoryOrder::git;
  h.order_detail = "git rev-list --topo-order main";
  h.query.branch = "main";
  std::int64_t id = 0;
  std::optional<double> previous;
  for (const auto& v : values) {
    HistoryPoint p;
    p.run.store_id = ++id;
    p.run.run_id = "run" + std::to_string(id);
    p.run.git_commit = "0123456789abcdef";
    p.run.git_branch = "main";
    p.value = v;
    p.n = v ? 5 : 0;
    if (!v) p.gap = "all 5 repetitions failed";
    if (v && previous) p.change = *v / *previous - 1;
    if (v) previous = v;
    h.points.push_back(p);
  }
  return h;
}

TEST(HistoryReport, SparklineSpansTheValuesShownWithASpaceForEachGap) {
  EXPECT_EQ(sparkline(history_of({1, 8, std::nullopt, 4.5, 2})), "▁█ ▅▂");
  EXPECT_EQ(sparkline(history_of({3, 3, 3})), "▄▄▄");
  EXPECT_EQ(sparkline(history_of({std::nullopt})), " ");
  EXPECT_EQ(sparkline(history_of({})), "");
}

TEST(HistoryReport, TextHasTheHeaderTheSparklineAndOneRowPerPoint) {
  std::ostringstream out;
  write_history_text(history_of({2e6, std::nullopt, 2.2e6}), out, false);
  const std::string s = out.str();
  EXPECT_EQ(s.rfind("gemm, \"big\" wall_time (ns, lower is better): 3 runs (1 without a value); "
                    "order git (git rev-list --topo-order main); branch main, machine any\n▁ █\n",
                    0),
            0u)
      << s;
  EXPECT_NE(s.find("2.00 ms"), std::string::npos) << s;
  EXPECT_NE(s.find("2.20 ms"), std::string::npos) << s;
  EXPECT_NE(s.find("+10.0 %"), std::string::npos) << s;
  EXPECT_NE(s.find("all 5 repetitions failed"), std::string::npos) << s;
  EXPECT_NE(s.find("0123456 "), std::string::npos) << s;  // commits shortened to 7
  EXPECT_NE(s.find("median of the run's successful repetitions"), std::string::npos) << s;
}

TEST(HistoryReport, JsonNamesTheSeriesAndGivesNullForAGap) {
  std::ostringstream out;
  write_history_json(history_of({100, std::nullopt, 90}), out);
  auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["benchmark"], "gemm, \"big\"");
  EXPECT_EQ(j["metric"], "wall_time");
  EXPECT_EQ(j["unit"], "ns");
  EXPECT_EQ(j["order"], "git");
  EXPECT_EQ(j["filters"]["branch"], "main");
  EXPECT_TRUE(j["filters"]["machine"].is_null());
  ASSERT_EQ(j["points"].size(), 3u);
  EXPECT_EQ(j["points"][0]["value"], 100.0);
  EXPECT_TRUE(j["points"][0]["change"].is_null());
  EXPECT_TRUE(j["points"][1]["value"].is_null());
  EXPECT_EQ(j["points"][1]["gap"], "all 5 repetitions failed");
  EXPECT_DOUBLE_EQ(j["points"][2]["change"].get<double>(), -0.1);
}

TEST(HistoryReport, CsvQuotesFieldsAndLeavesAbsentNumbersEmpty) {
  std::ostringstream out;
  write_history_csv(history_of({100, std::nullopt}), out);
  std::istringstream lines(out.str());
  std::string header, first, second, extra;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_FALSE(std::getline(lines, extra));
  EXPECT_EQ(header,
            "benchmark,metric,unit,order,store_id,run_id,started_at,git_commit,git_branch,host_id,"
            "value,n,failed,median,mean,stddev,mad,min,max,summary_only,change,gap");
  EXPECT_EQ(first,
            "\"gemm, \"\"big\"\"\",wall_time,ns,git,1,run1,,0123456789abcdef,main,,100,5,0,100,,,,"
            ",,false,,");
  EXPECT_EQ(
      second,
      "\"gemm, \"\"big\"\"\",wall_time,ns,git,2,run2,,0123456789abcdef,main,,,0,0,,,,,,,false,,"
      "all 5 repetitions failed");
}

}  // namespace
}  // namespace perfgate
