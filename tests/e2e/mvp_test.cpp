// End-to-end tests of an MVP and a target (docs/formats.md, "Budgets"): a
// real suite of sleeps, run and compared through the binary. The margins are
// wide so load cannot flip an outcome: `sleep 0.05` never returns before
// 50 ms, so it is always beyond a 20 ms MVP and short of a 10 ms target, and
// only a machine stalled for most of a second would take it past 1 s.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"

namespace {

using perfgate::e2e::Cli;
using perfgate::e2e::Result;

// Relative limits far beyond any noise: only the MVP may fail the gate.
const char* kHeader = R"(
[defaults]
warmup = 0
runs = 4
warning = "100%"
critical = "100%"
[gate]
fail_on = "critical"
)";

const char* kWithinMvp = R"(
[[benchmark]]
name = "load"
shell = "sleep 0.05"
[benchmark.budget]
wall_time = { mvp = "1s", target = "10ms" }
)";

const char* kBeyondMvp = R"(
[[benchmark]]
name = "slow"
shell = "sleep 0.05"
[benchmark.budget]
wall_time = { mvp = "20ms", target = "5ms" }
)";

class Mvp : public Cli {
 protected:
  // Two stored runs of `benchmarks`; the output of the second.
  Result two_runs(const std::string& benchmarks) {
    write("perfgate.toml", kHeader + benchmarks);
    Result first = perfgate("run perfgate.toml --quiet");
    EXPECT_EQ(first.exit_code, 0) << first.err;
    Result second = perfgate("run perfgate.toml --quiet");
    EXPECT_EQ(second.exit_code, 0) << second.err;
    return second;
  }
};

TEST_F(Mvp, WithinTheMvpShortOfTheTargetPassesAndSaysHowFarToGo) {
  Result run = two_runs(kWithinMvp);
  EXPECT_NE(run.out.find("  load wall_time "), std::string::npos) << run.out;
  EXPECT_NE(run.out.find(": within MVP 1.00 s; target 10.0 ms not yet met ("), std::string::npos)
      << run.out;

  Result json = perfgate("compare latest~1 latest --format json");
  EXPECT_EQ(json.exit_code, 0) << json.err;
  auto doc = nlohmann::json::parse(json.out);
  const auto& budget = doc["verdicts"][0]["budget"];
  EXPECT_EQ(budget["stand"], "within_mvp") << budget.dump();
  EXPECT_EQ(budget["mvp"], 1e9);  // in the metric's unit, ns
  EXPECT_EQ(budget["target"], 1e7);
  EXPECT_EQ(budget["zone"], "ok");
  EXPECT_GE(budget["value"].get<double>(), 5e7);
  EXPECT_NE(doc["verdicts"][0]["level"], "over_budget");

  Result text = perfgate("compare latest~1 latest");
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find(": within MVP 1.00 s; target 10.0 ms not yet met ("), std::string::npos)
      << text.out;

  // Markdown lists the stand among the reasons, though the verdict is no news.
  Result show = perfgate("compare latest~1 latest --format markdown");
  EXPECT_NE(show.out.find("- **load** wall\\_time "), std::string::npos) << show.out;
  EXPECT_NE(show.out.find(": within MVP 1.00 s; target 10.0 ms not yet met ("), std::string::npos)
      << show.out;

  // JUnit and HTML carry it too.
  Result junit = perfgate("compare latest~1 latest --format junit");
  EXPECT_NE(junit.out.find("\nmvp: "), std::string::npos) << junit.out;
  EXPECT_NE(junit.out.find(": within MVP 1.00 s; target 10.0 ms not yet met ("), std::string::npos)
      << junit.out;
  Result html = perfgate("compare latest~1 latest --format html");
  EXPECT_NE(html.out.find("load<div class=\"reason\">"), std::string::npos) << html.out;
  EXPECT_NE(html.out.find(": within MVP 1.00 s; target 10.0 ms not yet met ("), std::string::npos);
}

TEST_F(Mvp, BeyondTheMvpIsOverBudgetAndFailsTheCriticalGate) {
  Result run = two_runs(kBeyondMvp);
  EXPECT_NE(run.out.find(": beyond MVP 20.0 ms by "), std::string::npos) << run.out;

  Result r = perfgate("compare latest~1 latest --format json");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["verdicts"][0]["level"], "over_budget");
  EXPECT_EQ(doc["verdicts"][0]["severity"], "critical");
  EXPECT_EQ(doc["verdicts"][0]["budget"]["stand"], "beyond_mvp");
  EXPECT_EQ(doc["verdicts"][0]["budget"]["zone"], "over");
  EXPECT_NE(doc["verdicts"][0]["reason"].get<std::string>().find(
                "is beyond the MVP (at most 2e+07 ns)"),
            std::string::npos)
      << doc["verdicts"][0]["reason"];
  EXPECT_EQ(doc["summary"]["over_budget"], 1);
}

TEST_F(Mvp, ATargetWorseThanTheMvpIsASuiteErrorAtTheTarget) {
  write("perfgate.toml", std::string(kHeader) + R"(
[[benchmark]]
name = "load"
shell = "sleep 0.05"
[benchmark.budget]
wall_time = { mvp = "1s", target = "2s" }
)");
  Result r = perfgate("run perfgate.toml --quiet");
  EXPECT_EQ(r.exit_code, 2);
  // The header starts with a newline: the budget is on line 14.
  EXPECT_NE(r.err.find("perfgate.toml:14:36: the target in the budget on wall_time (\"2s\") is "
                       "worse than its mvp (\"1s\"): lower is better for wall_time"),
            std::string::npos)
      << r.err;
}

}  // namespace
