// compare --history and check --history, end to end: a real git repository
// with 30 commits on main, a CSV result ingested at each, then a pull request
// run on a branch. Three benchmarks: `steady` (0.4 % run-to-run noise) that
// the pull request slows by 3 %, `noisy` (4 % noise) that it leaves alone
// but whose run lands 7 % higher, and `creep` that main itself slowed by
// about 1.2 % per commit over its last 10 commits. One percentage for all
// gets all three wrong; each series' own history gets them right.
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_fixture.hpp"

namespace perfgate::e2e {
namespace {

using json = nlohmann::json;

// Reproducible standard normal deviates (xorshift64*, Box-Muller): test data
// only, so that the series look like real runs without being random per run
// of the test.
class Normal {
 public:
  explicit Normal(std::uint64_t seed) : state_(seed) {}
  double operator()() {
    const double u1 = 1 - uniform(), u2 = uniform();
    return std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  double uniform() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return static_cast<double>((state_ * 2685821657736338717ull) >> 11) * 0x1.0p-53;
  }
  std::uint64_t state_;
};

class CompareHistory : public Cli {
 protected:
  // Five repetitions per run, each within 0.1 % of the run's level.
  std::string rows(const std::string& benchmark, double level) {
    std::string out;
    for (int r = 0; r < 5; ++r)
      out += benchmark + ",time," + std::to_string(level * (1 + 0.001 * normal_())) + ",ms\n";
    return out;
  }

