// perfgate detect over the store, end to end: a real git repository with 30
// commits, a CSV result ingested at each (`perfgate ingest --commit`) with a
// step after the 20th, and the real binary finding it in the store: the
// commits either side, the gate on a regression at the head, --since, a
// series too short to judge, and bad input (exit 2).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_fixture.hpp"

namespace perfgate::e2e {
namespace {

using json = nlohmann::json;

class DetectStore : public Cli {
 protected:
  // Commit i gets: `step` (ms, lower is better) around 100 then 120 from
  // commit 20 on; `tput` (tok/s, higher is better) around 1000 then 1200;
  // `newbie` only at the last 3 commits. Three rows (repetitions) each.
  void make_store() {
    git_init();
    for (int i = 0; i < 30; ++i) {
      sh("git commit -q --allow-empty -m c" + std::to_string(i));
      c.push_back(sh("git rev-parse HEAD"));
      const double wobble = ((i * 7) % 5 - 2) * 0.008;  // fixed, +-1.6 %
      const double step = i < 20 ? 1.0 : 1.2;
      std::string csv = "benchmark,metric,value,unit\n";
      for (int r = 0; r < 3; ++r) {
        csv += "step,time," + std::to_string(100 * (step + wobble)) + ",ms\n";
        csv += "tput,rate," + std::to_string(1000 * (step + wobble)) + ",tok/s\n";
        if (i >= 27) csv += "newbie,time,5,ms\n";
      }
      write("r.csv", csv);
      const Result r = perfgate("ingest r.csv --quiet --commit " + c.back());
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }

  json detect_json(const std::string& args, int expected_exit) {
    const Result r = perfgate("detect " + args + " --format json");
    EXPECT_EQ(r.exit_code, expected_exit) << r.err;
    return json::parse(r.out);
  }

  std::vector<std::string> c;  // the commits, oldest first, full hashes
};

TEST_F(DetectStore, AStepUpInLatencyIsARegressionAtTheHeadThatFailsTheGate) {
  make_store();
  const json doc = detect_json("step", 1);
  EXPECT_EQ(doc["method"], "edivisive");
  ASSERT_EQ(doc["series"].size(), 1u);
  const json& s = doc["series"][0];
  EXPECT_EQ(s["metric"], "time");
  EXPECT_EQ(s["direction"], "lower");
  EXPECT_EQ(s["order"], "git");
  EXPECT_EQ(s["points"], 30);
  ASSERT_EQ(s["change_points"].size(), 1u) << s.dump(1);
  const json& cp = s["change_points"][0];
  EXPECT_EQ(cp["index"], 20);
  EXPECT_EQ(cp["last_good"]["commit"], c[19]);
  EXPECT_EQ(cp["first_bad"]["commit"], c[20]);
  EXPECT_EQ(cp["direction"], "regression");
  EXPECT_EQ(cp["severity"], "critical");  // +20 % against the default 10 % critical limit
  EXPECT_EQ(cp["at_head"], true);
  EXPECT_NEAR(cp["magnitude"].get<double>(), 0.20, 0.01);
  EXPECT_EQ(doc["summary"]["gate"]["failed"], true);

  const Result text = perfgate("detect step");
  EXPECT_EQ(text.exit_code, 1) << text.err;
  EXPECT_NE(text.out.find(c[19].substr(0, 7) + ".." + c[20].substr(0, 7)), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("method edivisive"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("1 series, 1 change point: 1 regression, 0 improvements"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.err.find("gate failed (fail_on = critical): 1 regression at the head: step time"),
            std::string::npos)
      << text.err;
}

TEST_F(DetectStore, AnImprovementPassesAndNonGatingAlwaysExitsZero) {
  make_store();
  const json tput = detect_json("tput", 0);
  ASSERT_EQ(tput["series"][0]["change_points"].size(), 1u);
  const json& cp = tput["series"][0]["change_points"][0];
  EXPECT_EQ(cp["direction"], "improvement");
  EXPECT_EQ(cp["at_head"], false);
  EXPECT_EQ(cp["first_bad"]["commit"], c[20]);

  const json smoke = detect_json("step --non-gating", 0);
  EXPECT_EQ(smoke["series"][0]["change_points"][0]["severity"], "warning");
  EXPECT_EQ(smoke["summary"]["gate"]["failed"], false);

  // A suite's benchmarks, and its [gate] policy.
  write("perfgate.toml",
        "[suite]\nname = \"s\"\n[gate]\nfail_on = \"never\"\n"
        "[[benchmark]]\nname = \"step\"\nshell = \"true\"\n");
  const json suite = detect_json("--suite perfgate.toml", 0);
  ASSERT_EQ(suite["series"].size(), 1u);
  EXPECT_EQ(suite["series"][0]["benchmark"], "step");
  EXPECT_EQ(suite["summary"]["at_head"], 1);
  detect_json("--suite perfgate.toml --fail-on critical", 1);  // the flag wins over the suite
}

TEST_F(DetectStore, EveryBenchmarkByDefaultAndAShortSeriesHasNotEnoughHistory) {
  make_store();
  const Result r = perfgate("detect");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("newbie time: not enough history (3 points, needs 6)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("3 series, 2 change points: 1 regression, 1 improvement; 1 series with "
                       "too little history: newbie time"),
            std::string::npos)
      << r.out;
  // Regressions are listed before improvements.
  EXPECT_LT(r.out.find("regression "), r.out.find("improvement ")) << r.out;

  const json doc = detect_json("newbie", 0);
  EXPECT_EQ(doc["series"][0]["enough_history"], false);
  EXPECT_EQ(doc["series"][0]["values"], 3);
  EXPECT_TRUE(doc["series"][0]["change_points"].empty());
}

TEST_F(DetectStore, SinceLeavesOutChangePointsUpToTheCommit) {
  make_store();
  const json after = detect_json("step --since " + c[25].substr(0, 7), 0);
  EXPECT_TRUE(after["series"][0]["change_points"].empty());
  EXPECT_EQ(after["series"][0]["before_since"], 1);
  EXPECT_EQ(after["since"], c[25].substr(0, 7));

  const json before = detect_json("step --since " + c[19].substr(0, 7), 1);  // the last good run
  EXPECT_EQ(before["series"][0]["change_points"].size(), 1u);

  // Any revision git knows, as git users write them: HEAD~4 is c[25].
  const json rev = detect_json("step --since HEAD~4", 0);
  EXPECT_EQ(rev["series"][0]["before_since"], 1);
  EXPECT_EQ(rev["since"], "HEAD~4");
  sh("git tag v1 " + c[19]);
  EXPECT_EQ(detect_json("step --since v1", 1)["series"][0]["change_points"].size(), 1u);
  const Result norev = perfgate("detect step --since no-such-tag");
  EXPECT_EQ(norev.exit_code, 2);
  EXPECT_NE(norev.err.find("--since no-such-tag: not a commit this repository knows"),
            std::string::npos)
      << norev.err;

  const Result unknown = perfgate("detect step --since 0000000");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--since 0000000: no run of the series analysed is at a commit"),
            std::string::npos)
      << unknown.err;
}

TEST_F(DetectStore, BadInputIsExit2SayingWhatExists) {
  const Result no_store = perfgate("detect");
  EXPECT_EQ(no_store.exit_code, 2);
  EXPECT_NE(no_store.err.find("no store here yet"), std::string::npos) << no_store.err;

  make_store();
  const Result bench = perfgate("detect stpe");
  EXPECT_EQ(bench.exit_code, 2);
  EXPECT_NE(bench.err.find("no benchmark \"stpe\" in sqlite:.perfgate/perfgate.db; it has: "
                           "newbie, step, tput"),
            std::string::npos)
      << bench.err;

  const Result metric = perfgate("detect step --metric rate");
  EXPECT_EQ(metric.exit_code, 2);
  EXPECT_NE(metric.err.find("no metric \"rate\" for benchmark \"step\""), std::string::npos)
      << metric.err;

  const Result branch = perfgate("detect --branch develop");
  EXPECT_EQ(branch.exit_code, 2);
  EXPECT_NE(branch.err.find("on branch \"develop\"; branches with these benchmarks: main"),
            std::string::npos)
      << branch.err;

  write("s.csv", "1\n2\n3\n");
  const Result both = perfgate("detect step --series s.csv");
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("give one or the other"), std::string::npos) << both.err;
}

}  // namespace
}  // namespace perfgate::e2e
