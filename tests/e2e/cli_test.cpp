// End-to-end tests of the perfgate command line: real suites, real child
// processes, a real SQLite file, the real binary. Each test works in its own
// temporary folder.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "cli_fixture.hpp"

namespace {

using perfgate::e2e::Cli;
using perfgate::e2e::Result;
using perfgate::e2e::slurp;
namespace fs = std::filesystem;

// Two benchmarks whose time the environment sets: SLOW_A=0.06 makes `a` slower.
const char* kSleepSuite = R"(
[suite]
name = "sleepers"
[defaults]
warmup = 0
runs = 8
threshold = "10%"
[gate]
fail_on_regression = true
[[benchmark]]
name = "a"
shell = "sleep ${SLOW_A:-0.03}"
[[benchmark]]
name = "b"
shell = "sleep 0.03"
)";

TEST_F(Cli, RunStoresTheRunAndWritesASchemaVersionedResultFile) {
  write("perfgate.toml", kSleepSuite);
  Result r = perfgate("run perfgate.toml --output result.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(slurp(dir_ / "result.json"));
  EXPECT_EQ(doc["schema_version"], 1);
  ASSERT_EQ(doc["benchmarks"].size(), 2u);
  EXPECT_EQ(doc["benchmarks"][0]["repetitions"].size(), 8u);
  double wall = doc["benchmarks"][0]["repetitions"][0]["values"]["wall_time"];
  EXPECT_GT(wall, 25e6);  // sleep 0.03 takes at least 30 ms, in ns
  EXPECT_LT(wall, 2e9);
  EXPECT_TRUE(fs::exists(dir_ / ".perfgate/perfgate.db"));

  Result runs = perfgate("runs --format json");
  ASSERT_EQ(runs.exit_code, 0) << runs.err;
  auto list = nlohmann::json::parse(runs.out);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], doc["id"]);
}

TEST_F(Cli, RunWithoutOutputWritesUnderDotPerfgateRuns) {
  write("perfgate.toml", kSleepSuite);
  ASSERT_EQ(perfgate("run perfgate.toml --runs 3").exit_code, 0);
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir_ / ".perfgate/runs"))
    files += e.path().extension() == ".json";
  EXPECT_EQ(files, 1);
}

TEST_F(Cli, CompareFlagsTheSlowerBenchmarkAndOnlyThatOneAndFailsTheGate) {
  write("perfgate.toml", kSleepSuite);
  ASSERT_EQ(perfgate("run perfgate.toml").exit_code, 0);
  ASSERT_EQ(perfgate("run perfgate.toml", "SLOW_A=0.06").exit_code, 0);
  Result r = perfgate("compare latest~1 latest --format json");
  EXPECT_EQ(r.exit_code, 1) << r.err;  // the suite's gate asks to fail on regression
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["verdicts"].size(), 2u);
  EXPECT_EQ(doc["verdicts"][0]["benchmark"], "a");
  EXPECT_EQ(doc["verdicts"][0]["status"], "regression");
  EXPECT_NEAR(doc["verdicts"][0]["change"]["ratio"].get<double>(), 2.0, 0.3);
  EXPECT_NE(doc["verdicts"][1]["status"], "regression");
  EXPECT_EQ(doc["summary"]["regressions"], 1);

  Result text = perfgate("compare latest~1 latest");
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_NE(text.out.find("regression"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("1 regression (1 critical"), std::string::npos) << text.out;

  Result md = perfgate("compare latest~1 latest --format markdown");
  // The first line is the marker CI scripts find their earlier comment by.
  EXPECT_EQ(md.out.rfind("<!-- perfgate-report -->\n### perfgate: 1 regression", 0), 0u) << md.out;
}

TEST_F(Cli, CompareOfTwoResultFilesNeedsNoStore) {
  write("perfgate.toml", kSleepSuite);
  ASSERT_EQ(perfgate("run perfgate.toml --output one.json --store sqlite:s/x.db").exit_code, 0);
  ASSERT_EQ(perfgate("run perfgate.toml --output two.json --store sqlite:s/x.db").exit_code, 0);
  Result r = perfgate("compare one.json two.json --format json");
  EXPECT_NE(r.exit_code, 2) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / ".perfgate/perfgate.db"));
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["base"]["label"], "one.json");
  EXPECT_EQ(doc["summary"]["regressions"], 0);
}