  void make_history() {
    git_init();
    for (int i = 0; i < 30; ++i) {
      sh("git commit -q --allow-empty -m c" + std::to_string(i));
      main_.push_back(sh("git rev-parse HEAD"));
      const double creep = i >= 20 ? std::pow(1.012, i - 19) : 1.0;
      steady_ = 100 * (1 + 0.004 * normal_());
      noisy_ = 100 * (1 + 0.04 * normal_());
      write("r.csv", "benchmark,metric,value,unit\n" + rows("steady", steady_) +
                         rows("noisy", noisy_) +
                         rows("creep", 100 * creep * (1 + 0.004 * normal_())));
      const Result r = perfgate("ingest r.csv --quiet");
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    // The pull request: steady 3 % slower than main's newest run, noisy 7 %
    // slower (well within its noise), creep where main stands.
    sh("git checkout -q -b feature && git commit -q --allow-empty -m pr");
    write("r.csv", "benchmark,metric,value,unit\n" + rows("steady", 1.03 * steady_) +
                       rows("noisy", 1.07 * noisy_) + rows("creep", 100 * std::pow(1.012, 10)));
    const Result r = perfgate("ingest r.csv --quiet");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  json compare_json(const std::string& args, int expected_exit = 0) {
    const Result r = perfgate("compare " + args + " --format json");
    EXPECT_EQ(r.exit_code, expected_exit) << r.err;
    return json::parse(r.out);
  }

  static const json& verdict(const json& doc, const std::string& benchmark) {
    for (const json& v : doc["verdicts"])
      if (v["benchmark"] == benchmark) return v;
    throw std::runtime_error("no verdict for " + benchmark + " in " + doc.dump());
  }

  Normal normal_{20261124};
  double steady_ = 0, noisy_ = 0;  // main's newest levels
  std::vector<std::string> main_;  // main's commits, oldest first
};

TEST_F(CompareHistory, EachBenchmarkIsJudgedByItsOwnNoiseInsteadOfOnePercentage) {
  make_history();
  // One percentage (the suite's default 5 %): the real 3 % slowdown passes as
  // stable, the noisy benchmark's ordinary 7 % swing is a warning.
  const json plain = compare_json("latest~1 latest");
  EXPECT_EQ(verdict(plain, "steady")["level"], "stable");
  EXPECT_EQ(verdict(plain, "noisy")["level"], "warning");
  EXPECT_TRUE(verdict(plain, "steady")["history"].is_null());

  const json doc = compare_json("latest~1 latest --history");
  const json& steady = verdict(doc, "steady");
  EXPECT_EQ(steady["level"], "warning") << steady.dump(1);
  EXPECT_LT(steady["limits"]["warning"].get<double>(), 0.025);
  EXPECT_EQ(steady["history"]["limits_from_history"], true);
  EXPECT_EQ(steady["history"]["branch"], "main");
  EXPECT_EQ(steady["history"]["runs"], 30);
  EXPECT_EQ(steady["history"]["origin"], "this_run");
  EXPECT_NEAR(steady["history"]["noise"].get<double>(), 0.004, 0.002);

  const json& noisy = verdict(doc, "noisy");
  EXPECT_EQ(noisy["level"], "stable") << noisy.dump(1);
  EXPECT_GT(noisy["limits"]["warning"].get<double>(), 0.10);
  EXPECT_TRUE(noisy["history"]["origin"].is_null());

  // The text report says where the limits came from, per benchmark.
  const Result text = perfgate("compare latest~1 latest --history");
  EXPECT_NE(text.out.find("Limits from each series' history (--history)"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("steady time: +"), std::string::npos);
  EXPECT_NE(text.out.find("made by this run"), std::string::npos) << text.out;
}

TEST_F(CompareHistory, ARegressionMainAlreadyHadIsNotThePullRequestsAndDoesNotFailTheGate) {
  make_history();
  // Against a base from before main's creep (latest~11: commit 19), creep is
  // 12 % slower: critical by any percentage, but main's newest runs already
  // stand there.
  const Result plain = perfgate("compare latest~11 latest --fail-on critical");
  EXPECT_EQ(plain.exit_code, 1) << plain.out;

  const json doc = compare_json("latest~11 latest --history --fail-on critical");
  const json& creep = verdict(doc, "creep");
  EXPECT_EQ(creep["level"], "critical") << creep.dump(1);
  EXPECT_EQ(creep["severity"], "warning");
  EXPECT_EQ(creep["history"]["origin"], "history");
  EXPECT_LT(std::abs(creep["history"]["from_level"].get<double>()), 0.02);
  const std::string detail = creep["history"]["detail"];
  EXPECT_NE(detail.find("not this run's doing"), std::string::npos) << detail;
  const bool named = detail.find("drifting") != std::string::npos ||
                     detail.find("the series changed") != std::string::npos;
  EXPECT_TRUE(named) << detail;
  // steady's 3 % is this pull request's: a warning against its own limits.
  EXPECT_EQ(verdict(doc, "steady")["history"]["origin"], "this_run");
  EXPECT_EQ(verdict(doc, "steady")["severity"], "warning");

  const Result r = perfgate("compare latest~11 latest --history --fail-on critical");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.err.find("1 regression already in the history, not this run's: creep time"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("critical (before this run)"), std::string::npos) << r.out;
  // In the pull-request comment it is not red: it does not block the merge.
  const Result md = perfgate("compare latest~11 latest --history --format markdown");
  EXPECT_NE(md.out.find("| 🟠 critical (before this run) |"), std::string::npos) << md.out;
  EXPECT_EQ(md.out.find("🔴"), std::string::npos) << md.out;
}

TEST_F(CompareHistory, CheckAgainstAStaleBaselineFileFindsTheBaselinesCommitInTheHistory) {
  make_history();
  const Result made = perfgate("baseline create --from latest~11 --output base.json --quiet");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  // check's gate fails on critical findings: creep alone would fail it.
  const Result plain = perfgate("check latest --baseline base.json --format json");
  EXPECT_EQ(plain.exit_code, 1);
  const Result r = perfgate("check latest --baseline base.json --history --format json");
  const json doc = json::parse(r.out);
  const json& creep = verdict(doc, "creep");
  EXPECT_EQ(creep["history"]["origin"], "history") << creep.dump(1);
  EXPECT_EQ(creep["severity"], "warning");
  // steady's 3 % is the pull request's: a warning, which check's default
  // gate (critical) lets through, so the job passes and says why.
  EXPECT_EQ(verdict(doc, "steady")["level"], "warning");
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(CompareHistory, BadCombinationsAreExitTwoWithOneLine) {
  make_history();
  const Result both = perfgate("compare latest~1 latest --history --threshold 5%");
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("--threshold 5% and --history"), std::string::npos) << both.err;

  // Result files without a store: there is no history to read.
  sh("cp .perfgate/runs/*.json . && rm -rf .perfgate");
  const std::string file = sh("ls *.json | head -n 1");
  const Result no_store = perfgate("compare " + file + " " + file + " --history");
  EXPECT_EQ(no_store.exit_code, 2);
  EXPECT_NE(no_store.err.find("no store here yet"), std::string::npos) << no_store.err;
  EXPECT_EQ(std::count(no_store.err.begin(), no_store.err.end(), '\n'), 1) << no_store.err;
}

TEST_F(CompareHistory, ABranchWithoutHistoryKeepsTheSuitesLimitsAndSaysSo) {
  make_history();
  const json doc = compare_json("latest~1 latest --history --history-branch nowhere");
  const json& steady = verdict(doc, "steady");
  EXPECT_EQ(steady["history"]["limits_from_history"], false);
  EXPECT_EQ(steady["history"]["note"], "no history: no earlier run on nowhere has a value");
  EXPECT_DOUBLE_EQ(steady["limits"]["warning"].get<double>(), 0.05);

  const json machine = compare_json("latest~1 latest --history --history-machine ffff");
  EXPECT_EQ(verdict(machine, "steady")["history"]["note"],
            "no history: no earlier run on main on machine ffff has a value");
  EXPECT_EQ(verdict(machine, "steady")["history"]["machine"], "ffff");
}

}  // namespace
}  // namespace perfgate::e2e
