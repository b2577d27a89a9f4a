// End-to-end tests of `perfgate baseline` and `perfgate check`: real runs of a
// small sleep-based suite, a real store, the real binary.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli_fixture.hpp"

namespace {

using perfgate::e2e::Cli;
using perfgate::e2e::Result;
using perfgate::e2e::slurp;
using json = nlohmann::json;
namespace fs = std::filesystem;

class BaselineCli : public Cli {
 protected:
  json read_json(const std::string& name) { return json::parse(slurp(dir_ / name)); }
  void write_json(const std::string& name, const json& doc) { write(name, doc.dump(2)); }

  // Runs the suite `times` times (each run stored), with extra environment `env`.
  void run_suite(int times, const std::string& env = "", const std::string& flags = "") {
    for (int i = 0; i < times; ++i) {
      Result r = perfgate("run perfgate.toml --quiet " + flags, env);
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }
};

// Two benchmarks of 30 ms; SLOW_A=0.06 makes `a` twice as slow. No [gate]:
// check's own default (fail on critical) applies.
const char* kSuite = R"(
[suite]
name = "sleepers"
[defaults]
warmup = 0
runs = 8
threshold = "10%"
[[benchmark]]
name = "a"
shell = "sleep ${SLOW_A:-0.03}"
[[benchmark]]
name = "b"
shell = "sleep 0.03"
)";

TEST_F(BaselineCli, CheckPassesAnUnchangedRunAndFailsOneWithABenchmarkTwiceAsSlow) {
  write("perfgate.toml", kSuite);
  run_suite(3);
  Result created = perfgate("baseline create --from latest~2 --from latest~1 --from latest");
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_NE(created.out.find("suggested"), std::string::npos) << created.out;
  json b = read_json("perfgate-baseline.json");
  EXPECT_EQ(b["kind"], "perfgate-baseline");
  EXPECT_EQ(b["schema_version"], 1);
  EXPECT_EQ(b["suite"]["name"], "sleepers");
  EXPECT_EQ(b["runs"].size(), 3u);
  ASSERT_EQ(b["benchmarks"].size(), 2u);
  const json& wall = b["benchmarks"][0]["metrics"][0];
  EXPECT_EQ(wall["name"], "wall_time");
  EXPECT_EQ(wall["n"], 24);  // 3 runs x 8
  EXPECT_EQ(wall["samples"].size(), 24u);
  EXPECT_GT(wall["median"].get<double>(), 25e6);
  EXPECT_GE(wall["suggested_threshold"].get<double>(), 0.01);
  EXPECT_EQ(b["history"][0]["action"], "create");

  run_suite(1);
  Result same = perfgate("check --baseline perfgate-baseline.json");
  EXPECT_EQ(same.exit_code, 0) << same.out << same.err;
  EXPECT_NE(same.out.find("perfgate-baseline.json"), std::string::npos) << same.out;

  run_suite(1, "SLOW_A=0.06");
  Result slow = perfgate("check latest --baseline perfgate-baseline.json --format json");
  EXPECT_EQ(slow.exit_code, 1) << slow.err;
  json doc = json::parse(slow.out);
  ASSERT_EQ(doc["verdicts"].size(), 2u);
  EXPECT_EQ(doc["base"]["label"], "perfgate-baseline.json");
  EXPECT_EQ(doc["verdicts"][0]["benchmark"], "a");
  EXPECT_EQ(doc["verdicts"][0]["level"], "critical");
  EXPECT_EQ(doc["verdicts"][0]["base"]["n"], 24);
  // Twice the sleep, plus the same few ms of shell start-up on both sides: well
  // beyond the 20 % critical limit, a little under 2 on a loaded machine.
  const double ratio = doc["verdicts"][0]["change"]["ratio"];
  EXPECT_GT(ratio, 1.4);
  EXPECT_LT(ratio, 2.5);
  EXPECT_NE(doc["verdicts"][1]["level"], "critical");

  // The same verdicts written to a file, and a flag that overrides the gate.
  Result md = perfgate("check --format markdown --output report.md --fail-on never");
  EXPECT_EQ(md.exit_code, 0) << md.err;
  EXPECT_NE(slurp(dir_ / "report.md").find("critical"), std::string::npos);
}

TEST_F(BaselineCli, CheckRespectsASuiteThatSaysFailOnNever) {
  // Only an unset policy takes check's default (critical); an explicit
  // "never" in the suite is the team's decision and must be kept.
  write("perfgate.toml", std::string(kSuite) + "[gate]\nfail_on = \"never\"\n");
  run_suite(3);
  ASSERT_EQ(perfgate("baseline create --last 3").exit_code, 0);
  run_suite(1, "SLOW_A=0.06");
  Result r = perfgate("check --baseline perfgate-baseline.json --format json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["verdicts"][0]["level"], "critical") << "still reported";
  EXPECT_NE(r.err.find("no gate (fail_on = never)"), std::string::npos) << r.err;
}

TEST_F(BaselineCli, UpdateNeedsAReasonAndAppendsItToTheHistory) {
  write("perfgate.toml", kSuite);
  run_suite(2, "", "--runs 3");
  ASSERT_EQ(perfgate("baseline create --last 2").exit_code, 0);
  const std::string before = slurp(dir_ / "perfgate-baseline.json");

  run_suite(1, "", "--runs 3");
  Result no_reason = perfgate("baseline update --last 1");
  EXPECT_EQ(no_reason.exit_code, 2) << no_reason.err;
  EXPECT_NE(no_reason.err.find("--reason"), std::string::npos) << no_reason.err;
  EXPECT_NE(no_reason.err.find("hide a regression"), std::string::npos) << no_reason.err;
  EXPECT_EQ(slurp(dir_ / "perfgate-baseline.json"), before);
  EXPECT_EQ(perfgate("baseline update --last 1 --reason '   '").exit_code, 2);

  Result updated = perfgate("baseline update --last 1 --reason 'moved to a faster runner'");
  ASSERT_EQ(updated.exit_code, 0) << updated.err;
  json b = read_json("perfgate-baseline.json");
  ASSERT_EQ(b["history"].size(), 2u);
  EXPECT_EQ(b["history"][1]["action"], "update");
  EXPECT_EQ(b["history"][1]["reason"], "moved to a faster runner");
  EXPECT_EQ(b["history"][1]["runs"].size(), 1u);
  EXPECT_EQ(b["runs"].size(), 1u);
  EXPECT_EQ(b["benchmarks"][0]["metrics"][0]["n"], 3);

  Result show = perfgate("baseline show");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("suite:     sleepers"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("update from 1 runs: moved to a faster runner"), std::string::npos)
      << show.out;
}

TEST_F(BaselineCli, ABaselineFromAnotherPlatformIsRefusedAnotherCpuOnlyWarned) {
  write("perfgate.toml", kSuite);
  run_suite(2, "", "--runs 5");
  ASSERT_EQ(perfgate("baseline create --last 2 --output ci/base.json").exit_code, 0);
  json b = read_json("ci/base.json");
  const std::string here = b["platform"];

  json other_cpu = b;
  other_cpu["environment"]["cpu_model"] = "Imaginary CPU 9000";
  write_json("other_cpu.json", other_cpu);
  Result warned = perfgate("check --baseline other_cpu.json");
  EXPECT_NE(warned.exit_code, 2) << warned.err;
  EXPECT_NE(warned.err.find("warning: the baseline was measured on \"Imaginary CPU 9000\""),
            std::string::npos)
      << warned.err;

  json other_platform = b;
  other_platform["platform"] = "linux-riscv64";
  write_json("other_platform.json", other_platform);
  Result refused = perfgate("check --baseline other_platform.json");
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("linux-riscv64"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find(here), std::string::npos) << refused.err;
}

TEST_F(BaselineCli, CreateRefusesRunsOfDifferentSuitesAndAnExistingFile) {
  write("perfgate.toml", kSuite);
  write("other.toml", "[[benchmark]]\nname = \"x\"\nshell = \"true\"\n");
  run_suite(1, "", "--runs 3");
  ASSERT_EQ(perfgate("run other.toml --runs 3 --quiet").exit_code, 0);
  Result mixed = perfgate("baseline create --from latest~1 --from latest");
  EXPECT_EQ(mixed.exit_code, 2) << mixed.err;
  EXPECT_NE(mixed.err.find("different suites"), std::string::npos) << mixed.err;
  EXPECT_FALSE(fs::exists(dir_ / "perfgate-baseline.json"));

  Result none = perfgate("baseline create");
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("--from REF"), std::string::npos) << none.err;

  ASSERT_EQ(perfgate("baseline create --from latest").exit_code, 0);
  Result again = perfgate("baseline create --from latest");
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("baseline update"), std::string::npos) << again.err;
  EXPECT_EQ(perfgate("baseline create --from latest --force").exit_code, 0);
}

TEST_F(BaselineCli, CreateCanRunTheSuiteItselfAndKeepsEveryRun) {
  write("perfgate.toml", R"(
[suite]
name = "quick"
[defaults]
warmup = 0
runs = 3
[[benchmark]]
name = "t"
shell = "true"
)");
  Result r = perfgate("baseline create --suite perfgate.toml --repeat 2 --output b.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_json("b.json")["runs"].size(), 2u);
  EXPECT_EQ(json::parse(perfgate("runs --format json").out).size(), 2u);
}

TEST_F(BaselineCli, ADamagedBaselineNamesTheFileAndThePlace) {
  write("perfgate.toml", kSuite);
  run_suite(1, "", "--runs 3");
  ASSERT_EQ(perfgate("baseline create --from latest").exit_code, 0);
  json b = read_json("perfgate-baseline.json");
  b["benchmarks"][1]["metrics"][0].erase("unit");
  write_json("perfgate-baseline.json", b);
  Result r = perfgate("check");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("perfgate-baseline.json: benchmarks[1].metrics[0]: missing required field "
                       "\"unit\""),
            std::string::npos)
      << r.err;
}

}  // namespace