TEST_F(Cli, ABenchmarkThatExitsNonZeroIsFailedNeverASampleAndRunExits3) {
  write("perfgate.toml", R"(
[defaults]
warmup = 0
runs = 3
[[benchmark]]
name = "ok"
shell = "true"
[[benchmark]]
name = "broken"
shell = "exit 3"
)");
  Result r = perfgate("run perfgate.toml --output r.json");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("1 of 2 benchmarks produced no sample"), std::string::npos) << r.err;
  auto doc = nlohmann::json::parse(slurp(dir_ / "r.json"));
  const auto& reps = doc["benchmarks"][1]["repetitions"];
  ASSERT_EQ(reps.size(), 3u);
  for (const auto& rep : reps) {
    EXPECT_EQ(rep["ok"], false);
    EXPECT_EQ(rep["exit_status"], 3);
    EXPECT_TRUE(rep["values"].empty());
  }
  // The run is kept whole, failures included.
  auto runs = nlohmann::json::parse(perfgate("runs --format json").out);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0]["failed_repetitions"], 3);
}

TEST_F(Cli, ATimeOutIsAFailureAndTheRunGoesOn) {
  write("perfgate.toml", R"(
[defaults]
warmup = 0
runs = 2
timeout = "200ms"
[[benchmark]]
name = "hangs"
shell = "sleep 30"
)");
  auto t0 = std::chrono::steady_clock::now();
  Result r = perfgate("run perfgate.toml --output r.json");
  auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_LT(secs, 20.0);
  auto doc = nlohmann::json::parse(slurp(dir_ / "r.json"));
  std::string failure = doc["benchmarks"][0]["repetitions"][0]["failure"];
  EXPECT_NE(failure.find("timed out"), std::string::npos) << failure;
}

// A process is gone when it does not exist or is a zombie waiting for init.
bool process_gone(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;
  auto close = line.rfind(')');
  return close != std::string::npos && line.size() > close + 2 && line[close + 2] == 'Z';
}

TEST_F(Cli, InterruptingARunKillsTheRunningBenchmark) {
  write("perfgate.toml", R"(
[defaults]
warmup = 0
runs = 1
[[benchmark]]
name = "long"
shell = "echo $$ > child.pid; exec sleep 30"
)");
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir(dir_.c_str()) != 0) _exit(99);
    execl(PERFGATE_BIN, PERFGATE_BIN, "run", "perfgate.toml", "--quiet", static_cast<char*>(nullptr));
    _exit(98);
  }
  ASSERT_GT(pid, 0);
  pid_t child = 0;
  for (int i = 0; i < 500 && child == 0; ++i) {  // up to 10 s for the benchmark to start
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::ifstream f(dir_ / "child.pid");
    f >> child;
  }
  ASSERT_GT(child, 0) << "the benchmark never started";
  ASSERT_FALSE(process_gone(child));
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) << "perfgate dies of SIGINT";
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    gone = process_gone(child);
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(gone) << "benchmark " << child << " outlived the interrupted perfgate";
  if (!gone) kill(child, SIGKILL);
}

