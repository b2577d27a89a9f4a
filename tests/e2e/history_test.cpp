// End-to-end tests of `perfgate history`: a real git repository with four
// commits on main and one on a branch, real `perfgate run`s at each (one
// commit measured out of time order, one run where a benchmark fails), the
// real binary reading the series back.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_fixture.hpp"

namespace {

using perfgate::e2e::Cli;
using perfgate::e2e::Result;
using perfgate::e2e::slurp;
using json = nlohmann::json;

// `quick` always succeeds; `flaky` fails every repetition when FAIL=1.
const char* kSuite = R"(
[suite]
name = "hist"
[defaults]
warmup = 0
runs = 3
[[benchmark]]
name = "quick"
shell = "true"
[[benchmark]]
name = "flaky"
shell = "exit ${FAIL:-0}"
)";

class HistoryCli : public Cli {
 protected:
  void run_at(const std::string& commit, const std::string& env = "", int expected_exit = 0) {
    sh("git reset -q --hard " + commit);
    Result r = perfgate("run perfgate.toml --quiet", env);
    ASSERT_EQ(r.exit_code, expected_exit) << r.err;
  }

  // main: c1 <- c2 <- c3 <- c4; feature: c2 <- c5. Runs, in time order: c1,
  // c2 (flaky fails), c4, c3 (measured late), c5 on feature. Ends on main at c4.
  void make_history() {
    write("perfgate.toml", kSuite);
    git_init();
    for (int i = 1; i <= 4; ++i) {
      sh("git commit -q --allow-empty -m c" + std::to_string(i));
      c.push_back(sh("git rev-parse HEAD"));
    }
    run_at(c[0]);
    run_at(c[1], "FAIL=1", 3);
    run_at(c[3]);
    run_at(c[2]);
    sh("git checkout -q -b feature " + c[1] + " && git commit -q --allow-empty -m c5");
    c.push_back(sh("git rev-parse HEAD"));
    run_at(c[4]);
    sh("git checkout -q main && git reset -q --hard " + c[3]);
  }

  json history_json(const std::string& args, const std::string& env = "") {
    Result r = perfgate("history " + args + " --format json", env);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out);
  }

  static std::vector<std::string> commits(const json& h) {
    std::vector<std::string> out;
    for (const auto& p : h["points"]) out.push_back(p["git_commit"]);
    return out;
  }

  std::vector<std::string> c;  // c1..c5, full hashes
};

TEST_F(HistoryCli, PointsFollowGitOrderOfTheBranchNotTheTimeTheyWereMeasured) {
  make_history();
  json main = history_json("quick --branch main");
  EXPECT_EQ(main["benchmark"], "quick");
  EXPECT_EQ(main["metric"], "wall_time");  // the first compared metric of a command
  EXPECT_EQ(main["unit"], "ns");
  EXPECT_EQ(main["order"], "git");
  EXPECT_EQ(commits(main), (std::vector<std::string>{c[0], c[1], c[2], c[3]}));
  for (const auto& p : main["points"]) {
    EXPECT_EQ(p["n"], 3);
    EXPECT_EQ(p["git_branch"], "main");
    EXPECT_GT(p["value"].get<double>(), 0);
  }

  // Without --branch: HEAD's order, and the feature run (whose commit HEAD
  // does not reach) placed by time, i.e. last.
  json all = history_json("quick");
  EXPECT_EQ(all["order"], "git+time");
  EXPECT_EQ(commits(all), (std::vector<std::string>{c[0], c[1], c[2], c[3], c[4]}));

  json last = history_json("quick --branch main --last 2");
  EXPECT_EQ(commits(last), (std::vector<std::string>{c[2], c[3]}));  // not c4, c3 (time)
  EXPECT_EQ(last["filters"]["last"], 2);

  json feature = history_json("quick --branch feature");
  EXPECT_EQ(feature["order"], "git");
  EXPECT_EQ(commits(feature), (std::vector<std::string>{c[4]}));
}