TEST_F(Cli, MetricsComeFromStdoutAndFromAJsonFile) {
  write("perfgate.toml", R"(
[defaults]
warmup = 0
runs = 3
[[benchmark]]
name = "tokens"
shell = "echo 'speed: 42.5 tok/s'; echo '{\"lat\": {\"p50\": 7}}' > out.json"
[[benchmark.metric]]
name = "speed"
unit = "tokens/s"
direction = "higher"
regex = 'speed: ([0-9.]+)'
[[benchmark.metric]]
name = "p50"
unit = "ms"
direction = "lower"
json = { file = "out.json", pointer = "/lat/p50" }
)");
  Result r = perfgate("run perfgate.toml --output r.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(slurp(dir_ / "r.json"));
  const auto& v = doc["benchmarks"][0]["repetitions"][2]["values"];
  EXPECT_EQ(v["speed"], 42.5);
  EXPECT_EQ(v["p50"], 7);
}

TEST_F(Cli, AMetricPatternThatNeverMatchesFailsTheBenchmarkWithThePatternNamed) {
  write("perfgate.toml", R"(
[defaults]
warmup = 0
runs = 2
[[benchmark]]
name = "quiet"
shell = "echo nothing here"
[[benchmark.metric]]
name = "speed"
unit = "tokens/s"
direction = "higher"
regex = 'speed: ([0-9.]+)'
)");
  Result r = perfgate("run perfgate.toml --output r.json");
  EXPECT_EQ(r.exit_code, 3);
  auto doc = nlohmann::json::parse(slurp(dir_ / "r.json"));
  std::string failure = doc["benchmarks"][0]["repetitions"][0]["failure"];
  EXPECT_NE(failure.find("speed: ([0-9.]+)"), std::string::npos) << failure;
}

TEST_F(Cli, AMalformedSuiteIsExit2WithFileLineAndColumn) {
  write("perfgate.toml", "[[benchmark]]\nname = \"x\"\nruns = \"ten\"\ncommand = [\"true\"]\n");
  Result r = perfgate("run perfgate.toml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("perfgate.toml:3:"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
  EXPECT_FALSE(fs::exists(dir_ / ".perfgate/runs"));
}

TEST_F(Cli, ACommandThatDoesNotExistIsExit2AndNothingIsStored) {
  write("perfgate.toml", "[[benchmark]]\nname = \"x\"\ncommand = [\"./no-such-bench\"]\n");
  Result r = perfgate("run perfgate.toml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("perfgate.toml:1:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no-such-bench"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / ".perfgate"));
}

TEST_F(Cli, ReadingVerbsDoNotCreateAStoreAsASideEffect) {
  Result r = perfgate("runs");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no store here yet"), std::string::npos) << r.err;
  EXPECT_EQ(perfgate("compare latest~1 latest").exit_code, 2);
  EXPECT_FALSE(fs::exists(dir_ / ".perfgate"));
}

TEST_F(Cli, AnEmptySuiteIsExit2) {
  write("perfgate.toml", "[suite]\nname = \"nothing\"\n");
  Result r = perfgate("run perfgate.toml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("perfgate.toml"), std::string::npos) << r.err;
}

TEST_F(Cli, AStoreThatCannotBeWrittenIsExit2BeforeAnythingRuns) {
  write("perfgate.toml", kSleepSuite);
  Result r = perfgate("run perfgate.toml --store sqlite:/etc/passwd/x.db");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/etc/passwd/x.db"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / ".perfgate/runs"));
}

TEST_F(Cli, AResultFileOfAnUnknownSchemaVersionIsRefused) {
  write("perfgate.toml", kSleepSuite);
  ASSERT_EQ(perfgate("run perfgate.toml --runs 3 --output one.json").exit_code, 0);
  auto doc = nlohmann::json::parse(slurp(dir_ / "one.json"));
  doc["schema_version"] = 99;
  write("future.json", doc.dump());
  Result r = perfgate("compare one.json future.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("future.json"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("99"), std::string::npos) << r.err;
}

TEST_F(Cli, MalformedJsonResultFileIsExit2NamingTheFile) {
  write("bad.json", "{\"schema_version\": 1, \"benchmarks\": [");
  write("perfgate.toml", kSleepSuite);
  ASSERT_EQ(perfgate("run perfgate.toml --runs 3 --output one.json").exit_code, 0);
  Result r = perfgate("compare one.json bad.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.json"), std::string::npos) << r.err;
}

TEST_F(Cli, TwoRunsWithNoBenchmarkInCommonIsExit2) {
  write("a.toml", "[defaults]\nruns = 3\nwarmup = 0\n[[benchmark]]\nname = \"x\"\nshell = \"true\"\n");
  write("b.toml", "[defaults]\nruns = 3\nwarmup = 0\n[[benchmark]]\nname = \"y\"\nshell = \"true\"\n");
  ASSERT_EQ(perfgate("run a.toml --output a.json").exit_code, 0);
  ASSERT_EQ(perfgate("run b.toml --output b.json").exit_code, 0);
  Result r = perfgate("compare a.json b.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no benchmark in common"), std::string::npos) << r.err;
}

TEST_F(Cli, AReferenceBeyondTheStoredRunsIsExit2) {
  write("perfgate.toml", kSleepSuite);
  ASSERT_EQ(perfgate("run perfgate.toml --runs 3").exit_code, 0);
  Result r = perfgate("compare latest~5 latest");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("latest~5"), std::string::npos) << r.err;
}

TEST_F(Cli, BadUsageIsExit2) {
  EXPECT_EQ(perfgate("run").exit_code, 2);
  EXPECT_EQ(perfgate("compare a").exit_code, 2);
  EXPECT_EQ(perfgate("frobnicate").exit_code, 2);
  Result r = perfgate("compare a b --format yaml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("yaml"), std::string::npos) << r.err;
  EXPECT_EQ(perfgate("--help").exit_code, 0);
}

TEST_F(Cli, QuickModeRunsFewerRepetitions) {
  write("perfgate.toml", "[suite]\nquick_runs = 4\n[defaults]\nruns = 9\nwarmup = 0\n"
                         "[[benchmark]]\nname = \"x\"\nshell = \"true\"\n");
  ASSERT_EQ(perfgate("run perfgate.toml --quick --output q.json").exit_code, 0);
  auto doc = nlohmann::json::parse(slurp(dir_ / "q.json"));
  EXPECT_EQ(doc["benchmarks"][0]["repetitions"].size(), 4u);
  EXPECT_EQ(doc["quick"], true);
}

}  // namespace