TEST_F(HistoryCli, WithoutARepositoryTheOrderIsTimeAndAFailedRunIsAGap) {
  make_history();
  // GIT_DIR pointing nowhere: git answers as outside any repository.
  json h = history_json("flaky --branch main", "GIT_DIR=/nonexistent");
  EXPECT_EQ(h["order"], "time");
  EXPECT_EQ(commits(h), (std::vector<std::string>{c[0], c[1], c[3], c[2]}));
  const json& gap = h["points"][1];
  EXPECT_TRUE(gap["value"].is_null());
  EXPECT_EQ(gap["n"], 0);
  EXPECT_EQ(gap["failed"], 3);
  EXPECT_EQ(gap["gap"], "all 3 repetitions failed");
  EXPECT_TRUE(h["points"][2]["gap"].is_null());

  // The text view: the sparkline has one character per point, a space for the gap.
  Result text = perfgate("history flaky --branch main");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  const std::size_t first_end = text.out.find('\n');
  EXPECT_NE(text.out.find("flaky wall_time (ns"), std::string::npos) << text.out;
  EXPECT_NE(text.out.substr(0, first_end).find("4 runs (1 without a value); order git"),
            std::string::npos)
      << text.out;
  const std::string spark =
      text.out.substr(first_end + 1, text.out.find('\n', first_end + 1) - first_end - 1);
  // Each block character is 3 bytes of UTF-8: 3 of them and one space.
  EXPECT_EQ(spark.size(), 3u * 3u + 1u) << spark;
  EXPECT_EQ(spark[3], ' ') << spark;
  EXPECT_NE(text.out.find("all 3 repetitions failed"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(c[2].substr(0, 7)), std::string::npos) << text.out;
}

TEST_F(HistoryCli, CsvHasAHeaderAndOneRowPerPoint) {
  make_history();
  Result r = perfgate("history quick --branch main --format csv --metric user_time");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines;
  for (std::size_t at = 0, end; at < r.out.size(); at = end + 1) {
    end = r.out.find('\n', at);
    lines.push_back(r.out.substr(at, end - at));
  }
  ASSERT_EQ(lines.size(), 5u) << r.out;
  EXPECT_EQ(lines[0].rfind("benchmark,metric,unit,order,store_id,run_id,started_at,git_commit,", 0),
            0u)
      << lines[0];
  for (int i = 1; i <= 4; ++i) {
    EXPECT_EQ(lines[i].rfind("quick,user_time,ns,git,", 0), 0u) << lines[i];
    EXPECT_NE(lines[i].find(c[i - 1]), std::string::npos) << lines[i];
  }
}

TEST_F(HistoryCli, UnknownBenchmarkMetricBranchOrMachineIsExit2NamingWhatTheStoreHas) {
  make_history();
  Result bench = perfgate("history quik");
  EXPECT_EQ(bench.exit_code, 2);
  EXPECT_NE(bench.err.find("no benchmark \"quik\" in sqlite:.perfgate/perfgate.db; it has: "
                           "flaky, quick"),
            std::string::npos)
      << bench.err;

  Result metric = perfgate("history quick --metric wall");
  EXPECT_EQ(metric.exit_code, 2);
  EXPECT_NE(metric.err.find("no metric \"wall\" for benchmark \"quick\""), std::string::npos)
      << metric.err;
  EXPECT_NE(metric.err.find("it has: wall_time, user_time, system_time, peak_rss"),
            std::string::npos)
      << metric.err;

  Result branch = perfgate("history quick --branch develop");
  EXPECT_EQ(branch.exit_code, 2);
  EXPECT_NE(branch.err.find("on branch \"develop\"; branches with this benchmark: feature, main"),
            std::string::npos)
      << branch.err;

  Result machine = perfgate("history quick --machine no-such-host");
  EXPECT_EQ(machine.exit_code, 2);
  EXPECT_NE(machine.err.find("machines with this benchmark: "), std::string::npos) << machine.err;

  Result format = perfgate("history quick --format xml");
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_NE(format.err.find("use text, json or csv"), std::string::npos) << format.err;
}

}  // namespace
